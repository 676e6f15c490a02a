package io.datasync.quality.anomaly;

import java.time.Instant;

/**
 * Outcome of judging one point against its past.
 *
 * @param at        time of the judged point
 * @param observed  the judged value
 * @param expected  what the deciding model expected; {@code NaN} only when there was no history at all
 * @param deviation signed relative deviation {@code (observed - expected) / |expected|}; {@code 0} when both are
 *                  equal, {@code ±Infinity} when {@code expected == 0} and {@code observed != 0}, {@code NaN} when
 *                  {@code expected} is {@code NaN}
 * @param score     signed statistical score: the EWMA z-score, or the Holt-Winters residual divided by its robust
 *                  scale (both already use the scale floors); {@code NaN} when it cannot be computed (warm-up
 *                  with fewer than two points)
 * @param threshold the |score| above which the point is statistically unusual for {@code method}
 *                  ({@code NaN} during warm-up)
 * @param method    the model that decided
 * @param anomalous {@code true} when the point is statistically unusual ({@code |score| > threshold}) <em>and</em>
 *                  the change is material (minimum relative and absolute change); never true during warm-up
 */
public record Verdict(
        Instant at,
        double observed,
        double expected,
        double deviation,
        double score,
        double threshold,
        Method method,
        boolean anomalous) {

    /** Absolute difference {@code observed - expected}. */
    public double difference() {
        return observed - expected;
    }
}
