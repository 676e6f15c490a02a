package io.datasync.config.connection;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The kinds of connection config-service knows, each with its declared settings. */
public enum ConnectionType {
    JDBC("jdbc", ConnectionSettings.JDBC),
    HTTP("http", ConnectionSettings.HTTP),
    KAFKA("kafka", ConnectionSettings.KAFKA),
    MQTT("mqtt", ConnectionSettings.MQTT),
    REDIS("redis", ConnectionSettings.REDIS),
    FILE("file", ConnectionSettings.FILE);

    private final String wireName;
    private final OptionSet settings;

    ConnectionType(String wireName, OptionSet settings) {
        this.wireName = wireName;
        this.settings = settings;
    }

    /** The name in JSON and in job definitions, e.g. {@code jdbc}. */
    public String wireName() {
        return wireName;
    }

    public OptionSet settings() {
        return settings;
    }

    public static Optional<ConnectionType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(ConnectionType::wireName).toList();
    }
}
