package io.datasync.sync.connector.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.datasync.models.connector.JdbcKind;
import io.datasync.sync.connector.spi.ClientCache;
import io.datasync.sync.connector.spi.ConnectionSpec;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;

/**
 * The HikariCP pools kept per stored JDBC connection: one for reading (read-only sessions in autocommit — PostgreSQL
 * with {@code readOnlyMode=always}, MariaDB/MySQL with {@code SET SESSION TRANSACTION READ ONLY} — so even an
 * autocommit statement runs in a read-only transaction and a source query cannot write, e.g. through a function that
 * inserts) and one for writing (autocommit off, the sink commits each chunk with
 * its checkpoint). Each is sized by the connection's {@code maxPoolSize}, starts empty, keeps idle connections for a
 * minute, replaces them after 30 minutes, checks them with {@code Connection.isValid} before handing them out, and
 * exports HikariCP's metrics ({@code hikaricp_connections_*}, tagged with the pool's name
 * {@code datasync-<source|sink>-<connection>-v<version>}).
 */
public final class JdbcPools {

    /** How long a run waits for a free connection of a full pool before its chunk fails (retriable). */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(30);

    /** A pool of one stored connection, in one role. */
    public static final class Pool implements JdbcConnections, AutoCloseable {
        private final HikariDataSource dataSource;
        private final JdbcEndpoint endpoint;

        Pool(HikariDataSource dataSource, JdbcEndpoint endpoint) {
            this.dataSource = dataSource;
            this.endpoint = endpoint;
        }

        @Override
        public Connection open() throws SQLException {
            return dataSource.getConnection();
        }

        @Override
        public String url() {
            return endpoint.url();
        }

        @Override
        public String password() {
            return endpoint.password();
        }

        public JdbcEndpoint endpoint() {
            return endpoint;
        }

        public javax.sql.DataSource dataSource() {
            return dataSource;
        }

        @Override
        public void close() {
            dataSource.close();
        }
    }

    private final ClientCache<Pool> readers;
    private final ClientCache<Pool> writers;
    private final MeterRegistry meters;
    private final io.datasync.kit.egress.EgressGuard guard;

    public JdbcPools(MeterRegistry meters, io.datasync.kit.egress.EgressGuard guard, Clock clock) {
        this.meters = meters;
        this.guard = guard;
        this.readers = new ClientCache<>("jdbc", clock);
        this.writers = new ClientCache<>("jdbc", clock);
    }

    /**
     * A lease on the connection's read-only pool.
     *
     * @throws io.datasync.sync.connector.spi.ConnectorException classified by {@link JdbcErrors} when the pool cannot
     *     open its first connection (refused login, unreachable host)
     */
    public ClientCache<Pool>.Lease reader(ConnectionSpec connection) {
        return readers.acquire(connection, "source", c -> open(c, true));
    }

    /**
     * A lease on the connection's writing pool.
     *
     * @throws HikariPool.PoolInitializationException wrapping the driver's {@link SQLException} when the pool cannot
     *     open its first connection; the sink classifies it
     */
    public ClientCache<Pool>.Lease writer(ConnectionSpec connection) {
        return writers.acquire(connection, "sink", c -> open(c, false));
    }

    public void evict(String connectionId) {
        readers.evict(connectionId);
        writers.evict(connectionId);
    }

    public void closeIdle(Duration idle) {
        readers.closeIdle(idle);
        writers.closeIdle(idle);
    }

    public void closeAll() {
        readers.closeAll();
        writers.closeAll();
    }

    /** How many pools are open, for metrics. */
    public int size() {
        return readers.size() + writers.size();
    }

    private Pool open(ConnectionSpec connection, boolean reading) {
        JdbcEndpoint endpoint = JdbcEndpoint.of(connection.settings());
        HikariConfig config = new HikariConfig();
        String role = reading ? "source" : "sink";
        config.setPoolName("datasync-" + role + "-" + (connection.stored() ? connection.name() : "unsaved") + "-v"
                + connection.version());
        Object max = connection.settings().get(JdbcKind.MAX_POOL_SIZE.name());
        config.setMaximumPoolSize(max instanceof Number n ? n.intValue() : JdbcKind.MAX_POOL_SIZE.defaultValue());
        config.setMinimumIdle(0);
        config.setIdleTimeout(Duration.ofMinutes(1).toMillis());
        config.setMaxLifetime(Duration.ofMinutes(30).toMillis());
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        config.setValidationTimeout(Duration.ofSeconds(5).toMillis());
        config.setAutoCommit(reading);
        config.setReadOnly(reading);
        java.util.Map<String, String> properties = new java.util.HashMap<>();
        if (Dialect.fromUrl(endpoint.url()) == Dialect.POSTGRESQL) {
            // Lets an operator tell the platform's sessions apart in pg_stat_activity.
            properties.put("ApplicationName", "datasync-" + role);
            if (reading) {
                properties.put("readOnlyMode", "always");
            } else {
                // The server's detail on constraint and data errors quotes row values; keep them out of messages.
                properties.put("logServerErrorDetail", "false");
            }
        }
        // Every physical connection is checked against the egress policy, and carries the driver defaults.
        config.setDataSource(new GuardedDataSource(endpoint, guard, properties));
        if (reading && Dialect.fromUrl(endpoint.url()) == Dialect.MYSQL) {
            // MariaDB's driver keeps setReadOnly to itself outside replication: the session is made read-only here,
            // which covers autocommit statements too.
            config.setConnectionInitSql("SET SESSION TRANSACTION READ ONLY");
        }
        if (meters != null && connection.stored()) {
            config.setMetricRegistry(meters);
        }
        return new Pool(new HikariDataSource(config), endpoint);
    }
}
