package io.datasync.models.job;

/** Where a job reads from; each has a connector package in sync-service. */
public enum SourceType {
    JDBC,
    HTTP,
    FILE,
    KAFKA,
    MQTT,
    REDIS,
    PUSH;

    @Override
    public String toString() {
        return WireNames.of(this);
    }
}
