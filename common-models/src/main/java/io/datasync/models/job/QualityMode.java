package io.datasync.models.job;

/** When quality rules run: on each chunk before it is written, after the load, or never. */
public enum QualityMode {
    INLINE,
    POST_LOAD,
    OFF;

    @Override
    public String toString() {
        return WireNames.of(this);
    }
}
