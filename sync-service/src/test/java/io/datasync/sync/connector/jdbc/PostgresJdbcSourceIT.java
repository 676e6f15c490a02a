package io.datasync.sync.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.models.job.IncrementalSpec;
import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.RejectedRecord;
import io.datasync.sync.connector.spi.Schema;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postgresql.PGResultSetMetaData;

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

    /**
     * Once the driver switches a statement to binary results, {@link PgBinaryValues} decodes timestamps, dates, UUIDs
     * and numerics itself: every value must equal what the driver's own conversion gives, edge values included.
     */
    @Test
    void binaryResultsAreDecodedExactlyAsTheDriverDecodesThem() throws SQLException {
        execute("CREATE TABLE edges (id INT PRIMARY KEY, at TIMESTAMPTZ, local TIMESTAMP, day DATE, ref UUID,"
                + " n NUMERIC, money NUMERIC(12,2))");
        execute("INSERT INTO edges VALUES"
                + " (1, '2026-03-01 10:00:00.123456+02', '2026-03-01 10:00:00.123456', '2026-02-28',"
                + "  'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 12345.678901, 3700.00),"
                + " (2, 'infinity', 'infinity', 'infinity', NULL, -7.50, -0.01),"
                + " (3, '-infinity', '-infinity', '-infinity', '00000000-0000-0000-0000-000000000000', 0, 0),"
                + " (4, '1970-01-01 00:00:00.000001+00', '1969-12-31 23:59:59.999999', '1970-01-01',"
                + "  'ffffffff-ffff-ffff-ffff-ffffffffffff', -0.0001, 9999999999.99),"
                + " (5, '0044-03-15 12:00:00+00 BC', '0001-01-01 00:00:00', '0001-01-01 BC', NULL, 1e20, -9999999999.99),"
                + " (6, '1999-12-31 23:59:59.999999+00', '2000-01-01 00:00:00', '2000-01-01', NULL,"
                + "  123456789012345678901234.5, 10000),"
                + " (7, NULL, NULL, NULL, NULL, NULL, NULL),"
                + " (8, '9999-12-31 23:59:59.999999+00', '2262-04-11 23:47:16.854775', '5874897-12-31', NULL,"
                + "  0.000000000000000000001, 1.5),"
                + " (9, '2026-11-28 04:00:00+00', '2026-11-28 04:00:00', '2026-11-28', NULL, 99999999999999999.99,"
                + "  -1234567890.12),"
                + " (10, '2026-11-28 04:00:00+00', '2026-11-28 04:00:00', '2026-11-28', NULL, 10000.0000, 0.10)");
        int binaryExecutions = 0;
        try (Connection c = connection();
                PreparedStatement st = c.prepareStatement("SELECT * FROM edges ORDER BY id")) {
            for (int execution = 0; execution < 8; execution++) {
                try (ResultSet rs = st.executeQuery()) {
                    ResultSetMetaData md = rs.getMetaData();
                    List<JdbcTypes.Mapped> mapped = new ArrayList<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        mapped.add(JdbcTypes.map(md, i));
                    }
                    List<JdbcTypes.ValueReader> defaults =
                            mapped.stream().map(JdbcTypes.Mapped::reader).toList();
                    Schema schema = new Schema(
                            mapped.stream().map(JdbcTypes.Mapped::column).toList(), List.of("id"));
                    JdbcTypes.ValueReader[] direct = PgBinaryValues.readers(rs, schema, defaults);
                    if (md.unwrap(PGResultSetMetaData.class).getFormat(2) == 1) {
                        binaryExecutions++;
                        for (int i = 1; i < direct.length; i++) {
                            assertThat(direct[i])
                                    .as("binary %s is decoded directly", md.getColumnTypeName(i + 1))
                                    .isNotSameAs(defaults.get(i));
                        }
                    }
                    while (rs.next()) {
                        for (int i = 0; i < direct.length; i++) {
                            assertThat(direct[i].read(rs, i + 1))
                                    .as("row %s column %s", rs.getInt(1), md.getColumnName(i + 1))
                                    .isEqualTo(defaults.get(i).read(rs, i + 1));
                        }
                    }
                }
            }
        }
        assertThat(binaryExecutions).as("the driver switched to binary results").isGreaterThan(0);
    }

    /**
     * numeric NaN and Infinity have no BigDecimal: such a row is rejected with its key and the column, the others
     * are read, and the position moves past it even when it ends a chunk (keyed) or by its ordinal (keyless).
     */
    @Test
    void aValueWithoutAJavaFormRejectsItsRowNotTheRun() {
        for (boolean keyed : new boolean[] {true, false}) {
            String table = keyed ? "odd_numbers" : "odd_numbers_keyless";
            execute("CREATE TABLE " + table + " (id INT" + (keyed ? " PRIMARY KEY" : "") + ", amount NUMERIC)");
            execute("INSERT INTO " + table
                    + " SELECT g, CASE g WHEN 4 THEN 'NaN'::numeric WHEN 7 THEN 'Infinity'::numeric"
                    + " ELSE g * 1.5 END FROM generate_series(1, 10) g");
            // as the driver reads the first few statements (text) and with binary results from the first one
            for (JdbcEndpoint endpoint : new JdbcEndpoint[] {
                endpoint(), new JdbcEndpoint(SERVER + DATABASE + "?prepareThreshold=-1", "postgres", "")
            })
                try (JdbcSource source = new JdbcSource(endpoint, spec(table, null, IncrementalSpec.FULL, null))) {
                    assertThat(source.resumable(source.splits().get(0)))
                            .as("only keyset splits continue after a position")
                            .isEqualTo(keyed);
                    List<Chunk> chunks = readAll(source, source.splits().get(0), Position.START, 2);
                    assertThat(chunks.stream().flatMap(c -> c.rows().stream()).map(r -> r[0]))
                            .containsExactlyInAnyOrder(1, 2, 3, 5, 6, 8, 9, 10);
                    List<RejectedRecord> rejected =
                            chunks.stream().flatMap(c -> c.rejected().stream()).toList();
                    assertThat(rejected)
                            .extracting(RejectedRecord::locator)
                            .containsExactly(keyed ? "id=4" : "row 4", keyed ? "id=7" : "row 7");
                    assertThat(rejected).allSatisfy(r -> assertThat(r.reason()).startsWith("amount: "));
                    assertThat(rejected.get(0).reason()).contains("NaN");
                }
        }
    }

    /** Keyset reading continues after a row's key: a key that cannot be read fails the split, wherever it falls. */
    @Test
    void aKeyThatCannotBeReadFailsTheSplitPlainly() {
        execute("CREATE TABLE odd_keys (n NUMERIC PRIMARY KEY, v TEXT)");
        execute("INSERT INTO odd_keys VALUES (1, 'a'), (2, 'b'), ('NaN', 'c')");
        for (int chunk : new int[] {2, 3, 10}) {
            try (JdbcSource source = new JdbcSource(endpoint(), spec("odd_keys", null, IncrementalSpec.FULL, null))) {
                assertThatThrownBy(() -> readAll(source, source.splits().get(0), Position.START, chunk))
                        .as("chunks of %s", chunk)
                        .isInstanceOfSatisfying(ConnectorException.class, e -> {
                            assertThat(e.code()).isEqualTo("SYNC-199");
                            assertThat(e.retriable()).isFalse();
                            assertThat(e.getMessage())
                                    .contains("key could not be read")
                                    .contains("n: ");
                        });
            }
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
