package io.datasync.scheduler.job;

import io.datasync.kit.feign.ServiceCallException;

/**
 * config-service did not give an answer the scheduler can act on; the caller tries again later. The message names
 * config-service, never its address.
 */
public class ConfigUnavailableException extends RuntimeException {

    private final ServiceCallException call;

    public ConfigUnavailableException(String message, ServiceCallException call) {
        super(message, call);
        this.call = call;
    }

    /** The failed call, with what config-service answered, if anything. */
    public ServiceCallException call() {
        return call;
    }
}
