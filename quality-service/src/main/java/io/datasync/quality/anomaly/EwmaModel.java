package io.datasync.quality.anomaly;

/**
 * Exponentially weighted mean and variance of one-step-ahead errors.
 *
 * <p>With {@code d = x - mean} (error of the mean <em>before</em> seeing x):
 * {@code mean += alpha·d} and {@code var = (1-alpha)·var + alpha·d²}. The variance is therefore the EWMA of the
 * squared one-step forecast errors, which is exactly the spread a z-score of a new point against the current mean
 * should be measured with. Because the variance accumulator starts at 0 it is bias-corrected by the total weight
 * accumulated so far ({@code 1 - (1-alpha)^n}), like Adam's moment estimates, so early estimates are not too small.
 */
final class EwmaModel {

    private final double alpha;
    private long count;
    private double mean = Double.NaN;
    private double varianceAccumulator;
    private double weightAccumulator;

    EwmaModel(double alpha) {
        this.alpha = alpha;
    }

    long count() {
        return count;
    }

    /** Current mean, {@code NaN} before the first update. */
    double mean() {
        return mean;
    }

    /** Bias-corrected standard deviation of one-step errors; {@code NaN} with fewer than two updates. */
    double standardDeviation() {
        return weightAccumulator > 0 ? Math.sqrt(varianceAccumulator / weightAccumulator) : Double.NaN;
    }

    void update(double x) {
        if (count == 0) {
            mean = x;
        } else {
            double d = x - mean;
            varianceAccumulator = (1 - alpha) * varianceAccumulator + alpha * d * d;
            weightAccumulator = (1 - alpha) * weightAccumulator + alpha;
            mean += alpha * d;
        }
        count++;
    }

    /** Level shift accepted: move the mean, keep the noise estimate. */
    void resetMean(double newMean) {
        mean = newMean;
    }

    /** Level shift accepted, proportional form: mean × ratio, standard deviation × ratio. */
    void rescale(double ratio) {
        mean *= ratio;
        varianceAccumulator *= ratio * ratio;
    }
}
