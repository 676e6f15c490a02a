package io.datasync.models.job;

/** Where a job writes to; which of these a connector can write yet is in the connector catalog. */
public enum TargetType {
    JDBC,
    KAFKA,
    MQTT,
    REDIS;

    @Override
    public String toString() {
        return WireNames.of(this);
    }
}
