package io.datasync.models.job;

/** What a schedule does with a fire outside its time window. */
public enum WindowPolicy {
    SKIP,
    DEFER;

    @Override
    public String toString() {
        return WireNames.of(this);
    }
}
