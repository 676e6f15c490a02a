package io.datasync.sync.connector.spi;

/**
 * Every stable code sync-service fails with, classified once as retriable (a later attempt may succeed: the scheduler
 * retries the run, a split is read again) or permanent (only a change of the job, the connection, the data or the
 * operator's settings helps). Codes appear in logs, in {@code RunFailed} events, in run details and in problem details
 * ({@code syncCode}); sync-service's README lists them, generated from this enum.
 */
public enum SyncErrorCode {
    INVALID_OPTIONS(
            "SYNC-001",
            false,
            "the job's or connection's options do not satisfy the connector's declaration"
                    + " (every problem with its JSON pointer)"),
    INTERRUPTED("SYNC-002", true, "the run was interrupted"),
    SPLIT_FAILED("SYNC-003", false, "a split failed unexpectedly"),
    SPLITS_DID_NOT_STOP("SYNC-004", true, "split threads did not stop within 60 s"),
    NO_CONNECTOR("SYNC-005", false, "no connector for the source or target kind here, or a connection it cannot use"),
    ERROR_BUDGET_EXCEEDED("SYNC-006", false, "more rows were rejected than the job's limits allow"),
    CANNOT_RESUME_SPLIT(
            "SYNC-007",
            false,
            "a split without a key (no stable order) stopped after rows were written and"
                    + " cannot resume without appending them twice"),
    RESUMED_TOO_OFTEN(
            "SYNC-008",
            false,
            "the run was taken up again more than datasync.sync.max-resumes times after"
                    + " its instance stopped: it may itself be what stops it"),
    SERVICE_TOKEN_REFUSED("SYNC-010", false, "config-service refused sync-service's service token"),
    CONFIG_REFUSED("SYNC-011", false, "config-service cannot resolve the job, rule set or connection"),
    CONFIG_UNAVAILABLE("SYNC-012", true, "config-service did not answer"),
    VERIFICATION_UNREADABLE("SYNC-014", true, "verification could not read the source or the target"),
    EGRESS_REFUSED(
            "SYNC-015", false, "the egress policy (datasync.egress.*) does not allow what the connection reaches"),
    HOST_UNRESOLVED("SYNC-016", true, "a host name does not resolve (DNS)"),
    STOPPED("SYNC-020", false, "the run was stopped"),
    TRANSFORM_MISFIT(
            "SYNC-030",
            false,
            "a transform does not fit the rows (e.g. a column it names is missing) or what"
                    + " it needs (a rule set) is not there"),
    TRANSFORM_INVALID("SYNC-031", false, "the job's transform steps cannot be built (every problem with its pointer)"),
    FENCED(
            "SYNC-040",
            false,
            "this instance no longer owns the run (its lease lapsed or a newer owner claimed it); it stopped writing"
                    + " and left the run to the new owner"),
    POSITION_MOVED(
            "SYNC-041",
            true,
            "a stream split's committed position moved under this reader (the split was reassigned); the micro-batch"
                    + " was rolled back and is read again from the stored position"),
    STATE_UNAVAILABLE(
            "SYNC-042",
            true,
            "sync-service's own database did not answer while storing a sink's checkpoint or positions"),
    QUALITY_RULES_INVALID(
            "SYNC-050",
            false,
            "the job's quality rule set does not exist in quality-service, or does not fit the rows its transforms"
                    + " produce (every problem with its pointer)"),
    QUALITY_CHECK_FAILED("SYNC-051", false, "a row broke a quality check whose severity is fail"),
    QUALITY_RATIO_EXCEEDED(
            "SYNC-052", false, "more rows broke quality checks than the job's quality.maxErrorRatio allows"),
    QUALITY_LIMIT(
            "SYNC-054",
            false,
            "the quality gate reached a bound it keeps in memory for a run (10 million distinct keys of unique: run or"
                    + " dedupe)"),
    QUALITY_UNAVAILABLE(
            "SYNC-053",
            true,
            "quality-service did not answer, or refused the service token, when asked for a rule set"),
    INTERNAL("SYNC-099", false, "an unexpected failure; the log has its stack trace under the run's correlation id"),
    JDBC_LOGIN_REFUSED("SYNC-101", false, "JDBC: the database refused the login"),
    JDBC_NO_SUCH_TABLE("SYNC-102", false, "JDBC: the table or view does not exist"),
    JDBC_CONNECTION_FAILED("SYNC-103", true, "JDBC: the connection failed or broke"),
    JDBC_TRANSACTION_CONFLICT("SYNC-104", true, "JDBC: a serialization failure or deadlock"),
    JDBC_CONNECTION_REJECTED(
            "SYNC-105",
            false,
            "JDBC: the server rejected the connection as set up (e.g. SSL required by the URL but not offered)"),
    JDBC_FAILED("SYNC-199", false, "JDBC: anything else, with the database's message"),
    CDC_SOURCE_NOT_READY(
            "SYNC-110",
            false,
            "change log: the source database is not set up for it (wal_level, the REPLICATION privilege, free slots,"
                    + " a key or replica identity), named with the fix"),
    SCHEMA_CHANGED(
            "SYNC-111",
            false,
            "change log: the source table changed shape in a way the job does not follow (named: table and column)"),
    CDC_POSITION_LOST(
            "SYNC-112",
            false,
            "change log: the replication slot the stored position needs is gone; the job must start again"),
    CDC_READ_FAILED(
            "SYNC-113",
            true,
            "change log: reading the change stream failed (the database restarted, the connection broke)"),
    TARGET_AUTHENTICATION("SYNC-201", false, "PostgreSQL target: the credentials or a privilege were refused"),
    TARGET_MISSING_TABLE(
            "SYNC-202", false, "PostgreSQL target: the table does not exist and the job does not create" + " it"),
    TARGET_MISSING_COLUMNS("SYNC-203", false, "PostgreSQL target: columns of the rows are missing in the table"),
    TARGET_NO_UNIQUE_KEY(
            "SYNC-204",
            false,
            "PostgreSQL target: upsert needs a primary key or unique index on exactly" + " the key columns"),
    TARGET_INVALID_NAME("SYNC-205", false, "PostgreSQL target: a table or column name is not a plain SQL identifier"),
    TARGET_REFUSED("SYNC-210", false, "PostgreSQL target: a statement was refused"),
    TARGET_TRANSIENT(
            "SYNC-211",
            true,
            "PostgreSQL target: the connection broke, or the transaction lost a deadlock or" + " serialization race"),
    TARGET_CONSTRAINT("SYNC-212", false, "PostgreSQL target: a row violates a constraint of the table"),
    TARGET_DATA("SYNC-213", false, "PostgreSQL target: a value does not fit its column"),
    HTTP_AUTH_REFUSED("SYNC-301", false, "HTTP: the API refused the credentials (401, 403)"),
    HTTP_NOT_FOUND("SYNC-302", false, "HTTP: the resource does not exist (404, 410)"),
    HTTP_RETRIES_EXHAUSTED("SYNC-303", true, "HTTP: the API kept answering 408, 429 or 5xx until the retries ran out"),
    HTTP_NOT_RECORDS(
            "SYNC-304", false, "HTTP: the response is not JSON, or the records pointer does not lead to an" + " array"),
    HTTP_UNREACHABLE("SYNC-305", true, "HTTP: the API could not be reached until the retries ran out"),
    HTTP_REQUEST_REFUSED("SYNC-306", false, "HTTP: the API refused the request (another 4xx)"),
    HTTP_OTHER_ORIGIN(
            "SYNC-307",
            false,
            "HTTP: a next link or redirect leads to another origin, where the credentials" + " must not go"),
    HTTP_BODY_TOO_LARGE("SYNC-308", false, "HTTP: a response body is larger than datasync.sync.read-limits.http-body"),
    FILE_NO_MATCH("SYNC-401", false, "files: no file matches the path or glob"),
    FILE_NO_DIRECTORY("SYNC-402", false, "files: the base directory is missing or not a directory"),
    FILE_READ_FAILED("SYNC-403", true, "files: reading failed"),
    FILE_MALFORMED("SYNC-404", false, "files: a file is not what its options say (e.g. not gzip, a field missing)"),
    FILE_RECORD_TOO_LONG(
            "SYNC-405", false, "files: a CSV field or record is longer than its read limit (an unclosed" + " quote?)"),
    FILE_DECOMPRESSION_BOMB("SYNC-406", false, "files: a compressed file inflates past its read limits"),
    KAFKA_AUTH_REFUSED("SYNC-501", false, "Kafka: the brokers refused the credentials"),
    KAFKA_UNREACHABLE("SYNC-502", true, "Kafka: no broker answered"),
    KAFKA_READ_FAILED("SYNC-503", true, "Kafka: reading the topics failed (a broker restart, a rebalance cut short)"),
    KAFKA_MEMBER_FENCED(
            "SYNC-504",
            false,
            "Kafka: another reader with the same member id (group.instance.id) joined the group; two instances share"
                    + " an instance id"),
    MQTT_LOGIN_REFUSED("SYNC-601", false, "MQTT: the broker refused the login"),
    MQTT_NOT_V5("SYNC-602", false, "MQTT: the broker does not speak MQTT 5"),
    MQTT_UNREACHABLE("SYNC-603", true, "MQTT: the broker cannot be reached"),
    REDIS_AUTH_REFUSED("SYNC-701", false, "Redis: the server refused the credentials"),
    REDIS_UNREACHABLE("SYNC-702", true, "Redis: the server cannot be reached"),
    REDIS_REFUSED("SYNC-703", false, "Redis: the server refused a command");

    private final String code;
    private final boolean retriable;
    private final String description;

    SyncErrorCode(String code, boolean retriable, String description) {
        this.code = code;
        this.retriable = retriable;
        this.description = description;
    }

    /** The stable code, e.g. {@code SYNC-101}. */
    public String code() {
        return code;
    }

    /** Whether a later attempt may succeed; a failure may say otherwise where the situation decides (an HTTP status). */
    public boolean retriable() {
        return retriable;
    }

    public String description() {
        return description;
    }

    /** The README's table, generated from this enum (a test fails when the README differs). */
    public static String markdownTable() {
        StringBuilder b = new StringBuilder("| code | retriable | meaning |\n|---|---|---|\n");
        for (SyncErrorCode c : values()) {
            b.append("| ")
                    .append(c.code)
                    .append(" | ")
                    .append(c.retriable ? "yes" : "no")
                    .append(" | ")
                    .append(c.description.replace("|", "\\|"))
                    .append(" |\n");
        }
        return b.toString();
    }
}
