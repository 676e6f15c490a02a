package io.datasync.config.connection;

import io.datasync.models.connector.JobChecks;
import java.util.Map;
import java.util.Optional;

/** What job validation and the internal API need to know about connections, by connection name. */
public interface ConnectionCatalog {

    /** The type ({@code jdbc}, {@code http}, {@code kafka}, {@code mqtt}, {@code redis}, {@code file}) of a connection. */
    default Optional<String> typeOf(String name) {
        return describe(name).map(JobChecks.Connection::kind);
    }

    /** A connection's kind and settings with every secret masked, for validating the jobs that name it. */
    Optional<JobChecks.Connection> describe(String name);

    /** The connection with its secrets decrypted; only for the internal API that sync-service calls. */
    Optional<ResolvedConnection> resolve(String name);

    /**
     * A connection ready to use.
     *
     * @param settings every setting of the connection, secrets in plain text
     */
    record ResolvedConnection(String id, String name, String type, long version, Map<String, Object> settings) {

        /** Names the settings but shows none of their values: they include plain-text secrets. */
        @Override
        public String toString() {
            return "ResolvedConnection[id=" + id + ", name=" + name + ", type=" + type + ", version=" + version
                    + ", settings=" + (settings == null ? "null" : settings.keySet()) + "]";
        }
    }
}
