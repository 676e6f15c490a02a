package io.datasync.sync.connector.spi;

/**
 * A failure of a run or a connector, classified once where it happens by its {@link SyncErrorCode}: retriable for I/O
 * hiccups the scheduler may retry (connection reset, timeout, deadlock), permanent for what a retry cannot fix (bad
 * credentials, a missing table, a type the target refuses). Its code is used in logs, events and problems.
 */
public class ConnectorException extends RuntimeException {

    private final SyncErrorCode code;
    private final boolean retriable;

    /** A failure as retriable as its code says. */
    public ConnectorException(SyncErrorCode code, String message, Throwable cause) {
        this(code, code.retriable(), message, cause);
    }

    /** A failure whose situation decides whether a retry may help (e.g. an HTTP status), whatever its code says. */
    public ConnectorException(SyncErrorCode code, boolean retriable, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.retriable = retriable;
    }

    /** The stable code, e.g. {@code SYNC-101}. */
    public String code() {
        return code.code();
    }

    public SyncErrorCode errorCode() {
        return code;
    }

    public boolean retriable() {
        return retriable;
    }
}
