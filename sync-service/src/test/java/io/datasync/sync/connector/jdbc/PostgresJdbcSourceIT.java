package io.datasync.sync.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.models.job.IncrementalSpec;
import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.Schema;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The JDBC source against the local PostgreSQL. */
class PostgresJdbcSourceIT extends AbstractJdbcSourceIT {

    private static final String SERVER =
            "jdbc:postgresql://" + System.getenv().getOrDefault("DATASYNC_DB_HOST", "127.0.0.1") + ":5432/";

    @Override
    protected JdbcEndpoint endpoint() {
        return new JdbcEndpoint(SERVER + DATABASE, "postgres", "");
    }

    @Override
    protected void recreateDatabase() throws SQLException {
        admin("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)", "CREATE DATABASE " + DATABASE);
    }

    @Override
    protected void dropDatabase() throws SQLException {
        admin("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
    }

    @Override
    protected String fixtureTable(String table, boolean keyed) {
        return "CREATE TABLE " + table + " (id BIGINT" + (keyed ? " PRIMARY KEY" : "")
                + ", name VARCHAR(40), amount NUMERIC(12,2), ratio DOUBLE PRECISION, born DATE,"
                + " updated_at TIMESTAMP, active BOOLEAN, payload BYTEA)";
    }

    /** The local server trusts known roles whatever the password, so the refusal comes from an unknown role. */
    @Override
    protected JdbcEndpoint refusedLogin(String password) {
        return new JdbcEndpoint(SERVER + DATABASE, "datasync_no_such_role", password);
    }

    @Test
    void postgresSpecificTypesMapToTheirJavaClasses() {
        execute("CREATE TABLE typed (id INT PRIMARY KEY, ref UUID, at TIMESTAMPTZ, doc JSONB, n NUMERIC,"
                + " r REAL, s SMALLINT, t TEXT, v VARCHAR(12), tags TEXT[])");
        execute("INSERT INTO typed VALUES (1, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '2026-03-01 10:00:00+02',"
                + " '{\"a\": 1}', 12345.678901, 0.1, 7, 'text', 'varchar', '{x,y}'), (2, NULL, NULL, NULL, NULL,"
                + " NULL, NULL, NULL, NULL, NULL)");
        try (JdbcSource source = new JdbcSource(endpoint(), spec("typed", null, IncrementalSpec.FULL, null))) {
            Schema schema = source.schema();
            assertThat(schema.columns())
                    .extracting(Column::type)
                    .containsExactly(
                            DataType.INT,
                            DataType.UUID,
                            DataType.TIMESTAMPTZ,
                            DataType.JSON,
                            DataType.DECIMAL,
                            DataType.DOUBLE,
                            DataType.INT,
                            DataType.TEXT,
                            DataType.TEXT,
                            DataType.TEXT);
            assertThat(schema.column(8).precision()).isEqualTo(12);
            assertThat(schema.column(4).precision()).as("unconstrained numeric").isZero();
            Chunk chunk =
                    readAll(source, source.splits().get(0), Position.START, 10).get(0);
            Object[] row = chunk.rows().get(0);
            assertThat(row[1]).isEqualTo(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
            assertThat(((OffsetDateTime) row[2]).toInstant())
                    .isEqualTo(OffsetDateTime.parse("2026-03-01T10:00:00+02:00").toInstant());
            assertThat(row[4]).isEqualTo(new BigDecimal("12345.678901"));
            assertThat(row[5]).isEqualTo(0.1);
            assertThat(row[6]).isEqualTo(7);
            assertThat(row[9]).isEqualTo("{x,y}");
            Object[] nulls = chunk.rows().get(1);
            assertThat(Arrays.copyOfRange(nulls, 1, nulls.length)).containsOnlyNulls();
        }
    }

    private static void admin(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
                Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }
}
