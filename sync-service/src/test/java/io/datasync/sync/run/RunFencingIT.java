package io.datasync.sync.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.kit.test.ServiceTestSupport;
import io.datasync.models.job.TargetSpec;
import io.datasync.models.job.TargetType;
import io.datasync.models.job.WriteMode;
import io.datasync.sync.connector.postgres.PostgresEndpoint;
import io.datasync.sync.connector.postgres.PostgresSink;
import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.Fence;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.connector.spi.Source;
import io.datasync.sync.connector.spi.Split;
import io.datasync.sync.connector.spi.SplitReader;
import io.datasync.sync.connector.spi.SyncErrorCode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A run taken over while its first owner still executes it (the owner was paused by the OS, or cut off from this
 * database long enough to lose its lease): the claims go through the real {@code sync_run}, the rows into a real
 * PostgreSQL target with insert (no key, so a doubled row would show). The new owner's claim fences the old one out:
 * the old owner's next chunk fails with FENCED, and the target ends with every row exactly once.
 */
class RunFencingIT extends ServiceTestSupport {

    private static final String DATABASE = "datasync_runfence_it";
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/" + DATABASE;
    private static final PostgresEndpoint ENDPOINT = new PostgresEndpoint(URL, "postgres", "");
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final int ROWS = 100;
    private static final int CHUNK = 10;

    @Autowired
    RunRepository runs;

    private final String schema =
            "runfence_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

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

    @Test
    void theFirstOwnersNextChunkAfterATakeoverIsFencedAndEveryRowIsWrittenOnce() throws Exception {
        targetSql("CREATE SCHEMA " + schema);
        UUID id = queuedRun();
        String checkpointKey = "fencing-job/" + id;

        // node-a claims the run and copies three chunks, then stalls before its fourth (as if SIGSTOPped)
        RunRepository.Claim first =
                runs.claim(id, "node-a", Instant.now(), LEASE).orElseThrow();
        StallingSource stalling = new StallingSource(new RunEngineTest.MemorySource(1, ROWS), 3);
        RunControl controlA = new RunControl();
        controlA.lease(RunExecutor.leaseValidity(LEASE), System.nanoTime());
        PostgresSink sinkA = sink(checkpointKey);
        sinkA.fence(new Fence(checkpointKey, first.epoch(), "node-a"), LEASE);
        List<Split> splits = stalling.splits();
        CompletableFuture<RunEngine.Outcome> ownerA = CompletableFuture.supplyAsync(() -> {
            try (sinkA) {
                return new RunEngine().run(plan(checkpointKey, stalling, sinkA), controlA, new Listener(), splits);
            }
        });
        assertThat(stalling.stalled.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(count()).isEqualTo(3L * CHUNK);

        // node-b takes the run over (node-a's heartbeat is older than node-b's lease) and copies it to its end
        RunRepository.Claim second =
                runs.claim(id, "node-b", Instant.now(), Duration.ofMillis(1)).orElseThrow();
        assertThat(second.epoch()).isGreaterThan(first.epoch());
        RunControl controlB = new RunControl();
        controlB.lease(RunExecutor.leaseValidity(LEASE), System.nanoTime());
        try (PostgresSink sinkB = sink(checkpointKey)) {
            sinkB.fence(new Fence(checkpointKey, second.epoch(), "node-b"), LEASE);
            assertThat(new RunEngine()
                            .run(
                                    plan(checkpointKey, new RunEngineTest.MemorySource(1, ROWS), sinkB),
                                    controlB,
                                    new Listener(),
                                    splits))
                    .isEqualTo(RunEngine.Outcome.SUCCEEDED);
        }

        // node-a wakes up and writes the chunk it held: refused, so it abandons the run to node-b
        stalling.resume.countDown();
        assertThatThrownBy(() -> ownerA.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(SyncErrorCode.FENCED);
                    assertThat(RunExecutor.fenced(e))
                            .as("abandoned, not failed")
                            .isTrue();
                });
        assertThat(stalling.chunksRead)
                .as("node-a read its fourth chunk and tried to write it")
                .hasValue(4);

        assertThat(count()).isEqualTo(ROWS);
        assertThat(targetLong("SELECT count(DISTINCT id) FROM " + schema + ".items"))
                .isEqualTo(ROWS);
        assertThat(jdbc.queryForObject("SELECT owner FROM sync_run WHERE id = ?", String.class, id))
                .isEqualTo("node-b");
        assertThat(targetLong("SELECT epoch FROM " + schema + ".datasync_fence WHERE scope = '" + checkpointKey + "'"))
                .isEqualTo(second.epoch());
    }

    /** Ends this test's runs, so that this instance's supervisor never takes one up in a later test. */
    @AfterEach
    void endRuns() throws SQLException {
        jdbc.update("UPDATE sync_run SET state = 'CANCELLED' WHERE job_id = 'fencing-job'"
                + " AND state NOT IN ('SUCCEEDED', 'FAILED', 'CANCELLED')");
        targetSql("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    /** Hands out chunks of its delegate; before chunk {@code stallAfter + 1} it waits until told to resume. */
    private static final class StallingSource implements Source {
        final Source delegate;
        final int stallAfter;
        final CountDownLatch stalled = new CountDownLatch(1);
        final CountDownLatch resume = new CountDownLatch(1);
        final AtomicInteger chunksRead = new AtomicInteger();

        StallingSource(Source delegate, int stallAfter) {
            this.delegate = delegate;
            this.stallAfter = stallAfter;
        }

        @Override
        public Schema schema() {
            return delegate.schema();
        }

        @Override
        public List<Split> splits() {
            return delegate.splits();
        }

        @Override
        public OptionalLong estimateRows(Split split) {
            return delegate.estimateRows(split);
        }

        @Override
        public boolean resumable(Split split) {
            return true;
        }

        @Override
        public SplitReader open(Split split, Position from) {
            SplitReader reader = delegate.open(split, from);
            return new SplitReader() {
                @Override
                public Optional<Chunk> next(int maxRows) {
                    if (chunksRead.get() == stallAfter) {
                        stalled.countDown();
                        try {
                            if (!resume.await(60, TimeUnit.SECONDS)) {
                                throw new IllegalStateException("the test never resumed the stalled owner");
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return Optional.empty();
                        }
                    }
                    chunksRead.incrementAndGet();
                    return reader.next(maxRows);
                }

                @Override
                public void close() {
                    reader.close();
                }
            };
        }
    }

    private static final class Listener implements RunEngine.Listener {
        @Override
        public void progress(RunEngine.Progress progress) {}

        @Override
        public void rejected(String splitId, List<io.datasync.sync.transform.spi.RowError> rows) {}
    }

    private static RunEngine.Plan plan(String checkpointKey, Source source, PostgresSink sink) {
        return new RunEngine.Plan(
                checkpointKey, "run-fencing", source, RunEngineTest.NONE, sink, 1, CHUNK, null, null, null);
    }

    private PostgresSink sink(String checkpointKey) {
        return new PostgresSink(
                ENDPOINT,
                new TargetSpec(
                        TargetType.JDBC, "target-db", schema + ".items", WriteMode.INSERT, List.of(), true, Map.of()),
                checkpointKey,
                1);
    }

    private UUID queuedRun() {
        UUID id = UUID.randomUUID();
        runs.insert(id, "fencing-job", "fencing", 1, "manual", null, 1, Instant.now(), false);
        return id;
    }

    private long count() throws SQLException {
        return targetLong("SELECT count(*) FROM " + schema + ".items");
    }

    private static long targetLong(String query) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, "postgres", "");
                ResultSet rs = c.createStatement().executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void targetSql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, "postgres", "");
                Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }
}
