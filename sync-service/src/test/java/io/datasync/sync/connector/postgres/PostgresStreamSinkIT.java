package io.datasync.sync.connector.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.models.job.TargetSpec;
import io.datasync.models.job.TargetType;
import io.datasync.models.job.WriteMode;
import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.PositionUpdate;
import io.datasync.sync.connector.spi.RejectedRecord;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.connector.spi.SyncErrorCode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stream path of the PostgreSQL sink against a real local PostgreSQL: rows and per-split positions commit in one
 * transaction, and a position moved under the writer (compare-and-set fails) leaves nothing of the micro-batch.
 */
class PostgresStreamSinkIT {

    private static final String DATABASE = "datasync_pgstream_it";
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/" + DATABASE;
    private static final PostgresEndpoint ENDPOINT = new PostgresEndpoint(URL, "postgres", "");
    private static final String SCOPE = "stream-job/stream";
    private static final Schema SCHEMA = new Schema(
            List.of(new Column("id", DataType.BIGINT, false, 0, 0), Column.of("name", DataType.TEXT)), List.of("id"));

    private final List<PostgresSink> opened = new ArrayList<>();

    @BeforeAll
    static void createDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                Statement st = c.createStatement()) {
            ResultSet exists = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
            if (!exists.next()) {
                st.execute("CREATE DATABASE " + DATABASE);
            }
        }
    }

    @BeforeEach
    void emptySchema() throws SQLException {
        sql("DROP SCHEMA IF EXISTS st CASCADE", "CREATE SCHEMA st");
    }

    @AfterEach
    void closeSinks() {
        opened.forEach(PostgresSink::close);
    }

    @Test
    void commitsRowsAndFirstPositionsTogether() throws SQLException {
        PostgresSink sink = sink(WriteMode.INSERT);

        long written = sink.write(chunk(1, 2, 3), List.of(update("p0", null, 3, 2), update("p1", null, 1, 1)));

        assertThat(written).isEqualTo(3);
        assertThat(count()).isEqualTo(3);
        assertThat(sink.positions(SCOPE, List.of("p0", "p1", "p2")))
                .containsOnly(Map.entry("p0", offset(3)), Map.entry("p1", offset(1)));
        assertThat(query("SELECT rows_written FROM st.datasync_checkpoint WHERE job_id = '" + SCOPE
                        + "' AND split_id = 'p0'"))
                .isEqualTo("2");
    }

    @Test
    void movesAPositionOnlyFromTheExpectedOne() throws SQLException {
        PostgresSink sink = sink(WriteMode.UPSERT);
        sink.write(chunk(1), List.of(update("p0", null, 1, 1)));

        sink.write(chunk(2, 3), List.of(update("p0", 1L, 3, 2)));

        assertThat(sink.positions(SCOPE, List.of("p0"))).containsEntry("p0", offset(3));
        assertThat(count()).isEqualTo(3);
        assertThat(query("SELECT rows_written FROM st.datasync_checkpoint WHERE split_id = 'p0'"))
                .isEqualTo("3");
    }

    @Test
    void aMovedPositionRollsTheWholeMicroBatchBack() throws SQLException {
        PostgresSink sink = sink(WriteMode.INSERT);
        sink.write(chunk(1), List.of(update("p0", null, 1, 1), update("p1", null, 10, 0)));

        // p0 still matches, p1 was moved by another reader: neither the rows nor p0's move may commit
        assertThatThrownBy(() -> sink.write(chunk(2, 3), List.of(update("p0", 1L, 3, 2), update("p1", 5L, 12, 0))))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(SyncErrorCode.POSITION_MOVED);
                    assertThat(e.retriable()).isTrue();
                    assertThat(e.getMessage()).contains("p1");
                });

        assertThat(count()).isEqualTo(1);
        assertThat(sink.positions(SCOPE, List.of("p0", "p1")))
                .containsOnly(Map.entry("p0", offset(1)), Map.entry("p1", offset(10)));
    }

    @Test
    void aFailedRowWriteLeavesThePositionsWhereTheyWere() throws SQLException {
        PostgresSink sink = sink(WriteMode.INSERT);
        sink.write(chunk(1), List.of(update("p0", null, 1, 1)));

        // insert keeps append semantics: key 1 again is a constraint error after the positions already moved
        assertThatThrownBy(() -> sink.write(chunk(2, 1), List.of(update("p0", 1L, 3, 2))))
                .isInstanceOfSatisfying(
                        ConnectorException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SyncErrorCode.TARGET_CONSTRAINT));

        assertThat(count()).isEqualTo(1);
        assertThat(sink.positions(SCOPE, List.of("p0"))).containsEntry("p0", offset(1));
    }

    @Test
    void aFirstWriteLosesToAnotherReadersFirstWrite() throws SQLException {
        PostgresSink first = sink(WriteMode.INSERT);
        PostgresSink second = sink(WriteMode.INSERT);
        first.write(chunk(1), List.of(update("p0", null, 1, 1)));

        assertThatThrownBy(() -> second.write(chunk(1), List.of(update("p0", null, 1, 1))))
                .isInstanceOfSatisfying(
                        ConnectorException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SyncErrorCode.POSITION_MOVED));
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void aBatchOfOnlyRejectsStillMovesItsPosition() throws SQLException {
        PostgresSink sink = sink(WriteMode.UPSERT);
        Chunk rejects = new Chunk(
                SCHEMA, List.of(), Position.START, 0, List.of(new RejectedRecord("p0@1", "not JSON", new byte[] {1, 2
                })));

        assertThat(sink.write(rejects, List.of(update("p0", null, 1, 1)))).isZero();

        assertThat(count()).isZero();
        assertThat(sink.positions(SCOPE, List.of("p0"))).containsEntry("p0", offset(1));
    }

    @Test
    void refusesToStreamIntoAnOverwrite() {
        PostgresSink sink = sink(WriteMode.OVERWRITE);
        assertThatThrownBy(() -> sink.write(chunk(1), List.of(update("p0", null, 1, 1))))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(SyncErrorCode.INVALID_OPTIONS);
                    assertThat(e.getMessage()).contains("overwrite");
                });
    }

    @Test
    void upsertsARepeatedKeyThroughStagingAndStillMovesThePosition() throws SQLException {
        PostgresSink sink = sink(WriteMode.UPSERT);
        sink.write(chunk(1, 2), List.of(update("p0", null, 2, 2)));

        // key 2 again: the direct COPY clashes, the sink falls back to staging + ON CONFLICT in a fresh transaction
        sink.write(chunk(2, 3), List.of(update("p0", 2L, 4, 2)));

        assertThat(count()).isEqualTo(3);
        assertThat(sink.positions(SCOPE, List.of("p0"))).containsEntry("p0", offset(4));
    }

    private PostgresSink sink(WriteMode mode) {
        PostgresSink sink = new PostgresSink(
                ENDPOINT,
                new TargetSpec(TargetType.JDBC, "target-db", "st.events", mode, List.of("id"), true, Map.of()),
                SCOPE,
                2);
        opened.add(sink);
        sink.prepare(SCHEMA);
        return sink;
    }

    private static Chunk chunk(long... ids) {
        List<Object[]> rows = new ArrayList<>();
        for (long id : ids) {
            rows.add(new Object[] {id, "n" + id});
        }
        return new Chunk(SCHEMA, rows, Position.START, 0);
    }

    private static Position offset(long n) {
        return new Position(Map.of("offset", n));
    }

    private static PositionUpdate update(String split, Long expected, long next, long rows) {
        return new PositionUpdate(split, expected == null ? null : offset(expected), offset(next), rows);
    }

    private static long count() throws SQLException {
        return Long.parseLong(query("SELECT count(*) FROM st.events"));
    }

    private static String query(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, "postgres", "");
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static void sql(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, "postgres", "");
                Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }
}
