package io.datasync.sync.connection;

import io.datasync.sync.connector.spi.TestSteps;
import java.util.List;
import java.util.Map;

/** The request and answer of a connection test. */
public final class ConnectionTest {

    private ConnectionTest() {}

    /**
     * Either a stored connection by name, or a type and settings as they would be saved (to try them first).
     *
     * @param table for jdbc: also check that this table can be read
     * @param path for file: also check that this file or glob matches; for http: request this path instead of the base
     *     URL
     */
    public record Request(String connection, String type, Map<String, Object> settings, String table, String path) {}

    /** The answer: {@code ok} when every step passed; the steps in the order they ran, the first failing one last. */
    public record Result(boolean ok, String connection, String type, long elapsedMs, List<TestSteps.Step> checks) {}
}
