package io.datasync.models.job;

/** How a source picks up only what changed since the last run. */
public enum IncrementalMode {
    FULL,
    TIMESTAMP,
    PK_RANGE,
    CHANGELOG;

    @Override
    public String toString() {
        return WireNames.of(this);
    }
}
