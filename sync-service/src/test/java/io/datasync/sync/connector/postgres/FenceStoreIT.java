package io.datasync.sync.connector.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.datasync.models.job.TargetSpec;
import io.datasync.models.job.TargetType;
import io.datasync.models.job.WriteMode;
import io.datasync.sync.connector.spi.Checkpoint;
import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.Fence;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.connector.spi.Sink;
import io.datasync.sync.connector.spi.SyncErrorCode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fences in a real PostgreSQL (127.0.0.1:5432, its own database, a schema per test): an owner that lost its scope to a
 * newer epoch cannot commit another chunk, a late commit of the old owner is ordered before the new owner's claim, and
 * a writer stalled in the middle of its transaction does not hold the new owner up for longer than the timeouts.
 */
class FenceStoreIT {

    private static final String DATABASE = "datasync_fence_it";
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/" + DATABASE;
    private static final PostgresEndpoint ENDPOINT = new PostgresEndpoint(URL, "postgres", "");
    private static final Schema SCHEMA =
            new Schema(List.of(Column.of("id", DataType.BIGINT), Column.of("name", DataType.TEXT)), List.of("id"));

    private final String schema =
            "fence_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final String scope = "job-" + schema + "/run";
    private final List<Sink> opened = new ArrayList<>();

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
    void createSchema() throws SQLException {
        sql("CREATE SCHEMA " + schema);
    }

    @AfterEach
    void dropSchema() throws SQLException {
        opened.forEach(Sink::close);
        sql("DROP SCHEMA " + schema + " CASCADE");
    }

    @Test
    void aChunkOfAnOlderEpochAfterANewerClaimIsFencedAndLeavesTheTargetUnchanged() throws SQLException {
        Sink old = sink(new Fence(scope, 1, "node-a"));
        old.write(chunk(1, 2), checkpoint(2));

        Sink newer = sink(new Fence(scope, 2, "node-b"));
        assertThat(newer.checkpoint(scope, "s0"))
                .as("the new owner reads the checkpoints after its claim")
                .map(Checkpoint::rowsWritten)
                .hasValue(2L);

        assertThatThrownBy(() -> old.write(chunk(3, 4), checkpoint(4)))
                .isInstanceOfSatisfying(
                        ConnectorException.class, e -> assertThat(e.errorCode()).isEqualTo(SyncErrorCode.FENCED))
                .hasMessageContaining("epoch 1 of node-a no longer owns " + scope)
                .hasMessageContaining("holds epoch 2 of node-b");
        assertThat(ids()).containsExactly(1L, 2L);
        assertThat(newer.checkpoint(scope, "s0")).map(Checkpoint::rowsWritten).hasValue(2L);

        newer.write(chunk(3, 4), checkpoint(4));
        assertThat(ids()).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void anOlderOwnerCannotClaimAScopeANewerOneHolds() {
        sink(new Fence(scope, 7, "node-b"));

        assertThatThrownBy(() -> sink(new Fence(scope, 6, "node-a")))
                .isInstanceOfSatisfying(
                        ConnectorException.class, e -> assertThat(e.errorCode()).isEqualTo(SyncErrorCode.FENCED))
                .hasMessageContaining("a newer owner claimed it first");
    }

    @Test
    void aSinkWithoutAFenceWritesAsBefore() throws SQLException {
        Sink unfenced = new PostgresSink(ENDPOINT, target(), scope, 1);
        opened.add(unfenced);
        unfenced.prepare(SCHEMA);
        unfenced.write(chunk(1, 1), checkpoint(1));
        assertThat(ids()).containsExactly(1L);
    }

    /**
     * The old owner passed its check and is still inside its chunk when the new owner claims: the claim waits for the
     * row lock, the chunk commits first, and the new owner then reads its checkpoint — the chunk is neither lost nor
     * written again. The old owner's next chunk is fenced.
     */
    @Test
    void aLateCommitOfTheOldOwnerIsOrderedBeforeTheNewOwnersClaim() throws Exception {
        FenceStore fences = new FenceStore(schema, Duration.ofSeconds(30));
        CheckpointStore checkpoints = new CheckpointStore(schema, scope);
        Fence old = new Fence(scope, 1, "node-a");
        Fence newer = new Fence(scope, 2, "node-b");
        try (Connection a = connect();
                Connection b = connect()) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            fences.create(a);
            checkpoints.create(a);
            TargetTable.execute(a, "CREATE TABLE " + schema + ".items (id bigint)");
            fences.claim(a, old);
            a.commit();

            fences.check(a, old); // the old owner's chunk starts ...
            TargetTable.execute(a, "INSERT INTO " + schema + ".items VALUES (1), (2)");
            checkpoints.save(a, checkpoint(2));
            int backend = backendOf(b);
            CompletableFuture<Void> claim = CompletableFuture.runAsync(() -> {
                try {
                    fences.claim(b, newer);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(20)).until(() -> waitsForALock(backend));
            assertThat(claim).as("the claim waits for the chunk in flight").isNotDone();
            a.commit(); // ... and commits late
            claim.get(20, TimeUnit.SECONDS);

            assertThat(checkpoints.read(b, scope, "s0"))
                    .as("read after the claim: the late chunk is there")
                    .map(Checkpoint::rowsWritten)
                    .hasValue(2L);
            b.commit();
            assertThatThrownBy(() -> fences.check(a, old))
                    .isInstanceOfSatisfying(
                            ConnectorException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(SyncErrorCode.FENCED));
            a.rollback();
        }
    }

    /**
     * A writer stopped between its check and its commit (SIGSTOP, a long pause) holds the fence row: the server ends
     * its session once it has been idle in its transaction for a third of the lease, and the new owner's claim, which
     * waits up to half the lease, then goes through. The stalled chunk never commits.
     */
    @Test
    void aWriterStalledInItsTransactionDoesNotHoldTheNewOwnerUp() throws Exception {
        FenceStore fences = new FenceStore(schema, Duration.ofSeconds(6));
        Fence old = new Fence(scope, 1, "node-a");
        try (Connection a = connect();
                Connection b = connect()) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            fences.create(a);
            fences.claim(a, old);
            a.commit();
            fences.check(a, old); // then the writer stalls, idle in its transaction

            fences.claim(b, new Fence(scope, 2, "node-b"));
            b.commit();

            assertThatThrownBy(a::commit)
                    .as("the server ended the stalled session")
                    .isInstanceOf(SQLException.class);
            assertThat(holder()).isEqualTo("2 node-b");
        }
    }

    private Sink sink(Fence fence) {
        PostgresSink sink = new PostgresSink(ENDPOINT, target(), scope, 1);
        opened.add(sink);
        sink.fence(fence, Duration.ofSeconds(30));
        sink.prepare(SCHEMA);
        return sink;
    }

    private TargetSpec target() {
        return new TargetSpec(
                TargetType.JDBC, "target-db", schema + ".items", WriteMode.INSERT, List.of(), true, Map.of());
    }

    private static Chunk chunk(long from, long to) {
        List<Object[]> rows = new ArrayList<>();
        for (long id = from; id <= to; id++) {
            rows.add(new Object[] {id, "row " + id});
        }
        return new Chunk(SCHEMA, rows, new Position(Map.of("lastKey", to)), rows.size() * 16L);
    }

    private Checkpoint checkpoint(long lastKey) {
        return new Checkpoint(scope, "s0", new Position(Map.of("lastKey", lastKey)), lastKey);
    }

    private List<Long> ids() throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = connect();
                ResultSet rs = c.createStatement().executeQuery("SELECT id FROM " + schema + ".items ORDER BY id")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    private String holder() throws SQLException {
        try (Connection c = connect();
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT epoch || ' ' || owner FROM " + schema + ".datasync_fence")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static int backendOf(Connection c) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            int pid = rs.getInt(1);
            c.commit();
            return pid;
        }
    }

    private static boolean waitsForALock(int backend) throws SQLException {
        try (Connection c = connect();
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT wait_event_type FROM pg_stat_activity WHERE pid = " + backend)) {
            return rs.next() && "Lock".equals(rs.getString(1));
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(URL, "postgres", "");
    }

    private static void sql(String... statements) throws SQLException {
        try (Connection c = connect();
                Statement st = c.createStatement()) {
            for (String statement : statements) {
                st.execute(statement);
            }
        }
    }
}
