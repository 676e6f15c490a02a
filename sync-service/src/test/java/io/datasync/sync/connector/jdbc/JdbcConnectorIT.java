package io.datasync.sync.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.models.job.IncrementalSpec;
import io.datasync.models.job.SourceSpec;
import io.datasync.models.job.SourceType;
import io.datasync.models.job.TargetSpec;
import io.datasync.models.job.TargetType;
import io.datasync.models.job.WriteMode;
import io.datasync.sync.connector.spi.Checkpoint;
import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.ConnectionSpec;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.connector.spi.Sink;
import io.datasync.sync.connector.spi.SinkContext;
import io.datasync.sync.connector.spi.Source;
import io.datasync.sync.connector.spi.SourceContext;
import io.datasync.sync.connector.spi.Split;
import io.datasync.sync.connector.spi.SplitReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The jdbc unit against the local PostgreSQL: its pools, their read-only sessions and their sharing. */
class JdbcConnectorIT {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String DATABASE = "datasync_connector_it";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final JdbcConnector connector =
            new JdbcConnector(meters, io.datasync.sync.connector.spi.TestEgress.LOOPBACK, Clock.systemUTC());

    @BeforeAll
    static void database() throws SQLException {
        sql("postgres", "DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)", "CREATE DATABASE " + DATABASE);
        sql(
                DATABASE,
                "CREATE TABLE t (id BIGINT PRIMARY KEY, v TEXT)",
                "INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 3) g",
                "CREATE FUNCTION sneaky() RETURNS bigint LANGUAGE sql AS"
                        + " $$ INSERT INTO t VALUES (99, 'written by a query') RETURNING id $$");
    }

    @AfterAll
    static void drop() throws SQLException {
        sql("postgres", "DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
    }

    private static ConnectionSpec connection(long version, int maxPoolSize) {
        return new ConnectionSpec(
                "conn-1",
                "warehouse",
                "jdbc",
                version,
                Map.of("url", SERVER + DATABASE, "user", "postgres", "maxPoolSize", maxPoolSize));
    }

    private static SourceSpec query(String sql) {
        return new SourceSpec(SourceType.JDBC, "warehouse", null, sql, IncrementalSpec.FULL, null, Map.of());
    }

    private static SourceSpec table(String table) {
        return new SourceSpec(SourceType.JDBC, "warehouse", table, null, IncrementalSpec.FULL, null, Map.of());
    }

    /**
     * Keyed reads run one autocommit statement per chunk, outside any transaction the driver would open: the pool's
     * sessions are read-only themselves, so a query calling a function that writes fails instead of writing.
     */
    @Test
    void aSourceQueryRunsReadOnlySoItCannotWriteThroughAFunction() throws SQLException {
        SourceSpec spec = new SourceSpec(
                SourceType.JDBC,
                "warehouse",
                null,
                "SELECT sneaky() AS id",
                IncrementalSpec.FULL,
                new io.datasync.models.job.SplitSpec("id", 1),
                Map.of());
        try (Source source = connector.source(new SourceContext(connection(1, 2), spec, Map.of()))) {
            assertThatThrownBy(() -> {
                        for (Split split : source.splits()) {
                            try (SplitReader reader = source.open(split, Position.START)) {
                                reader.next(100);
                            }
                        }
                    })
                    .isInstanceOf(ConnectorException.class)
                    .hasMessageContaining("read-only transaction");
        }
        assertThat(count("t")).isEqualTo(3);
    }

    @Test
    void onMariaDbTooASourceQueryCannotWriteThroughAFunction() throws SQLException {
        String url = "jdbc:mariadb://127.0.0.1:3306/test";
        try (Connection c = DriverManager.getConnection(url, "root", "");
                Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS connector_ro");
            st.execute("CREATE TABLE connector_ro (id BIGINT PRIMARY KEY)");
            st.execute("DROP FUNCTION IF EXISTS connector_sneaky");
            st.execute("CREATE FUNCTION connector_sneaky() RETURNS BIGINT MODIFIES SQL DATA"
                    + " BEGIN INSERT INTO connector_ro VALUES (99); RETURN 99; END");
        }
        ConnectionSpec mariadb =
                new ConnectionSpec("conn-3", "shop", "jdbc", 1, Map.of("url", url, "user", "root", "maxPoolSize", 2));
        SourceSpec spec = new SourceSpec(
                SourceType.JDBC,
                "shop",
                null,
                "SELECT connector_sneaky() AS id",
                IncrementalSpec.FULL,
                new io.datasync.models.job.SplitSpec("id", 1),
                Map.of());
        try (Source source = connector.source(new SourceContext(mariadb, spec, Map.of()))) {
            assertThatThrownBy(() -> {
                        for (Split split : source.splits()) {
                            try (SplitReader reader = source.open(split, Position.START)) {
                                reader.next(100);
                            }
                        }
                    })
                    .isInstanceOf(ConnectorException.class)
                    .hasMessageContaining("READ ONLY");
        }
        try (Connection c = DriverManager.getConnection(url, "root", "");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM connector_ro")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }

    @Test
    void runsOfAConnectionShareOnePoolAndAChangedConnectionGetsANewOne() throws SQLException {
        Source first = connector.source(new SourceContext(connection(1, 2), table("t"), Map.of()));
        Source second = connector.source(new SourceContext(connection(1, 2), table("t"), Map.of()));
        try (SplitReader a = first.open(Split.whole(), Position.START);
                SplitReader b = second.open(Split.whole(), Position.START)) {
            assertThat(a.next(10)).map(Chunk::size).contains(3);
            assertThat(b.next(10)).map(Chunk::size).contains(3);
        }
        assertThat(connector.openClients()).isEqualTo(1);
        assertThat(meters.find("hikaricp.connections")
                        .tag("pool", "datasync-source-warehouse-v1")
                        .gauge())
                .as("the pool's metrics are exported")
                .isNotNull();
        first.close();
        second.close();

        try (Source changed = connector.source(new SourceContext(connection(2, 2), table("t"), Map.of()))) {
            assertThat(changed.schema().names()).containsExactly("id", "v");
            assertThat(connector.openClients())
                    .as("version 1's pool was closed")
                    .isEqualTo(1);
        }
        connector.evict("conn-1");
        assertThat(connector.openClients()).isZero();
    }

    /**
     * One writing pool of one session serves two jobs writing differently shaped tables: each target gets a staging
     * table of its own in the session, so upserts through staging do not mix them up.
     */
    @Test
    void sinksOfDifferentTablesShareTheWritingPoolOfTheirConnection() throws SQLException {
        sql(
                DATABASE,
                "CREATE TABLE a (id BIGINT PRIMARY KEY, x TEXT)",
                "CREATE TABLE b (id BIGINT PRIMARY KEY, y INT, z TEXT)",
                "INSERT INTO a VALUES (1, 'old')",
                "INSERT INTO b VALUES (1, 0, 'old')");
        Schema schemaA =
                new Schema(List.of(Column.of("id", DataType.BIGINT), Column.of("x", DataType.TEXT)), List.of("id"));
        Schema schemaB = new Schema(
                List.of(Column.of("id", DataType.BIGINT), Column.of("y", DataType.INT), Column.of("z", DataType.TEXT)),
                List.of("id"));
        ConnectionSpec oneSession = connection(1, 1);
        try (Sink a = connector.sink(new SinkContext(oneSession, target("a"), "job-a/run", 1));
                Sink b = connector.sink(new SinkContext(oneSession, target("b"), "job-b/run", 1))) {
            a.prepare(schemaA);
            b.prepare(schemaB);
            for (int round = 0; round < 2; round++) {
                a.write(
                        new Chunk(
                                schemaA,
                                List.of(new Object[] {1L, "a" + round}, new Object[] {2L, "a" + round}),
                                pos(round),
                                10),
                        new Checkpoint("job-a/run", "all", pos(round), 2));
                b.write(
                        new Chunk(schemaB, List.<Object[]>of(new Object[] {1L, round, "b" + round}), pos(round), 10),
                        new Checkpoint("job-b/run", "all", pos(round), 1));
            }
        }
        assertThat(single("SELECT string_agg(id || ':' || x, ',' ORDER BY id) FROM a"))
                .isEqualTo("1:a1,2:a1");
        assertThat(single("SELECT id || ':' || y || ':' || z FROM b")).isEqualTo("1:1:b1");
    }

    @Test
    void aTargetThatIsNotPostgresIsRefusedNamingTheConnection() {
        ConnectionSpec mariadb = new ConnectionSpec(
                "conn-2", "shop", "jdbc", 1, Map.of("url", "jdbc:mariadb://127.0.0.1:3306/test", "user", "root"));
        assertThatThrownBy(() -> connector.sink(new SinkContext(mariadb, target("t"), "job/run", 1)))
                .isInstanceOf(ConnectorException.class)
                .hasMessageContaining("connection 'shop' cannot be written: only PostgreSQL targets");
    }

    private static TargetSpec target(String table) {
        return new TargetSpec(TargetType.JDBC, "warehouse", table, WriteMode.UPSERT, List.of("id"), false, Map.of());
    }

    private static Position pos(int round) {
        return new Position(Map.of("n", round));
    }

    private static long count(String table) throws SQLException {
        return Long.parseLong(single("SELECT count(*) FROM " + table));
    }

    private static String single(String query) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + DATABASE, "postgres", "");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void sql(String database, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + database, "postgres", "");
                Statement st = c.createStatement()) {
            for (String statement : statements) {
                st.execute(statement);
            }
        }
    }
}
