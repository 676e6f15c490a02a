package io.datasync.quality.anomaly;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Additive Holt-Winters (level + trend + season) with a bounded window of one-step residuals.
 *
 * <p>Initialisation (classical decomposition over the first {@code n >= 2} full seasons): trend = difference of the
 * first and last season means divided by the distance between them, seasonal index j = average over the seasons of
 * the de-trended deviation from the season mean (then centred to sum to 0), level = the trend line's value at the
 * last point of the initialisation window.
 * The residual window is seeded with leave-one-season-out residuals (see {@link #initialise}); genuine one-step
 * residuals then push them out of the window.
 *
 * <p>Recursion for observation x at position t (season slot j = t mod m):
 * <pre>
 *   forecast = L + T + S[j]
 *   L' = α(x − S[j]) + (1−α)(L + T)
 *   T' = β(L' − L) + (1−β)T
 *   S[j] = γ(x − L') + (1−γ)S[j]
 * </pre>
 * Feeding the forecast itself as x leaves the level on its trend line and the season unchanged, which is how an
 * anomalous point is skipped without stopping the clock.
 */
final class HoltWintersModel {

    private static final double MAD_TO_SIGMA = 1.4826;

    private final int m;
    private final double alpha;
    private final double beta;
    private final double gamma;
    private final int residualWindow;
    private final double[] season;
    private final ArrayDeque<Double> residuals;
    private double level;
    private double trend;
    private long t;

    private HoltWintersModel(int m, double alpha, double beta, double gamma, int residualWindow) {
        this.m = m;
        this.alpha = alpha;
        this.beta = beta;
        this.gamma = gamma;
        this.residualWindow = residualWindow;
        this.season = new double[m];
        this.residuals = new ArrayDeque<>(residualWindow);
    }

    /**
     * @param values the (cleaned) history, length must be a multiple of m and at least 2m
     */
    static HoltWintersModel initialise(
            double[] values, int m, double alpha, double beta, double gamma, int residualWindow) {
        int seasons = values.length / m;
        if (seasons < 2 || values.length % m != 0) {
            throw new IllegalArgumentException("need whole seasons, at least 2: " + values.length + " / " + m);
        }
        HoltWintersModel hw = new HoltWintersModel(m, alpha, beta, gamma, residualWindow);
        double[] seasonMean = new double[seasons];
        for (int s = 0; s < seasons; s++) {
            double sum = 0;
            for (int j = 0; j < m; j++) {
                sum += values[s * m + j];
            }
            seasonMean[s] = sum / m;
        }
        double trend = (seasonMean[seasons - 1] - seasonMean[0]) / ((seasons - 1) * (double) m);
        double centre = (m - 1) / 2.0;
        double seasonSum = 0;
        for (int j = 0; j < m; j++) {
            double sum = 0;
            for (int s = 0; s < seasons; s++) {
                sum += values[s * m + j] - (seasonMean[s] + trend * (j - centre));
            }
            hw.season[j] = sum / seasons;
            seasonSum += hw.season[j];
        }
        for (int j = 0; j < m; j++) {
            hw.season[j] -= seasonSum / m;
        }
        hw.trend = trend;
        // Seed the residual window with leave-one-season-out residuals: each point's deviation from its season's
        // trend line minus the seasonal index estimated from the OTHER seasons. Plain in-sample residuals are far too
        // small (with two seasons every index is fitted on the very two points it is compared with) and made the
        // scale overconfident. A leave-one-season-out residual has variance σ²(1 + 1/(n−1)); the error of a forecast
        // from indices estimated on all n seasons has about σ²(1 + 1/n), so the residuals are rescaled to that.
        double toForecastError = Math.sqrt((1 + 1.0 / seasons) / (1 + 1.0 / (seasons - 1)));
        for (int s = 0; s < seasons; s++) {
            for (int j = 0; j < m; j++) {
                double d = values[s * m + j] - (seasonMean[s] + trend * (j - centre));
                double others = 0;
                for (int o = 0; o < seasons; o++) {
                    if (o != s) {
                        others += values[o * m + j] - (seasonMean[o] + trend * (j - centre));
                    }
                }
                hw.addResidual((d - others / (seasons - 1)) * toForecastError);
            }
        }
        // state after the last initialisation point: level on the trend line at position n−1, next position n
        hw.level = seasonMean[0] + trend * (values.length - 1 - centre);
        hw.t = values.length;
        return hw;
    }

    /** Independent copy (used to keep the pre-shift state while a level shift is still tentative). */
    HoltWintersModel copy() {
        HoltWintersModel c = new HoltWintersModel(m, alpha, beta, gamma, residualWindow);
        System.arraycopy(season, 0, c.season, 0, m);
        c.residuals.addAll(residuals);
        c.level = level;
        c.trend = trend;
        c.t = t;
        return c;
    }

    /** Position (0-based index since the start of the initialisation window) of the next observation. */
    long nextPosition() {
        return t;
    }

    /** Season slot of the next observation. */
    int nextSlot() {
        return slot();
    }

    /** Seasonal change accepted: move the seasonal index of the next observation's slot. */
    void adjustSeasonOfNextPosition(double delta) {
        season[slot()] += delta;
    }

    /** One-step-ahead forecast for the next position. */
    double forecast() {
        return level + trend + season[slot()];
    }

    /** De-seasonalised level expected at the next position. */
    double level() {
        return level + trend;
    }

    /** MAD × 1.4826 of the residual window (0 when empty). */
    double residualScale() {
        if (residuals.isEmpty()) {
            return 0;
        }
        double[] r = residuals.stream().mapToDouble(Double::doubleValue).toArray();
        double med = median(r);
        for (int i = 0; i < r.length; i++) {
            r[i] = Math.abs(r[i] - med);
        }
        return MAD_TO_SIGMA * median(r);
    }

    /**
     * Advance one position with observation x.
     *
     * @param recordResidual whether x − forecast belongs in the residual window (false for anomalous points)
     */
    void update(double x, boolean recordResidual) {
        int j = slot();
        double forecast = level + trend + season[j];
        if (recordResidual) {
            addResidual(x - forecast);
        }
        double newLevel = alpha * (x - season[j]) + (1 - alpha) * (level + trend);
        trend = beta * (newLevel - level) + (1 - beta) * trend;
        season[j] = gamma * (x - newLevel) + (1 - gamma) * season[j];
        level = newLevel;
        t++;
    }

    private void addResidual(double r) {
        if (residuals.size() == residualWindow) {
            residuals.removeFirst();
        }
        residuals.addLast(r);
    }

    /** Level shift accepted, additive form: move the level, keep trend, season and noise estimate. */
    void shiftLevel(double delta) {
        level += delta;
    }

    /**
     * Level shift accepted, proportional form: level, trend, seasonal indices and stored residuals are all multiplied
     * by {@code ratio}, so every forecast is multiplied by it and the seasonal amplitude and noise follow the level
     * (a job that now loads half the rows also has half the weekend dip).
     */
    void rescale(double ratio) {
        level *= ratio;
        trend *= ratio;
        for (int j = 0; j < m; j++) {
            season[j] *= ratio;
        }
        int n = residuals.size();
        for (int i = 0; i < n; i++) {
            residuals.addLast(residuals.removeFirst() * ratio);
        }
    }

    private int slot() {
        return (int) (t % m);
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return (n % 2 == 1) ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
    }
}
