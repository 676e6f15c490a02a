package io.datasync.sync.connector.jdbc;

import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.SyncErrorCode;
import java.sql.SQLException;

/**
 * Classifies JDBC failures once, by SQLState, into the stable codes of the JDBC source. Messages never carry the
 * connection's password, also when a driver echoes it.
 *
 * <ul>
 *   <li>{@code SYNC-101} permanent: the database refused the login (SQLState class 28).
 *   <li>{@code SYNC-102} permanent: the table or view does not exist (42P01, 42S02).
 *   <li>{@code SYNC-103} retriable: the connection failed or broke (class 08).
 *   <li>{@code SYNC-104} retriable: a serialization failure or deadlock (40001, 40P01).
 *   <li>{@code SYNC-199} permanent: anything else, with the database's message.
 *   <li>{@code SYNC-001} permanent: the job asks for something this source cannot do (see {@link #invalid}).
 * </ul>
 */
public final class JdbcErrors {

    private JdbcErrors() {}

    /**
     * @param relation what was being read (a table name or "the query"), named by SYNC-102
     * @param password removed from every message; may be empty
     */
    public static ConnectorException classify(SQLException e, String relation, String password) {
        String state = sqlState(e);
        String message = redact(String.valueOf(e.getMessage()), password);
        SQLException cause = redacted(e, password);
        if (state.equals(GuardedDataSource.REFUSED_STATE)) {
            return new ConnectorException(
                    io.datasync.sync.connector.spi.SyncErrorCode.EGRESS_REFUSED, false, message, null);
        }
        if (state.startsWith("28")) {
            return new ConnectorException(
                    SyncErrorCode.JDBC_LOGIN_REFUSED, "login refused: " + message + " [SQLState " + state + "]", cause);
        }
        if (state.equals("42P01") || state.equals("42S02")) {
            return new ConnectorException(
                    SyncErrorCode.JDBC_NO_SUCH_TABLE,
                    relation + " does not exist: " + message + " [SQLState " + state + "]",
                    cause);
        }
        if (state.equals("08004")) {
            // pgjdbc's "the server does not support SSL" and the like: retrying the same settings cannot help
            return new ConnectorException(
                    SyncErrorCode.JDBC_CONNECTION_REJECTED,
                    "the server rejected the connection: " + message + " [SQLState " + state + "]",
                    cause);
        }
        if (state.startsWith("08")) {
            return new ConnectorException(
                    SyncErrorCode.JDBC_CONNECTION_FAILED,
                    "connection failed: " + message + " [SQLState " + state + "]",
                    cause);
        }
        if (state.equals("40001") || state.equals("40P01")) {
            return new ConnectorException(
                    SyncErrorCode.JDBC_TRANSACTION_CONFLICT,
                    "serialization failure or deadlock: " + message + " [SQLState " + state + "]",
                    cause);
        }
        return new ConnectorException(
                SyncErrorCode.JDBC_FAILED, message + (state.isEmpty() ? "" : " [SQLState " + state + "]"), cause);
    }

    /** A job setting this source cannot honour, e.g. a split on a text column. */
    public static ConnectorException invalid(String message) {
        return new ConnectorException(SyncErrorCode.INVALID_OPTIONS, message, null);
    }

    /**
     * Whether the failure is about one value (SQLState class 22, data exception: a numeric NaN read as a decimal, a
     * value out of its type's range…) rather than about the connection or the statement.
     */
    public static boolean isDataException(SQLException e) {
        return sqlState(e).startsWith("22");
    }

    /** The first SQLState along the exception chain: some drivers wrap the server's error in one without a state. */
    private static String sqlState(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && !sql.getSQLState().isBlank()) {
                return sql.getSQLState();
            }
        }
        for (SQLException next = e.getNextException(); next != null; next = next.getNextException()) {
            if (next.getSQLState() != null && !next.getSQLState().isBlank()) {
                return next.getSQLState();
            }
        }
        return "";
    }

    static String redact(String text, String password) {
        if (password == null || password.isEmpty() || text == null) {
            return text;
        }
        return text.replace(password, "****");
    }

    /**
     * The cause to attach: the original when it does not mention the password, else a copy with a redacted message
     * (and no further cause), so logging the stack trace cannot leak it either.
     */
    private static SQLException redacted(SQLException e, String password) {
        if (!mentions(e, password)) {
            return e;
        }
        SQLException copy = new SQLException(redact(e.getMessage(), password), e.getSQLState(), e.getErrorCode());
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }

    private static boolean mentions(Throwable e, String password) {
        if (password == null || password.isEmpty()) {
            return false;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(password)) {
                return true;
            }
        }
        return false;
    }
}
