package io.datasync.sync.config;

import io.datasync.kit.feign.ServiceCallException;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.SyncErrorCode;

/**
 * What a failed call to config-service means for sync-service, in one place: a refused service token is SYNC-010
 * (permanent: a deployment mistake), a request config-service refuses (a definition naming a deleted connection, any
 * other 4xx problem) is SYNC-011 (permanent), no usable answer — unreachable, timing out, answering 5xx or garbage —
 * is SYNC-012 (retriable). "Not found" is left to the callers, for whom it means different things (an unknown job, a
 * missing rule set, an unknown connection). No message names config-service's address or repeats its raw answer.
 */
public final class ConfigServiceErrors {

    private ConfigServiceErrors() {}

    /**
     * @param what what sync-service asked for, e.g. {@code rule set orders}
     */
    public static ConnectorException of(ServiceCallException e, String what) {
        return switch (e.failure()) {
            case CREDENTIALS_REFUSED ->
                new ConnectorException(
                        SyncErrorCode.SERVICE_TOKEN_REFUSED,
                        "config-service refused sync-service's service token (datasync.sync.internal-token) asking for "
                                + what,
                        e);
            case REFUSED ->
                new ConnectorException(
                        SyncErrorCode.CONFIG_REFUSED,
                        "config-service cannot resolve " + what + ": " + e.getMessage(),
                        e);
            case UNAVAILABLE ->
                new ConnectorException(
                        SyncErrorCode.CONFIG_UNAVAILABLE, "cannot get " + what + ": " + e.getMessage(), e);
        };
    }
}
