package io.datasync.sync.connector.spi;

/**
 * A connector failure, classified once where it happens: {@code retriable} for I/O hiccups the scheduler may retry
 * (connection reset, timeout, deadlock), permanent for what a retry cannot fix (bad credentials, a missing table, a
 * type the target refuses). {@code code} is a stable code like {@code SYNC-101} used in logs, events and problems.
 */
public class ConnectorException extends RuntimeException {

    private final String code;
    private final boolean retriable;

    public ConnectorException(String code, boolean retriable, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.retriable = retriable;
    }

    public String code() {
        return code;
    }

    public boolean retriable() {
        return retriable;
    }
}
