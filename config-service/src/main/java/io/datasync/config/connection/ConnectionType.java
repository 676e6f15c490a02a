package io.datasync.config.connection;

import io.datasync.models.connector.ConnectorDescriptor;
import io.datasync.models.connector.Connectors;
import io.datasync.models.option.Options;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A kind of connection config-service stores: a kind of the connector catalog that has connection settings (all but
 * {@code push}). Its settings are declared once, in the catalog in common-models.
 */
public record ConnectionType(ConnectorDescriptor descriptor) {

    public ConnectionType {
        Objects.requireNonNull(descriptor, "descriptor");
        if (!descriptor.needsConnection()) {
            throw new IllegalArgumentException(descriptor.kind() + " takes no connection");
        }
    }

    /** The name in JSON and in job definitions, e.g. {@code jdbc}. */
    public String wireName() {
        return descriptor.kind();
    }

    public Options settings() {
        return descriptor.connection();
    }

    public static Optional<ConnectionType> fromWireName(String name) {
        return Connectors.find(name)
                .filter(ConnectorDescriptor::needsConnection)
                .map(ConnectionType::new);
    }

    /** The connection type of a kind that has one. */
    public static ConnectionType of(String name) {
        return fromWireName(name).orElseThrow(() -> new IllegalArgumentException("no connection type " + name));
    }

    public static List<String> wireNames() {
        return Connectors.connectionKinds();
    }
}
