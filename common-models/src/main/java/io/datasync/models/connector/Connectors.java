package io.datasync.models.connector;

import java.util.List;
import java.util.Optional;

/** The catalog: every connector kind the platform knows, in a stable order. */
public final class Connectors {

    private static final List<ConnectorDescriptor> ALL = List.of(
            JdbcKind.DESCRIPTOR,
            FileKind.DESCRIPTOR,
            HttpKind.DESCRIPTOR,
            StreamKinds.KAFKA,
            StreamKinds.MQTT,
            StreamKinds.REDIS,
            StreamKinds.PUSH);

    private Connectors() {}

    public static List<ConnectorDescriptor> all() {
        return ALL;
    }

    public static Optional<ConnectorDescriptor> find(String kind) {
        return ALL.stream().filter(d -> d.kind().equals(kind)).findFirst();
    }

    /** The kinds that connections can be stored for (all but {@code push}). */
    public static List<String> connectionKinds() {
        return ALL.stream()
                .filter(ConnectorDescriptor::needsConnection)
                .map(ConnectorDescriptor::kind)
                .toList();
    }

    public static List<String> sourceKinds() {
        return ALL.stream()
                .filter(d -> d.source() != null)
                .map(ConnectorDescriptor::kind)
                .toList();
    }

    public static List<String> sinkKinds() {
        return ALL.stream()
                .filter(d -> d.sink() != null)
                .map(ConnectorDescriptor::kind)
                .toList();
    }
}
