package io.datasync.quality.anomaly;

/** Which model produced a {@link Verdict}. */
public enum Method {

    /** Not enough history yet ({@code history < warmUp}); the point is never anomalous. */
    WARM_UP("warm-up"),

    /** Exponentially weighted mean / variance z-score (used before the seasonal model is available). */
    EWMA("ewma"),

    /** Additive Holt-Winters forecast with a robust (MAD) residual scale. */
    HOLT_WINTERS("holt-winters");

    private final String id;

    Method(String id) {
        this.id = id;
    }

    /** Stable, lower-case identifier: {@code "warm-up"}, {@code "ewma"} or {@code "holt-winters"}. */
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }
}
