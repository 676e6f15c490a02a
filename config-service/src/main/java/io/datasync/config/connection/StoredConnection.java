package io.datasync.config.connection;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A connection as stored: its settings hold each secret as ciphertext ({@code v1:<keyId>:…}), never in plain text.
 * {@link #toString()} names the settings but shows none of their values, so logging one never leaks anything.
 */
record StoredConnection(
        UUID id,
        String name,
        ConnectionType type,
        String description,
        long version,
        Map<String, Object> settings,
        Instant createdAt,
        Instant updatedAt) {

    StoredConnection {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(settings, "settings");
        if (version < 1) {
            throw new IllegalArgumentException("version starts at 1");
        }
    }

    @Override
    public String toString() {
        return "StoredConnection[id=" + id + ", name=" + name + ", type=" + type.wireName() + ", version=" + version
                + ", settings=" + settings.keySet() + "]";
    }
}
