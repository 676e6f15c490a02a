package io.datasync.sync.connection;

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

    /**
     * One step of a test, in the order they ran; the first failing step ends the test.
     *
     * @param code the stable code of the failure (e.g. {@code SYNC-101} login refused), null when it passed
     * @param detail what was found (e.g. the database's version) or what went wrong, without secrets
     */
    public record Check(String name, boolean ok, String detail, String code, long elapsedMs) {}

    /** The answer: {@code ok} when every check passed. */
    public record Result(boolean ok, String connection, String type, long elapsedMs, List<Check> checks) {}
}
