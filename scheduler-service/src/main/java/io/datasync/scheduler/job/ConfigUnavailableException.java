package io.datasync.scheduler.job;

/** config-service did not give an answer the scheduler can act on; the caller tries again later. */
public class ConfigUnavailableException extends RuntimeException {

    public ConfigUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
