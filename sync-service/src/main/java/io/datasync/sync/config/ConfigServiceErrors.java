package io.datasync.sync.config;

import feign.FeignException;
import io.datasync.sync.connector.spi.ConnectorException;

/**
 * What a failed call to config-service means for sync-service, in one place: a refused service token is SYNC-010
 * (permanent: a deployment mistake), a definition config-service cannot resolve is SYNC-011 (permanent), anything
 * else — unreachable, timing out, answering 5xx — is SYNC-012 (retriable). "Not found" is left to the callers, for
 * whom it means different things (an unknown job, a missing rule set, an unknown connection).
 */
public final class ConfigServiceErrors {

    private ConfigServiceErrors() {}

    /**
     * @param what what sync-service asked for, e.g. {@code rule set orders}
     */
    public static ConnectorException of(FeignException e, String what) {
        if (e instanceof FeignException.Unauthorized || e instanceof FeignException.Forbidden) {
            return new ConnectorException(
                    "SYNC-010",
                    false,
                    "config-service refused sync-service's service token (datasync.sync.internal-token) asking for "
                            + what,
                    e);
        }
        if (e instanceof FeignException.Conflict) {
            return new ConnectorException(
                    "SYNC-011", false, "config-service cannot resolve " + what + ": " + e.contentUTF8(), e);
        }
        return new ConnectorException(
                "SYNC-012", true, "config-service did not give " + what + ": " + e.getMessage(), e);
    }
}
