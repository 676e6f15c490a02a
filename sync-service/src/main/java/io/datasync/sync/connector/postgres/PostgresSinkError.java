package io.datasync.sync.connector.postgres;

import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.SyncErrorCode;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * The stable error codes of the PostgreSQL sink, each retriable or not once and for all, and the one place that maps
 * a SQL failure onto them. Messages name tables, columns and constraints but never row values (a constraint or data
 * error's detail would carry them) and never the password.
 */
enum PostgresSinkError {
    AUTHENTICATION(SyncErrorCode.TARGET_AUTHENTICATION),
    MISSING_TABLE(SyncErrorCode.TARGET_MISSING_TABLE),
    MISSING_COLUMNS(SyncErrorCode.TARGET_MISSING_COLUMNS),
    NO_UNIQUE_KEY(SyncErrorCode.TARGET_NO_UNIQUE_KEY),
    INVALID_NAME(SyncErrorCode.TARGET_INVALID_NAME),
    REFUSED(SyncErrorCode.TARGET_REFUSED),
    TRANSIENT(SyncErrorCode.TARGET_TRANSIENT),
    CONSTRAINT(SyncErrorCode.TARGET_CONSTRAINT),
    DATA(SyncErrorCode.TARGET_DATA);

    /** Failures a later attempt may not meet: connection loss, deadlock, serialization, shutdown, no free slot. */
    private static final Set<String> RETRIABLE_STATES = Set.of("40001", "40P01", "57P01", "57P02", "57P03", "53300");

    private static final Map<String, String> CONSTRAINT_KINDS = Map.of(
            "23502", "not-null",
            "23503", "foreign key",
            "23505", "unique",
            "23514", "check",
            "23P01", "exclusion");

    /** Where a COPY failed, e.g. {@code COPY datasync_staging, line 3, column amount: "abc"}; the value is dropped. */
    private static final Pattern COPY_WHERE = Pattern.compile("COPY \\S+, line (\\d+)(?:, column ([A-Za-z0-9_$.]+))?");

    private final SyncErrorCode code;

    PostgresSinkError(SyncErrorCode code) {
        this.code = code;
    }

    public String code() {
        return code.code();
    }

    public boolean retriable() {
        return code.retriable();
    }

    public String description() {
        return code.description();
    }

    ConnectorException exception(String message) {
        return exception(message, null);
    }

    ConnectorException exception(String message, Throwable cause) {
        return new ConnectorException(code, code.code() + " " + message, cause);
    }

    /**
     * Classifies a SQL failure.
     *
     * @param doing what the sink was doing, e.g. {@code writing a chunk to public.orders}
     * @param endpoint the database, named in connection and authentication errors (without password or URL query)
     */
    static ConnectorException classify(SQLException e, String doing, PostgresEndpoint endpoint) {
        String state = sqlState(e);
        ServerErrorMessage server = serverMessage(e);
        if (state == null) {
            return e instanceof SQLTransientException || e instanceof SQLRecoverableException
                    ? TRANSIENT.exception(doing + " failed on " + endpoint.safeUrl() + ": " + e.getMessage(), e)
                    : REFUSED.exception(doing + " failed: " + e.getMessage(), e);
        }
        if (state.equals(io.datasync.sync.connector.jdbc.GuardedDataSource.REFUSED_STATE)) {
            return new io.datasync.sync.connector.spi.ConnectorException(
                    io.datasync.sync.connector.spi.SyncErrorCode.EGRESS_REFUSED, false, e.getMessage(), null);
        }
        if (state.startsWith("08") || RETRIABLE_STATES.contains(state)) {
            return TRANSIENT.exception(
                    doing + " failed on " + endpoint.safeUrl() + " (SQLState " + state + "); a retry may succeed", e);
        }
        if (state.startsWith("28") || state.equals("42501")) {
            return AUTHENTICATION.exception(
                    doing + ": " + endpoint.safeUrl() + " refused user " + endpoint.user() + " (SQLState " + state
                            + ")",
                    e);
        }
        if (state.startsWith("23")) {
            // No cause: the server's detail ("Key (id)=(42) already exists") would carry the row's values.
            return CONSTRAINT.exception(doing + ": a row violates " + constraint(state, server) + " (SQLState " + state
                    + "); the chunk was rolled back");
        }
        if (state.startsWith("22")) {
            return DATA.exception(
                    doing + ": " + dataLocation(server) + " does not fit its column (SQLState " + state + ")");
        }
        String reason = server != null && server.getMessage() != null ? server.getMessage() : e.getMessage();
        return REFUSED.exception(doing + " failed (SQLState " + state + "): " + reason, e);
    }

    private static String constraint(String state, ServerErrorMessage server) {
        String kind = CONSTRAINT_KINDS.getOrDefault(state, "integrity");
        if (server == null) {
            return "a " + kind + " constraint";
        }
        String on = server.getTable() == null ? "" : " of table " + server.getTable();
        if (server.getConstraint() != null) {
            return kind + " constraint " + server.getConstraint() + on;
        }
        return server.getColumn() != null
                ? "the " + kind + " constraint on column " + server.getColumn() + on
                : "a " + kind + " constraint" + on;
    }

    private static String dataLocation(ServerErrorMessage server) {
        if (server == null) {
            return "a value";
        }
        if (server.getWhere() != null) {
            Matcher where = COPY_WHERE.matcher(server.getWhere());
            if (where.find()) {
                return "the value "
                        + (where.group(2) == null ? "" : "of column " + where.group(2) + " ")
                        + "in row " + where.group(1) + " of the chunk";
            }
        }
        return server.getColumn() != null ? "a value of column " + server.getColumn() : "a value";
    }

    private static String sqlState(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return e.getNextException() == null ? null : e.getNextException().getSQLState();
    }

    private static ServerErrorMessage serverMessage(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
                return psql.getServerErrorMessage();
            }
        }
        return null;
    }
}
