package io.datasync.sync.connector.jdbc;

import com.zaxxer.hikari.pool.HikariPool;
import io.datasync.kit.egress.EgressGuard;
import io.datasync.models.connector.ConnectorDescriptor;
import io.datasync.models.connector.JdbcKind;
import io.datasync.models.job.SqlIdentifiers;
import io.datasync.sync.connector.postgres.PostgresEndpoint;
import io.datasync.sync.connector.postgres.PostgresSink;
import io.datasync.sync.connector.spi.ClientCache;
import io.datasync.sync.connector.spi.ConnectionSpec;
import io.datasync.sync.connector.spi.Connector;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.Egress;
import io.datasync.sync.connector.spi.KeyAggregates;
import io.datasync.sync.connector.spi.LeasedSink;
import io.datasync.sync.connector.spi.LeasedSource;
import io.datasync.sync.connector.spi.Sink;
import io.datasync.sync.connector.spi.SinkContext;
import io.datasync.sync.connector.spi.Source;
import io.datasync.sync.connector.spi.SourceContext;
import io.datasync.sync.connector.spi.SyncErrorCode;
import io.datasync.sync.connector.spi.TestSteps;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The {@code jdbc} unit: sources over any JDBC URL with a driver here (PostgreSQL, MariaDB/MySQL), the PostgreSQL sink,
 * verification by aggregates computed in each database, and the connection test (login, then optionally a table). Runs
 * use the pools kept per stored connection ({@link JdbcPools}); the connection test logs in afresh, so it proves the
 * credentials as they are now.
 */
@Component
public class JdbcConnector implements Connector {

    private final JdbcPools pools;
    private final EgressGuard guard;
    /** Where change logs register their WAL gauges; null for none. */
    private final MeterRegistry meters;

    /**
     * @param meters where the pools' metrics go; null for none
     * @param guard the egress policy, checked before every connection is opened
     */
    public JdbcConnector(MeterRegistry meters, EgressGuard guard, Clock clock) {
        this.meters = meters;
        this.guard = guard;
        this.pools = new JdbcPools(meters, guard, clock);
    }

    /** The pooled connections of this unit, for the quality gate's lookups and post-load checks in a target. */
    public JdbcPools pools() {
        return pools;
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return JdbcKind.DESCRIPTOR;
    }

    @Override
    public void test(ConnectionSpec connection, TestTarget target, TestSteps steps) {
        JdbcEndpoint endpoint = JdbcEndpoint.of(connection.settings());
        String password = endpoint.password();
        Connection[] opened = new Connection[1];
        if (!Egress.step(
                steps, guard, g -> g.checkJdbcUrl(endpoint.url()), endpoint.redactedUrl() + " may be reached")) {
            return;
        }
        try {
            steps.run(
                    "login",
                    () -> {
                        opened[0] = endpoint.open();
                        var meta = opened[0].getMetaData();
                        return meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion() + " as "
                                + meta.getUserName();
                    },
                    e -> classify(e, "the database", password));
            if (target.table() != null) {
                steps.run(
                        "read table",
                        () -> {
                            if (!SqlIdentifiers.isTable(target.table())) {
                                throw JdbcErrors.invalid(
                                        "'" + target.table() + "' is not a table name: " + SqlIdentifiers.rule());
                            }
                            Dialect dialect = Dialect.fromUrl(endpoint.url());
                            try (Statement st = opened[0].createStatement();
                                    ResultSet rs = st.executeQuery(
                                            "SELECT * FROM " + dialect.quoteTable(target.table()) + " WHERE 1 = 0")) {
                                return target.table() + " has "
                                        + rs.getMetaData().getColumnCount() + " columns";
                            }
                        },
                        e -> classify(e, "table " + target.table(), password));
            }
        } finally {
            if (opened[0] != null) {
                try {
                    opened[0].close();
                } catch (SQLException e) {
                    // the test's answer is already known
                }
            }
        }
    }

    @Override
    public Source source(SourceContext context) {
        checkEgress(context.connection());
        ClientCache<JdbcPools.Pool>.Lease lease = reader(context.connection());
        try {
            if (context.spec().incremental().mode() == io.datasync.models.job.IncrementalMode.CHANGELOG) {
                return new CdcSource(
                                lease.client(),
                                JdbcEndpoint.of(context.connection().settings()),
                                context.spec(),
                                lease)
                        .withMeters(meters);
            }
            return new LeasedSource(new JdbcSource(lease.client(), context.spec(), context.previousState()), lease);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    @Override
    public Sink sink(SinkContext context) {
        ConnectionSpec connection = context.connection();
        String url = connection.text(JdbcKind.URL_OPTION.name());
        String problem = descriptor().sink().connectionCheck().problem(connection.settings());
        if (problem != null) {
            throw new ConnectorException(
                    SyncErrorCode.NO_CONNECTOR, connection.describe() + " cannot be written: " + problem, null);
        }
        checkEgress(connection);
        PostgresEndpoint endpoint = new PostgresEndpoint(
                url, connection.text(JdbcKind.USER.name()), connection.text(JdbcKind.PASSWORD.name()));
        ClientCache<JdbcPools.Pool>.Lease lease;
        try {
            lease = pools.writer(connection);
        } catch (HikariPool.PoolInitializationException e) {
            throw PostgresSink.connectionFailed(e, endpoint);
        }
        try {
            return new LeasedSink(
                    new PostgresSink(
                            endpoint,
                            lease.client().dataSource(),
                            context.target(),
                            context.checkpointKey(),
                            context.parallelism()),
                    lease);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /**
     * Drops a deleted change-log job's replication slot and publication in its source database (if they exist).
     *
     * @throws ConnectorException retriable while the slot is still in use (the job's run is stopping), else as the
     *     database refuses
     */
    @Override
    public void jobDeleted(String jobId, ConnectionSpec source) {
        checkEgress(source);
        JdbcEndpoint endpoint = JdbcEndpoint.of(source.settings());
        try (Connection c = java.sql.DriverManager.getConnection(endpoint.driverUrl(), endpoint.properties(Map.of()))) {
            CdcTable.drop(c, CdcSource.slotName(jobId));
        } catch (SQLException e) {
            if ("55006".equals(e.getSQLState())) {
                // object in use: the job's last run is still stopping and streams from the slot; retried
                throw new ConnectorException(
                        SyncErrorCode.CDC_READ_FAILED,
                        "slot " + CdcSource.slotName(jobId) + " is still in use by the job's stopping run",
                        e);
            }
            throw JdbcErrors.classify(e, "the change log of job " + jobId, endpoint.password());
        }
    }

    /** A table source aggregates its keys in its own database; a query cannot (it is tallied while read). */
    @Override
    public boolean aggregatesSource(io.datasync.models.job.SourceSpec spec) {
        return spec.table() != null;
    }

    @Override
    public Optional<KeyAggregates> sourceAggregates(SourceContext context, String key) {
        if (!aggregatesSource(context.spec())) {
            return Optional.empty();
        }
        return Optional.of(aggregates(context.connection(), context.spec().table(), key));
    }

    @Override
    public Optional<KeyAggregates> targetAggregates(SinkContext context, String key) {
        return Optional.of(aggregates(context.connection(), context.target().table(), key));
    }

    /** Before a run or a verification uses the connection: the policy may have changed since it was saved. */
    private void checkEgress(ConnectionSpec connection) {
        Egress.check(guard, g -> g.checkJdbcUrl(connection.text(JdbcKind.URL_OPTION.name())));
    }

    private KeyAggregates aggregates(ConnectionSpec connection, String table, String key) {
        checkEgress(connection);
        ClientCache<JdbcPools.Pool>.Lease lease = reader(connection);
        return new JdbcKeyAggregates(lease.client(), table, key, lease);
    }

    @Override
    public void evict(String connectionId) {
        pools.evict(connectionId);
    }

    @Override
    public void closeIdle(Duration idle) {
        pools.closeIdle(idle);
    }

    @jakarta.annotation.PreDestroy
    void closeAll() {
        pools.closeAll();
    }

    @Override
    public int openClients() {
        return pools.size();
    }

    private ClientCache<JdbcPools.Pool>.Lease reader(ConnectionSpec connection) {
        try {
            return pools.reader(connection);
        } catch (HikariPool.PoolInitializationException e) {
            JdbcEndpoint endpoint = JdbcEndpoint.of(connection.settings());
            if (e.getCause() instanceof SQLException sql) {
                throw JdbcErrors.classify(sql, connection.describe(), endpoint.password());
            }
            throw new ConnectorException(
                    SyncErrorCode.JDBC_CONNECTION_FAILED,
                    "cannot open a pool for " + connection.describe() + " at " + endpoint.redactedUrl() + ": "
                            + JdbcErrors.redact(String.valueOf(e.getMessage()), endpoint.password()),
                    null);
        }
    }

    private static ConnectorException classify(Exception e, String relation, String password) {
        if (e instanceof SQLException sql) {
            return JdbcErrors.classify(sql, relation, password);
        }
        return new ConnectorException(SyncErrorCode.JDBC_FAILED, String.valueOf(e.getMessage()), e);
    }
}
