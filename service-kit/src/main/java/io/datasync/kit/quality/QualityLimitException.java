package io.datasync.kit.quality;

/**
 * A run's gate reached a bound it keeps to protect the service (e.g. the distinct keys {@code unique: run} remembers);
 * the run must stop, with this message, rather than exhaust the heap.
 */
public class QualityLimitException extends RuntimeException {
    public QualityLimitException(String message) {
        super(message);
    }
}
