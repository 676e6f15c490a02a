package io.datasync.quality.anomaly;

/**
 * Tuning of {@link AnomalyDetector}. Immutable; use {@link #defaults()} or {@link #builder()}.
 *
 * @param warmUp               number of history points needed before any point can be flagged (default 7)
 * @param ewmaAlpha            EWMA smoothing factor for mean and variance, in (0, 1) (default 0.3)
 * @param ewmaThreshold        |z| above which the EWMA method considers a point unusual (default 3.5)
 * @param seasonLength         number of runs per season (7 = weekly pattern of daily runs); 0 disables the
 *                             seasonal model, otherwise must be at least 2 (default 7)
 * @param minSeasons           full seasons of history needed before Holt-Winters takes over, at least 2 (default 2)
 * @param hwAlpha              Holt-Winters level smoothing, in (0, 1) (default 0.2)
 * @param hwBeta               Holt-Winters trend smoothing, in [0, 1) (default 0.05)
 * @param hwGamma              Holt-Winters season smoothing, in [0, 1) (default 0.15)
 * @param hwThreshold          k: |residual| / robustScale above which Holt-Winters considers a point unusual
 *                             (default 4.0)
 * @param residualWindow       how many recent (non-anomalous) one-step residuals feed the MAD scale, at least 5
 *                             (default 56 = 8 weeks of daily runs)
 * @param scaleFloorRelative   lower bound of the EWMA standard deviation / Holt-Winters residual scale, relative to
 *                             |mean| / |level| (default 0.01); keeps a perfectly flat series from turning a tiny
 *                             change into a huge score
 * @param scaleFloorAbsolute   absolute lower bound of that scale, must be &gt; 0 (default 1e-9, only there to avoid a
 *                             division by zero on an all-zero series)
 * @param minRelativeChange    a point is only reported when |observed - expected| &ge; this × |expected|
 *                             (default 0.10)
 * @param minAbsoluteChange    ... and when |observed - expected| &ge; this, in the metric's unit (default 0 = off);
 *                             useful for ratios that are normally 0
 * @param shiftConfirmation    how much persistence turns anomalies into the new normal (default 2): that many
 *                             consecutive anomalies in one direction are accepted as a level shift, and the same
 *                             season slot anomalous in that many (at least 2) consecutive seasons as a seasonal change; 0 disables
 *                             both (a persistent step is then flagged for ever)
 */
public record DetectorSettings(
        int warmUp,
        double ewmaAlpha,
        double ewmaThreshold,
        int seasonLength,
        int minSeasons,
        double hwAlpha,
        double hwBeta,
        double hwGamma,
        double hwThreshold,
        int residualWindow,
        double scaleFloorRelative,
        double scaleFloorAbsolute,
        double minRelativeChange,
        double minAbsoluteChange,
        int shiftConfirmation) {

    public DetectorSettings {
        require(warmUp >= 2, "warmUp must be >= 2, got " + warmUp);
        require(ewmaAlpha > 0 && ewmaAlpha < 1, "ewmaAlpha must be in (0, 1), got " + ewmaAlpha);
        require(ewmaThreshold > 0 && Double.isFinite(ewmaThreshold), "ewmaThreshold must be > 0, got " + ewmaThreshold);
        require(seasonLength == 0 || seasonLength >= 2, "seasonLength must be 0 (off) or >= 2, got " + seasonLength);
        require(minSeasons >= 2, "minSeasons must be >= 2, got " + minSeasons);
        require(hwAlpha > 0 && hwAlpha < 1, "hwAlpha must be in (0, 1), got " + hwAlpha);
        require(hwBeta >= 0 && hwBeta < 1, "hwBeta must be in [0, 1), got " + hwBeta);
        require(hwGamma >= 0 && hwGamma < 1, "hwGamma must be in [0, 1), got " + hwGamma);
        require(hwThreshold > 0 && Double.isFinite(hwThreshold), "hwThreshold must be > 0, got " + hwThreshold);
        require(residualWindow >= 5, "residualWindow must be >= 5, got " + residualWindow);
        require(
                scaleFloorRelative >= 0 && Double.isFinite(scaleFloorRelative),
                "scaleFloorRelative must be >= 0, got " + scaleFloorRelative);
        require(
                scaleFloorAbsolute > 0 && Double.isFinite(scaleFloorAbsolute),
                "scaleFloorAbsolute must be > 0, got " + scaleFloorAbsolute);
        require(
                minRelativeChange >= 0 && Double.isFinite(minRelativeChange),
                "minRelativeChange must be >= 0, got " + minRelativeChange);
        require(
                minAbsoluteChange >= 0 && Double.isFinite(minAbsoluteChange),
                "minAbsoluteChange must be >= 0, got " + minAbsoluteChange);
        require(shiftConfirmation >= 0, "shiftConfirmation must be >= 0, got " + shiftConfirmation);
    }

    /** The defaults documented on the record components. */
    public static DetectorSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this instance's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.warmUp = warmUp;
        b.ewmaAlpha = ewmaAlpha;
        b.ewmaThreshold = ewmaThreshold;
        b.seasonLength = seasonLength;
        b.minSeasons = minSeasons;
        b.hwAlpha = hwAlpha;
        b.hwBeta = hwBeta;
        b.hwGamma = hwGamma;
        b.hwThreshold = hwThreshold;
        b.residualWindow = residualWindow;
        b.scaleFloorRelative = scaleFloorRelative;
        b.scaleFloorAbsolute = scaleFloorAbsolute;
        b.minRelativeChange = minRelativeChange;
        b.minAbsoluteChange = minAbsoluteChange;
        b.shiftConfirmation = shiftConfirmation;
        return b;
    }

    /** Whether the seasonal (Holt-Winters) model is enabled at all. */
    public boolean seasonal() {
        return seasonLength > 0;
    }

    /** History size from which Holt-Winters decides ({@code minSeasons × seasonLength}), or -1 when disabled. */
    public int seasonalHistoryRequired() {
        return seasonal() ? minSeasons * seasonLength : -1;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Mutable builder; every field starts at its default. */
    public static final class Builder {
        private int warmUp = 7;
        private double ewmaAlpha = 0.3;
        private double ewmaThreshold = 3.5;
        private int seasonLength = 7;
        private int minSeasons = 2;
        private double hwAlpha = 0.2;
        private double hwBeta = 0.05;
        private double hwGamma = 0.15;
        private double hwThreshold = 4.0;
        private int residualWindow = 56;
        private double scaleFloorRelative = 0.01;
        private double scaleFloorAbsolute = 1e-9;
        private double minRelativeChange = 0.10;
        private double minAbsoluteChange = 0.0;
        private int shiftConfirmation = 2;

        private Builder() {}

        public Builder warmUp(int v) {
            warmUp = v;
            return this;
        }

        public Builder ewmaAlpha(double v) {
            ewmaAlpha = v;
            return this;
        }

        public Builder ewmaThreshold(double v) {
            ewmaThreshold = v;
            return this;
        }

        public Builder seasonLength(int v) {
            seasonLength = v;
            return this;
        }

        public Builder minSeasons(int v) {
            minSeasons = v;
            return this;
        }

        public Builder hwAlpha(double v) {
            hwAlpha = v;
            return this;
        }

        public Builder hwBeta(double v) {
            hwBeta = v;
            return this;
        }

        public Builder hwGamma(double v) {
            hwGamma = v;
            return this;
        }

        public Builder hwThreshold(double v) {
            hwThreshold = v;
            return this;
        }

        public Builder residualWindow(int v) {
            residualWindow = v;
            return this;
        }

        public Builder scaleFloorRelative(double v) {
            scaleFloorRelative = v;
            return this;
        }

        public Builder scaleFloorAbsolute(double v) {
            scaleFloorAbsolute = v;
            return this;
        }

        public Builder minRelativeChange(double v) {
            minRelativeChange = v;
            return this;
        }

        public Builder minAbsoluteChange(double v) {
            minAbsoluteChange = v;
            return this;
        }

        public Builder shiftConfirmation(int v) {
            shiftConfirmation = v;
            return this;
        }

        /** @throws IllegalArgumentException if a value is out of range */
        public DetectorSettings build() {
            return new DetectorSettings(
                    warmUp,
                    ewmaAlpha,
                    ewmaThreshold,
                    seasonLength,
                    minSeasons,
                    hwAlpha,
                    hwBeta,
                    hwGamma,
                    hwThreshold,
                    residualWindow,
                    scaleFloorRelative,
                    scaleFloorAbsolute,
                    minRelativeChange,
                    minAbsoluteChange,
                    shiftConfirmation);
        }
    }
}
