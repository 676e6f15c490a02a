package io.datasync.sync.connector.redis;

import io.datasync.kit.egress.EgressGuard;
import io.datasync.models.connector.ConnectorDescriptor;
import io.datasync.models.connector.StreamKinds;
import io.datasync.sync.connector.records.RowTemplate;
import io.datasync.sync.connector.spi.ClientCache;
import io.datasync.sync.connector.spi.ConnectionSpec;
import io.datasync.sync.connector.spi.Connector;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.Egress;
import io.datasync.sync.connector.spi.Sink;
import io.datasync.sync.connector.spi.SinkContext;
import io.datasync.sync.connector.spi.Source;
import io.datasync.sync.connector.spi.SourceContext;
import io.datasync.sync.connector.spi.SyncErrorCode;
import io.datasync.sync.connector.spi.TestSteps;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * The {@code redis} unit: connections to Redis can be stored and tested; streams, pub/sub channels and keyspace events
 * are stream sources ({@link RedisStreamSource}) and rows are written as hashes or stream entries ({@link RedisSink}).
 * The unit keeps one Lettuce client and connection per stored connection (a Lettuce connection is
 * thread-safe and pipelines the commands of every caller, so one serves all), rebuilt when the connection changes and
 * closed when idle; a connection the server dropped is replaced on its next use. It never reconnects on its own, so a
 * reconnect never bypasses the egress check made before each use. The test authenticates with the connection's
 * credentials (TLS for {@code rediss://}) and sends {@code PING}, so a wrong password fails as such.
 */
@Component
public class RedisConnector implements Connector {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** A kept client with its one connection; closing it closes both. */
    record Client(RedisClient client, StatefulRedisConnection<String, String> connection) implements AutoCloseable {
        @Override
        public void close() {
            try {
                connection.close();
            } finally {
                client.shutdown(0, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private final EgressGuard guard;
    private final ClientCache<Client> clients;
    /** The event loops and timers every kept client shares (a client of its own each would start threads of its own). */
    private final ClientResources resources = DefaultClientResources.builder()
            .ioThreadPoolSize(2)
            .computationThreadPoolSize(2)
            .build();

    public RedisConnector(EgressGuard guard, Clock clock) {
        this.guard = guard;
        this.clients = new ClientCache<>("redis", clock);
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
                    try (ClientCache<Client>.Lease lease = lease(connection)) {
                        String pong = lease.client().connection().sync().ping();
                        RedisURI redis = RedisURI.create(uri);
                        return "Redis at " + redis.getHost() + ":" + redis.getPort() + " answered " + pong;
                    } catch (RuntimeException e) {
                        if (connection.stored()) {
                            clients.evict(connection.id()); // the next use connects afresh
                        }
                        throw e;
                    }
                },
                e -> classify(e, uri));
    }

    /**
     * A lease on the connection's client, connected; one the server dropped since its last use is replaced. The
     * caller checks egress first.
     */
    ClientCache<Client>.Lease lease(ConnectionSpec connection) {
        ClientCache<Client>.Lease lease = clients.acquire(connection, "client", this::open);
        if (lease.client().connection().isOpen()) {
            return lease;
        }
        lease.close();
        clients.evict(connection.id());
        return clients.acquire(connection, "client", this::open);
    }

    private Client open(ConnectionSpec connection) {
        RedisURI redis = redisUri(connection);
        // named after the stored connection, so an operator sees in CLIENT LIST whose connection it is
        redis.setClientName(
                "datasync:" + (connection.stored() ? connection.name().replaceAll("[^A-Za-z0-9_.-]", "_") : "test"));
        RedisClient client = RedisClient.create(resources, redis);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(false)
                .timeoutOptions(TimeoutOptions.enabled(TIMEOUT))
                .build());
        try {
            return new Client(client, client.connect());
        } catch (RuntimeException e) {
            client.shutdown(0, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    /**
     * A run's sink: a connection of its own (a MULTI/EXEC transaction needs one) from the stored connection's client,
     * closed with the run. {@code target.table} is the key template (hash mode) or the stream (stream mode).
     */
    @Override
    public Sink sink(SinkContext context) {
        ConnectionSpec connection = context.connection();
        Egress.check(guard, g -> g.checkUri(java.net.URI.create(connection.text("uri")), 6379, "Redis server"));
        Map<String, Object> options = context.target().options();
        RedisSink.Mode mode = "stream".equals(options.get("mode")) ? RedisSink.Mode.STREAM : RedisSink.Mode.HASH;
        Object ttlOption = options.get("ttl");
        Duration ttl = ttlOption instanceof Duration d
                ? d
                : ttlOption instanceof String text ? io.datasync.models.job.Durations.parse(text) : null;
        long maxLength = options.get("maxLength") instanceof Number n ? n.longValue() : 0;
        RowTemplate template;
        try {
            template = RowTemplate.parse(context.target().table());
        } catch (IllegalArgumentException e) {
            throw new ConnectorException(SyncErrorCode.INVALID_OPTIONS, "target.table " + e.getMessage(), null);
        }
        StatefulRedisConnection<String, String> own;
        try (ClientCache<Client>.Lease lease = lease(connection)) {
            own = lease.client().client().connect();
        } catch (RuntimeException e) {
            throw classify(e, connection.text("uri"));
        }
        return new RedisSink(
                host(connection.text("uri")), own, mode, template, ttl, maxLength, context.checkpointKey());
    }

    /**
     * A Redis stream source ({@link RedisStreamSource}): streams through a consumer group, pub/sub or keyspace events.
     * Its readers open connections of their own (they block), from one client per source; the egress policy is checked
     * before each of them is opened.
     */
    @Override
    public Source source(SourceContext context) {
        ReaderLink link = new ReaderLink(context.connection());
        try {
            return new RedisStreamSource(context.spec(), link);
        } catch (RuntimeException e) {
            link.close();
            throw e;
        }
    }

    /** The connections of one source: a client of its own on the shared event loops, created on first use. */
    private final class ReaderLink implements RedisLink {

        private final ConnectionSpec spec;
        private final String uri;
        private RedisClient client; // guarded by this

        ReaderLink(ConnectionSpec spec) {
            this.spec = spec;
            this.uri = spec.text("uri");
        }

        @Override
        public StatefulRedisConnection<String, String> connect(Duration timeout) {
            RedisClient c = client();
            try {
                StatefulRedisConnection<String, String> connection = c.connect();
                connection.setTimeout(timeout);
                return connection;
            } catch (RuntimeException e) {
                throw classify(e, uri);
            }
        }

        @Override
        public StatefulRedisPubSubConnection<String, String> connectPubSub(Duration timeout) {
            RedisClient c = client();
            try {
                StatefulRedisPubSubConnection<String, String> connection = c.connectPubSub();
                connection.setTimeout(timeout);
                return connection;
            } catch (RuntimeException e) {
                throw classify(e, uri);
            }
        }

        @Override
        public int database() {
            return RedisURI.create(uri).getDatabase();
        }

        @Override
        public String describe() {
            return host(uri);
        }

        /** The client, after the egress check every new connection passes. */
        private synchronized RedisClient client() {
            Egress.check(guard, g -> g.checkUri(java.net.URI.create(uri), 6379, "Redis server"));
            if (client == null) {
                RedisURI redis = redisUri(spec);
                redis.setClientName("datasync:reader:"
                        + (spec.stored() ? spec.name().replaceAll("[^A-Za-z0-9_.-]", "_") : "unsaved"));
                client = RedisClient.create(resources, redis);
                client.setOptions(ClientOptions.builder().autoReconnect(false).build());
            }
            return client;
        }

        @Override
        public synchronized void close() {
            if (client != null) {
                client.shutdown(0, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS); // closes its connections too
                client = null;
            }
        }
    }

    /** The connection's URI with its credentials and the unit's timeout. */
    private static RedisURI redisUri(ConnectionSpec connection) {
        RedisURI redis = RedisURI.create(connection.text("uri"));
        redis.setTimeout(TIMEOUT);
        String password = connection.text("password");
        if (password != null) {
            String user = connection.text("username");
            if (user != null) {
                redis.setUsername(user);
            }
            redis.setPassword(password.toCharArray());
        }
        return redis;
    }

    @Override
    public void evict(String connectionId) {
        clients.evict(connectionId);
    }

    @Override
    public void closeIdle(Duration idle) {
        clients.closeIdle(idle);
    }

    @Override
    public int openClients() {
        return clients.size();
    }

    @jakarta.annotation.PreDestroy
    void closeAll() {
        clients.closeAll();
        resources.shutdown(0, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
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
