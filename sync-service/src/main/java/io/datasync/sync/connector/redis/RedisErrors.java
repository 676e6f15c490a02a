package io.datasync.sync.connector.redis;

import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.SyncErrorCode;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;

/**
 * How the Redis readers classify a failure, once: a lost or timed-out connection is retriable (the engine backs off and
 * the reader reconnects), a refused login or command is permanent.
 */
final class RedisErrors {

    private RedisErrors() {}

    static ConnectorException classify(RuntimeException e, String server, String doing) {
        if (e instanceof ConnectorException c) {
            return c;
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains("WRONGPASS") || message.contains("NOAUTH") || message.contains("NOPERM")) {
            return new ConnectorException(
                    SyncErrorCode.REDIS_AUTH_REFUSED,
                    "Redis at " + server + " refused " + doing + ": " + message,
                    null);
        }
        if (e instanceof RedisCommandExecutionException && transientRefusal(message)) {
            // the server is there but cannot serve yet: it is loading its data after a restart, a replica lost its
            // master, a script is busy; trying again later succeeds
            return new ConnectorException(
                    SyncErrorCode.REDIS_UNREACHABLE,
                    "Redis at " + server + " cannot serve " + doing + " yet: " + message,
                    null);
        }
        if (e instanceof RedisCommandExecutionException) {
            return new ConnectorException(
                    SyncErrorCode.REDIS_REFUSED, "Redis at " + server + " refused " + doing + ": " + message, null);
        }
        if (e instanceof RedisConnectionException
                || e instanceof RedisCommandTimeoutException
                || e instanceof RedisCommandInterruptedException
                || e instanceof RedisException) {
            return new ConnectorException(
                    SyncErrorCode.REDIS_UNREACHABLE,
                    "lost Redis at " + server + " while " + doing + ": " + message,
                    null);
        }
        return new ConnectorException(
                SyncErrorCode.INTERNAL, "unexpected failure while " + doing + " at " + server + ": " + message, e);
    }

    /**
     * Refusals that pass by themselves: {@code LOADING} (a restarted server reading its dataset), {@code BUSY} (a long
     * script), {@code MASTERDOWN} (a replica without its master), {@code TRYAGAIN} and {@code CLUSTERDOWN} (a cluster
     * moving slots or without quorum).
     */
    private static boolean transientRefusal(String message) {
        return message.startsWith("LOADING")
                || message.startsWith("BUSY")
                || message.startsWith("MASTERDOWN")
                || message.startsWith("TRYAGAIN")
                || message.startsWith("CLUSTERDOWN");
    }

    /** Whether a failure means the connection is no use any more (reconnect before the next command). */
    static boolean broken(ConnectorException e) {
        return e.errorCode() == SyncErrorCode.REDIS_UNREACHABLE;
    }
}
