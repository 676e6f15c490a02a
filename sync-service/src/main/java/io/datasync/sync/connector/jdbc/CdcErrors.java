package io.datasync.sync.connector.jdbc;

import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.SyncErrorCode;
import java.sql.SQLException;
import java.util.Locale;

/** Classifies why a change-log engine stopped: a lost position, a source not set up, or (retried) anything else. */
final class CdcErrors {

    private CdcErrors() {}

    /**
     * @param message the engine's completion message
     * @param error the engine's failure, may be null
     * @param where the source database, for messages (no password)
     */
    static ConnectorException classify(String message, Throwable error, String where) {
        StringBuilder chain = new StringBuilder(message == null ? "" : message);
        String sqlState = null;
        for (Throwable t = error; t != null && t.getCause() != t; t = t.getCause()) {
            chain.append(" | ").append(t.getMessage());
            if (sqlState == null && t instanceof SQLException sql) {
                sqlState = sql.getSQLState();
            }
        }
        String text = chain.toString();
        String lower = text.toLowerCase(Locale.ROOT);
        String detail = "the change log of " + where + " stopped: " + text;
        if (lower.contains("no longer available")
                || lower.contains("requested wal segment")
                || lower.contains("has already been removed")) {
            return new ConnectorException(
                    SyncErrorCode.CDC_POSITION_LOST,
                    detail + ". The WAL the stored position needs is gone: start the job again for a new snapshot",
                    error);
        }
        if ("42501".equals(sqlState)
                || lower.contains("unable to create filtered publication")
                || lower.contains("no table filters found")
                || lower.contains("logical decoding requires")
                || lower.contains("must be superuser or replication role")
                || lower.contains("permission denied")) {
            return new ConnectorException(SyncErrorCode.CDC_SOURCE_NOT_READY, detail, error);
        }
        return new ConnectorException(SyncErrorCode.CDC_READ_FAILED, detail, error);
    }
}
