package io.datasync.models.job;

/** Where a job writes to. */
public enum TargetType {
    JDBC;

    @Override
    public String toString() {
        return WireNames.of(this);
    }
}
