package io.datasync.sync.connector.redis;

import io.datasync.kit.egress.EgressGuard;
import io.datasync.models.connector.ConnectorDescriptor;
import io.datasync.models.connector.StreamKinds;
import io.datasync.sync.connector.spi.ConnectionSpec;
import io.datasync.sync.connector.spi.Connector;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.Egress;
import io.datasync.sync.connector.spi.SyncErrorCode;
import io.datasync.sync.connector.spi.TestSteps;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * The {@code redis} unit: connections to Redis can be stored and tested; streams, pub/sub and cache writes arrive with
 * realtime sync. The test connects with Lettuce (TLS for {@code rediss://}), authenticates with the connection's
 * credentials and sends {@code PING}, so a wrong password fails as such.
 */
@Component
public class RedisConnector implements Connector {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final EgressGuard guard;

    public RedisConnector(EgressGuard guard) {
        this.guard = guard;
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return StreamKinds.REDIS;
    }

    @Override
    public void test(ConnectionSpec connection, TestTarget target, TestSteps steps) {
        String uri = connection.text("uri");
        if (!Egress.step(
                steps,
                guard,
                g -> g.checkUri(java.net.URI.create(uri), 6379, "Redis server"),
                "the Redis server may be reached")) {
            return;
        }
        steps.run(
                "ping",
                () -> {
                    RedisURI redis = RedisURI.create(uri);
                    redis.setTimeout(TIMEOUT);
                    String password = connection.text("password");
                    if (password != null) {
                        String user = connection.text("username");
                        if (user != null) {
                            redis.setUsername(user);
                        }
                        redis.setPassword(password.toCharArray());
                    }
                    RedisClient client = RedisClient.create(redis);
                    try (StatefulRedisConnection<String, String> c = client.connect()) {
                        String pong = c.sync().ping();
                        return "Redis at " + redis.getHost() + ":" + redis.getPort() + " answered " + pong;
                    } finally {
                        client.shutdown(0, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    }
                },
                e -> classify(e, uri));
    }

    private static ConnectorException classify(Exception e, String uri) {
        String message = String.valueOf(e.getMessage());
        Throwable cause = e.getCause();
        String detail = cause != null && cause.getMessage() != null ? message + ": " + cause.getMessage() : message;
        if (detail.contains("WRONGPASS") || detail.contains("NOAUTH") || detail.contains("invalid password")) {
            return new ConnectorException(
                    SyncErrorCode.REDIS_AUTH_REFUSED, "Redis at " + host(uri) + " refused the credentials", null);
        }
        if (e instanceof RedisConnectionException) {
            return new ConnectorException(
                    SyncErrorCode.REDIS_UNREACHABLE, "cannot connect to Redis at " + host(uri) + ": " + detail, null);
        }
        if (e instanceof RedisCommandExecutionException) {
            return new ConnectorException(
                    SyncErrorCode.REDIS_REFUSED, "Redis at " + host(uri) + " refused PING: " + message, null);
        }
        return new ConnectorException(
                SyncErrorCode.REDIS_UNREACHABLE, "cannot reach Redis at " + host(uri) + ": " + detail, null);
    }

    /** The URI without user info, for messages. */
    private static String host(String uri) {
        try {
            java.net.URI u = java.net.URI.create(uri);
            return u.getHost() + ":" + (u.getPort() < 0 ? 6379 : u.getPort());
        } catch (IllegalArgumentException e) {
            return "the configured address";
        }
    }
}
