package io.datasync.sync.config;

import io.datasync.models.job.JobDefinition;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One version of a job as config-service resolves it for running: the definition and every connection it names, with
 * secrets in plain text. The engine's view of config-service's answer ({@link io.datasync.models.internal.ResolvedJob},
 * made by {@link #of}). Never logged: {@link #toString()} hides the connections' settings.
 */
public record ResolvedJob(
        String jobId,
        String name,
        long version,
        boolean enabled,
        JobDefinition definition,
        Map<String, Connection> connections) {

    /** A connection ready to use; {@code settings} hold secrets. */
    public record Connection(String id, String name, String type, long version, Map<String, Object> settings) {
        /** The connection as the connector units take it. */
        public io.datasync.sync.connector.spi.ConnectionSpec spec() {
            return new io.datasync.sync.connector.spi.ConnectionSpec(id, name, type, version, settings);
        }

        @Override
        public String toString() {
            return "Connection[" + name + " (" + type + ") v" + version + ", settings " + settings.keySet() + "]";
        }
    }

    /** config-service's answer as the engine uses it. */
    public static ResolvedJob of(io.datasync.models.internal.ResolvedJob answer) {
        Map<String, Connection> connections = new LinkedHashMap<>();
        answer.connections()
                .forEach((name, c) ->
                        connections.put(name, new Connection(c.id(), c.name(), c.type(), c.version(), c.settings())));
        return new ResolvedJob(
                answer.jobId(),
                answer.name(),
                answer.version(),
                answer.enabled(),
                answer.definition(),
                Collections.unmodifiableMap(connections));
    }

    public Connection connection(String name) {
        Connection c = connections.get(name);
        if (c == null) {
            throw new IllegalStateException(
                    "job " + this.name + " names connection " + name + ", which config-service did not resolve");
        }
        return c;
    }
}
