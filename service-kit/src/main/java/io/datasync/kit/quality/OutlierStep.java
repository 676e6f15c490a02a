package io.datasync.kit.quality;

import io.datasync.kit.quality.CleansingStep.OutlierMethod;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * An {@code outliers} step: flags values far from the run's others, judged against everything the session has seen so
 * far (a chunk alone is too small a sample and would flag differently depending on how the rows were split).
 *
 * <ul>
 *   <li>{@code zscore}: the session's running mean and sample standard deviation (Welford's algorithm, exact and
 *       stable in one pass) are first updated with the chunk's values, then each value further than {@code threshold}
 *       standard deviations from the mean is an outlier.
 *   <li>{@code iqr}: the first and third quartiles (linear interpolation) of the chunk's values together with a
 *       uniform sample of up to {@value #RESERVOIR} earlier values of the session (reservoir sampling, so memory stays
 *       bounded on any run); a value below {@code Q1 - threshold × IQR} or above {@code Q3 + threshold × IQR} is an
 *       outlier.
 * </ul>
 *
 * <p>Either way nothing is judged until at least {@value #MIN_VALUES} values were seen: with fewer, spread and
 * quartiles mean little. Values judged count as evaluated; those before that point, nulls and non-finite values do
 * not. The statistics are not rolled back when a chunk fails after this step: they describe values that were read.
 */
final class OutlierStep implements Chunk.Step {

    static final int MIN_VALUES = 30;
    static final int RESERVOIR = 10_000;

    private final int slot;
    private final Chunk.Tallied tallied;
    private final int column;
    private final OutlierMethod method;
    private final double threshold;

    // zscore: Welford's running moments
    private long count;
    private double mean;
    private double squares;

    // iqr: a uniform sample of the session's earlier values
    private final double[] reservoir;
    private int filled;
    private long offered;
    private final SplittableRandom random = new SplittableRandom(0x0DD5EEDL);

    OutlierStep(int slot, Chunk.Tallied tallied, int column, OutlierMethod method, double threshold) {
        this.slot = slot;
        this.tallied = tallied;
        this.column = column;
        this.method = method;
        this.threshold = threshold;
        this.reservoir = method == OutlierMethod.IQR ? new double[RESERVOIR] : null;
    }

    @Override
    public void apply(Chunk chunk) {
        int[] rows = new int[chunk.size];
        double[] values = new double[chunk.size];
        int n = 0;
        for (int i = 0; i < chunk.size; i++) {
            if (chunk.live(i) && chunk.rows[i][column] instanceof Number number) {
                double value = number.doubleValue();
                if (Double.isFinite(value)) {
                    rows[n] = i;
                    values[n++] = value;
                }
            }
        }
        if (n == 0) {
            return;
        }
        if (method == OutlierMethod.ZSCORE) {
            zscore(chunk, rows, values, n);
        } else {
            iqr(chunk, rows, values, n);
        }
    }

    private void zscore(Chunk chunk, int[] rows, double[] values, int n) {
        long seen;
        double mu;
        double sd;
        synchronized (this) {
            for (int k = 0; k < n; k++) {
                count++;
                double delta = values[k] - mean;
                mean += delta / count;
                squares += delta * (values[k] - mean);
            }
            seen = count;
            mu = mean;
            sd = count > 1 ? Math.sqrt(squares / (count - 1)) : 0;
        }
        if (seen < MIN_VALUES) {
            return;
        }
        chunk.evaluated[slot] += n;
        if (sd == 0) {
            return;
        }
        for (int k = 0; k < n; k++) {
            double z = Math.abs(values[k] - mu) / sd;
            if (z > threshold) {
                chunk.violate(
                        rows[k],
                        slot,
                        tallied.violation(brief(values[k]) + " is " + brief(z) + " standard deviations from the mean "
                                + brief(mu) + " (threshold " + brief(threshold) + ")"));
            }
        }
    }

    private void iqr(Chunk chunk, int[] rows, double[] values, int n) {
        double[] sample;
        synchronized (this) {
            sample = Arrays.copyOf(reservoir, filled + n);
            System.arraycopy(values, 0, sample, filled, n);
            for (int k = 0; k < n; k++) {
                offered++;
                if (filled < RESERVOIR) {
                    reservoir[filled++] = values[k];
                } else {
                    long slotIndex = random.nextLong(offered);
                    if (slotIndex < RESERVOIR) {
                        reservoir[(int) slotIndex] = values[k];
                    }
                }
            }
        }
        if (sample.length < MIN_VALUES) {
            return;
        }
        Arrays.sort(sample);
        double q1 = quantile(sample, 0.25);
        double q3 = quantile(sample, 0.75);
        double low = q1 - threshold * (q3 - q1);
        double high = q3 + threshold * (q3 - q1);
        chunk.evaluated[slot] += n;
        for (int k = 0; k < n; k++) {
            if (values[k] < low || values[k] > high) {
                chunk.violate(
                        rows[k],
                        slot,
                        tallied.violation(brief(values[k]) + " is outside [" + brief(low) + ", " + brief(high) + "], "
                                + brief(threshold) + " interquartile ranges beyond the quartiles"));
            }
        }
    }

    /** The p-quantile of sorted values, interpolating linearly between the two nearest. */
    static double quantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int below = (int) Math.floor(h);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
    }

    private static String brief(double value) {
        return BigDecimal.valueOf(value)
                .round(new MathContext(6))
                .stripTrailingZeros()
                .toPlainString();
    }
}
