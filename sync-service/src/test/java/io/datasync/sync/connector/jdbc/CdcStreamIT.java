package io.datasync.sync.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.datasync.models.job.BatchSpec;
import io.datasync.models.job.IncrementalMode;
import io.datasync.models.job.IncrementalSpec;
import io.datasync.models.job.LimitsSpec;
import io.datasync.models.job.RetrySpec;
import io.datasync.models.job.SourceSpec;
import io.datasync.models.job.SourceType;
import io.datasync.models.job.TargetSpec;
import io.datasync.models.job.TargetType;
import io.datasync.models.job.WriteMode;
import io.datasync.sync.connector.postgres.PostgresEndpoint;
import io.datasync.sync.connector.postgres.PostgresSink;
import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.Guarantee;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.connector.spi.SyncErrorCode;
import io.datasync.sync.run.DeadLetter;
import io.datasync.sync.run.RunControl;
import io.datasync.sync.run.RunEngine;
import io.datasync.sync.run.StreamEngine;
import io.datasync.sync.run.StreamView;
import io.datasync.sync.transform.spi.RowError;
import io.datasync.sync.transform.spi.Transform;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The change-log source against the real local PostgreSQL (which needs {@code wal_level=logical}; {@code .ci/run} sets
 * it): Debezium's engine reads the table's snapshot and then its changes through the job's slot, and the stream engine
 * writes them with the PostgreSQL sink. Each test compares the target with the source (rows, keys, every value).
 */
class CdcStreamIT {

    private static final String DATABASE = "datasync_cdc_it";
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/" + DATABASE;
    private static final String JOB = "cdc-it-job";
    private static final String SCOPE = JOB + "/stream";
    private static final String SLOT = CdcSource.slotName(JOB);
    private static final RetrySpec FAST = new RetrySpec(100, Duration.ofMillis(50), 2.0, Duration.ofMillis(500), 0.0);
    private static final Transform NONE = new Transform() {
        @Override
        public Schema outputSchema(Schema input) {
            return input;
        }

        @Override
        public Result apply(Chunk chunk) {
            return Result.allRows(chunk);
        }
    };

    private final List<Running> running = new CopyOnWriteArrayList<>();

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
    void freshTables() throws SQLException {
        dropSlot();
        sql(
                "DROP SCHEMA IF EXISTS src CASCADE",
                "DROP SCHEMA IF EXISTS tgt CASCADE",
                "DROP PUBLICATION IF EXISTS " + SLOT,
                "CREATE SCHEMA src",
                "CREATE SCHEMA tgt",
                "CREATE TABLE src.items (id int PRIMARY KEY, name text NOT NULL, counter int NOT NULL DEFAULT 0,"
                        + " price numeric(12,2), seen timestamptz, day date, doc text)");
    }

    @AfterEach
    void stopAll() throws SQLException {
        running.forEach(r -> {
            r.control.cancel();
            r.outcome.orTimeout(60, TimeUnit.SECONDS).exceptionally(e -> null).join();
            r.sink.close();
            r.source.close();
        });
        dropSlot();
    }

    @Test
    void theSnapshotAndTheChangesMeetWithoutGapOrOverlap() throws Exception {
        sql("INSERT INTO src.items (id, name, price, seen, day) SELECT g, 'n' || g, g * 1.5, now(), current_date"
                + " FROM generate_series(1, 3000) g");
        Running run = start("snapshot");
        // changes while the snapshot may still run: each lands once, in commit order per key
        sql(
                "UPDATE src.items SET counter = counter + 1, name = 'updated' WHERE id <= 100",
                "DELETE FROM src.items WHERE id BETWEEN 101 AND 200",
                "INSERT INTO src.items (id, name) SELECT g, 'late' FROM generate_series(3001, 3500) g",
                "UPDATE src.items SET counter = counter + 1 WHERE id <= 50");
        awaitEqual();
        assertThat(query("SELECT count(*) FROM tgt.items")).isEqualTo("3400");
        assertThat(query("SELECT sum(counter) FROM tgt.items")).isEqualTo("150");

        // the slot confirms what the target committed as the stream goes on, so the source does not keep its WAL
        String confirmed =
                query("SELECT confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = '" + SLOT + "'");
        sql("UPDATE src.items SET counter = counter + 1 WHERE id = 1");
        awaitEqual();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "t"
                        .equals(query("SELECT confirmed_flush_lsn > '" + confirmed
                                + "'::pg_lsn FROM pg_replication_slots WHERE slot_name = '" + SLOT + "'")));

        // delete then insert the same key again, in one transaction and across micro-batches
        sql("BEGIN; DELETE FROM src.items WHERE id = 7; INSERT INTO src.items (id, name) VALUES (7, 'again'); COMMIT");
        sql("DELETE FROM src.items WHERE id = 8");
        sql("INSERT INTO src.items (id, name) VALUES (8, 'back')");
        awaitEqual();
        assertThat(query("SELECT name FROM tgt.items WHERE id = 8")).isEqualTo("back");

        StreamView view = run.view.get();
        assertThat(view.guarantee()).isEqualTo("EFFECTIVELY_ONCE");
        // the slot's WAL, as the view's lag (bytes the target has not confirmed) and as gauges
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(run.view.get().lag()).containsKey("pg/" + SLOT));
        assertThat(run.meters.find("datasync.cdc.retained.wal").tag("job", JOB).gauge())
                .isNotNull();
        assertThat(run.meters
                        .find("datasync.cdc.unconfirmed.wal")
                        .tag("job", JOB)
                        .gauge())
                .isNotNull();
        assertThat(run.stop()).isEqualTo(RunEngine.Outcome.CANCELLED);
        // the slot confirmed what the target holds, never beyond
        assertThat(query("SELECT confirmed_flush_lsn IS NOT NULL FROM pg_replication_slots WHERE slot_name = '" + SLOT
                        + "'"))
                .isEqualTo("t");
    }

    @Test
    void anIdleTableStillLetsTheSlotConfirmTheWalOfOtherTables() throws Exception {
        sql("INSERT INTO src.items (id, name) VALUES (1, 'a')");
        Running run = start("snapshot");
        awaitEqual();
        // WAL the job's table has no part in: the slot must not keep it for ever
        sql("CREATE TABLE src.other (a int)", "INSERT INTO src.other SELECT generate_series(1, 50000)");
        String written = query("SELECT pg_current_wal_lsn()");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "t"
                        .equals(query("SELECT confirmed_flush_lsn >= '" + written
                                + "'::pg_lsn FROM pg_replication_slots WHERE slot_name = '" + SLOT + "'")));
        assertThat(run.stop()).isEqualTo(RunEngine.Outcome.CANCELLED);
        run.sink.close();
        // a run resuming from a heartbeat's position still applies the changes after it
        sql("INSERT INTO src.items (id, name) VALUES (2, 'b')", "UPDATE src.items SET name = 'a2' WHERE id = 1");
        start("snapshot");
        awaitEqual();
    }

    @Test
    void aNewRunResumesAfterTheCommittedChangeAndAppliesNoneTwice() throws Exception {
        sql("INSERT INTO src.items (id, name) SELECT g, 'n' || g FROM generate_series(1, 500) g");
        Running first = start("snapshot");
        awaitEqual();
        first.stop();
        first.sink.close();
        // changes while no run reads: the slot keeps them
        for (int i = 0; i < 5; i++) {
            sql("UPDATE src.items SET counter = counter + 1 WHERE id % 5 = " + i);
        }
        sql("DELETE FROM src.items WHERE id > 450");
        Running second = start("snapshot");
        awaitEqual();
        assertThat(query("SELECT sum(counter) FROM tgt.items")).isEqualTo("450");
        // no new snapshot: the second run resumed from the position the first committed
        assertThat(second.progress.get().rowsRead()).isLessThan(1000);
    }

    @Test
    void aRunStoppedMidCopyCopiesAgainAndStillAppliesEveryChangeSinceTheFirstCopy() throws Exception {
        sql("INSERT INTO src.items (id, name) SELECT g, 'n' || g FROM generate_series(1, 20000) g");
        Running first = start("snapshot", new LimitsSpec(4000L, 0L, null, null));
        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(() -> Long.parseLong(query("SELECT count(*) FROM tgt.items")) > 2000);
        first.stop();
        first.sink.close();
        long copied = Long.parseLong(query("SELECT count(*) FROM tgt.items"));
        assertThat(copied).as("stopped mid-copy").isLessThan(20000);
        // rows already copied change or go while no run reads; the second copy is taken after these
        sql(
                "DELETE FROM src.items WHERE id IN (SELECT id FROM src.items ORDER BY id LIMIT 500)",
                "UPDATE src.items SET counter = counter + 1 WHERE id % 7 = 0",
                "INSERT INTO src.items (id, name) VALUES (50000, 'new')");
        Running second = start("snapshot");
        awaitEqual();
        // and once the second copy is in, the stream goes on
        sql("DELETE FROM src.items WHERE id = 50000", "UPDATE src.items SET name = 'later' WHERE id = 19999");
        awaitEqual();
        assertThat(second.stop()).isEqualTo(RunEngine.Outcome.CANCELLED);
    }

    @Test
    void withASoftDeleteColumnADeleteStampsTheRowAndAReinsertClearsIt() throws Exception {
        sql("INSERT INTO src.items (id, name) SELECT g, 'n' || g FROM generate_series(1, 10) g");
        Running run = start(Map.of("start", "snapshot", "softDeleteColumn", "_deleted_at"), LimitsSpec.UNLIMITED);
        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(() -> "10".equals(query("SELECT count(*) FROM tgt.items WHERE _deleted_at IS NULL")));
        sql("DELETE FROM src.items WHERE id IN (3, 4)");
        sql("BEGIN; DELETE FROM src.items WHERE id = 5; INSERT INTO src.items (id, name) VALUES (5, 'back'); COMMIT");
        sql("DELETE FROM src.items WHERE id = 6", "INSERT INTO src.items (id, name) VALUES (6, 'back')");
        // the last change (6 inserted again) applied, so every one before it too
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "back,back"
                        .equals(query("SELECT string_agg(name, ',' ORDER BY id) FROM tgt.items WHERE id IN (5, 6)")));
        assertThat(query("SELECT string_agg(id::text, ',' ORDER BY id) FROM tgt.items WHERE _deleted_at IS NOT NULL"))
                .isEqualTo("3,4");
        assertThat(query("SELECT count(*) FROM tgt.items")).isEqualTo("10");
        // the stamp is the delete's commit time
        assertThat(query("SELECT bool_and(_deleted_at BETWEEN now() - interval '1 minute' AND now())"
                        + " FROM tgt.items WHERE id IN (3, 4)"))
                .isEqualTo("t");
        assertThat(run.stop()).isEqualTo(RunEngine.Outcome.CANCELLED);
    }

    @Test
    void anUpdateThatLeavesAToastedValueAloneKeepsItInTheTarget() throws Exception {
        // 40 kB of incompressible text is stored out of line (TOAST); an update of other columns does not send it
        sql("INSERT INTO src.items (id, name, doc) SELECT g, 'n', (SELECT string_agg(md5(random()::text), '')"
                + " FROM generate_series(1, 1250)) FROM generate_series(1, 3) g");
        Running run = start("snapshot");
        awaitEqual();
        sql("UPDATE src.items SET counter = counter + 1 WHERE id = 1");
        sql("UPDATE src.items SET counter = counter + 1, name = 'x' WHERE id IN (2, 3)");
        sql("UPDATE src.items SET counter = counter + 1 WHERE id = 3");
        awaitEqual();
        assertThat(query("SELECT count(*) FROM tgt.items WHERE length(doc) = 40000"))
                .isEqualTo("3");
        assertThat(run.stop()).isEqualTo(RunEngine.Outcome.CANCELLED);
    }

    @Test
    void startingFromNowSkipsTheRowsAlreadyThere() throws Exception {
        sql("INSERT INTO src.items (id, name) SELECT g, 'old' FROM generate_series(1, 100) g");
        Running run = start("now");
        await().atMost(Duration.ofSeconds(60)).until(() -> slotActive());
        sql("INSERT INTO src.items (id, name) VALUES (1000, 'new')", "UPDATE src.items SET name = 'u' WHERE id = 5");
        await().atMost(Duration.ofSeconds(60)).until(() -> "2".equals(query("SELECT count(*) FROM tgt.items")));
        assertThat(query("SELECT string_agg(name, ',' ORDER BY id) FROM tgt.items"))
                .isEqualTo("u,new");
        run.stop();
    }

    @Test
    void aTableWithoutAKeyIsRefusedWithWhatToDo() throws SQLException {
        sql("CREATE TABLE src.nokey (a int, b text)");
        assertThatThrownBy(() -> source("src.nokey", "snapshot"))
                .isInstanceOfSatisfying(
                        ConnectorException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SyncErrorCode.CDC_SOURCE_NOT_READY))
                .hasMessageContaining("add a primary key");
        // nor does a system catalog, which logical decoding does not publish
        assertThatThrownBy(() -> source("pg_catalog.pg_authid", "snapshot"))
                .isInstanceOfSatisfying(
                        ConnectorException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SyncErrorCode.CDC_SOURCE_NOT_READY))
                .hasMessageContaining("system catalog");
    }

    @Test
    void aStoredPositionWhoseSlotIsGoneStopsTheRunInsteadOfSkippingChanges() throws Exception {
        sql("INSERT INTO src.items (id, name) VALUES (1, 'a')");
        Running first = start("snapshot");
        awaitEqual();
        first.stop();
        first.sink.close();
        dropSlot();
        Running second = start("snapshot");
        assertThatThrownBy(() -> second.outcome.get(60, TimeUnit.SECONDS))
                .cause()
                .isInstanceOfSatisfying(
                        ConnectorException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SyncErrorCode.CDC_POSITION_LOST));
    }

    // --- helpers

    private static final class Running {
        final RunControl control = new RunControl();
        CdcSource source;
        PostgresSink sink;
        final AtomicReference<RunEngine.Progress> progress = new AtomicReference<>();
        final AtomicReference<StreamView> view = new AtomicReference<>();
        final SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CompletableFuture<RunEngine.Outcome> outcome;

        RunEngine.Outcome stop() {
            control.cancel();
            return outcome.orTimeout(60, TimeUnit.SECONDS).join();
        }
    }

    private CdcSource source(String table, String start) {
        return source(table, Map.of("start", start));
    }

    private CdcSource source(String table, Map<String, Object> options) {
        JdbcEndpoint endpoint = new JdbcEndpoint(URL, "postgres", "");
        SourceSpec spec = new SourceSpec(
                SourceType.JDBC,
                "src-db",
                table,
                null,
                new IncrementalSpec(IncrementalMode.CHANGELOG, null, null),
                null,
                options);
        return new CdcSource(endpoint, endpoint, spec, () -> {});
    }

    private Running start(String start) {
        return start(start, LimitsSpec.UNLIMITED);
    }

    private Running start(String start, LimitsSpec limits) {
        return start(Map.of("start", start), limits);
    }

    private Running start(Map<String, Object> options, LimitsSpec limits) {
        Running r = new Running();
        r.source = source("src.items", options).withMeters(r.meters);
        r.sink = new PostgresSink(
                new PostgresEndpoint(URL, "postgres", ""),
                new TargetSpec(TargetType.JDBC, "tgt-db", "tgt.items", WriteMode.UPSERT, List.of("id"), true, Map.of()),
                SCOPE,
                1);
        RunEngine.Plan plan = new RunEngine.Plan(SCOPE, "run-1", r.source, NONE, r.sink, 1, 1, limits, null, null);
        StreamEngine.Settings settings = new StreamEngine.Settings(
                JOB,
                "member-1",
                new BatchSpec(500, Duration.ofMillis(100)),
                Duration.ofMinutes(5),
                FAST,
                Duration.ofHours(1),
                Guarantee.EFFECTIVELY_ONCE,
                null);
        StreamEngine.Listener listener = new StreamEngine.Listener() {
            @Override
            public void progress(RunEngine.Progress p, Supplier<StreamView> stream, boolean force) {
                r.progress.set(p);
                r.view.set(stream.get());
            }

            @Override
            public void rejected(String splitId, List<RowError> rows) {}

            @Override
            public void deadLetters(List<DeadLetter> letters) {}

            @Override
            public void retrying(int attempt, Duration wait, ConnectorException cause) {}

            @Override
            public void healthy() {}
        };
        r.outcome = CompletableFuture.supplyAsync(
                () -> new StreamEngine(Clock.systemUTC(), new SimpleMeterRegistry(), "jdbc")
                        .run(plan, r.source, settings, r.control, listener));
        running.add(r);
        return r;
    }

    private static final String IMAGE =
            "SELECT coalesce(md5(string_agg(id || '|' || name || '|' || counter || '|' || coalesce(price::text, '-')"
                    + " || '|' || coalesce(seen::text, '-') || '|' || coalesce(day::text, '-') || '|'"
                    + " || coalesce(md5(doc), '-'), ',' ORDER BY id)), 'empty') || ':' || count(*) FROM ";

    private void awaitEqual() {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(image("tgt.items")).isEqualTo(image("src.items")));
    }

    private String image(String table) throws SQLException {
        try {
            return query(IMAGE + table);
        } catch (SQLException e) {
            return "missing: " + e.getMessage();
        }
    }

    private boolean slotActive() throws SQLException {
        return "t"
                .equals(query("SELECT coalesce(bool_or(active), false) FROM pg_replication_slots WHERE slot_name = '"
                        + SLOT + "'"));
    }

    /** Drops the test's slot, waiting while a stopping run still holds it (SQLSTATE 55006). */
    private static void dropSlot() {
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
            sql("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '" + SLOT
                    + "'");
            return true;
        });
    }

    private static void sql(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, "postgres", "");
                Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    private static String query(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, "postgres", "");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
