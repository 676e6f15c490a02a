package io.datasync.quality.anomaly;

import java.time.Instant;
import java.util.Objects;

/**
 * One observation of a metric: the value a job run produced and the time of that run.
 *
 * @param at    time of the run (never {@code null})
 * @param value the metric value; must be finite (NaN and infinities are rejected, map "no value"
 *              to "no point" before calling the detector)
 */
public record Point(Instant at, double value) {

    public Point {
        Objects.requireNonNull(at, "at");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value must be finite, got " + value + " at " + at);
        }
    }
}
