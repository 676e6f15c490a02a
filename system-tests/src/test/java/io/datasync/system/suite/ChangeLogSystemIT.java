package io.datasync.system.suite;

import static io.datasync.system.suite.Suite.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A change-log job of the running suite, through the gateway, against the local PostgreSQL: a 200,000-row table is
 * copied while a writer inserts, updates and deletes about 500 rows a second; sync-service is killed with SIGKILL in
 * the middle of the copy and started again; later PostgreSQL itself restarts mid-stream, and sync-service is killed
 * once more mid-stream. Each time, once the writer pauses, the target equals the source — every row, key and value,
 * including a counter column each update increments — and an on-demand verification agrees. Deleting the job drops
 * its replication slot.
 */
@ExtendWith(Suite.Started.class)
class ChangeLogSystemIT {

    private static final int ROWS = 200_000;

    private static final String IMAGE = "SELECT count(*) || ':' || coalesce(sum(hashtext(id || '/' || name || '/' ||"
            + " counter || '/' || coalesce(amount::text, '-') || '/' || updated::text)), 0) FROM ";

    @Test
    void theTargetEqualsTheSourceAfterASnapshotUnderWritesASigkillAndADatabaseRestart() throws Exception {
        String db = "cdc_" + SUFFIX;
        freshDatabases(db);
        String connection = connection(
                db, "jdbc", "{\"url\":\"jdbc:postgresql://127.0.0.1:5432/" + db + "\",\"user\":\"postgres\"}");
        sql(
                db,
                "CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL, counter int NOT NULL DEFAULT 0,"
                        + " amount numeric(12,2), updated timestamptz NOT NULL DEFAULT now())",
                "INSERT INTO items (id, name, amount) SELECT g, 'n' || g, g % 1000 FROM generate_series(1, " + ROWS
                        + ") g");
        // keyed by another column than the table's primary key: refused before anything is copied
        String wrongKeys = createJob("""
                name: changelog-wrong-keys-%s
                source: { type: jdbc, connection: %s, table: public.items, incremental: { mode: changelog } }
                target: { type: jdbc, connection: %s, table: public.items_by_name, writeMode: upsert, keys: [ name ], createTable: true }
                """.formatted(SUFFIX, connection, connection));
        String refused = startRun(wrongKeys);
        await().atMost(Duration.ofMinutes(1))
                .until(() -> runField(refused, "state").equals("FAILED"));
        assertThat(send("GET", "/api/sync/runs/" + refused, null, null).body())
                .contains("\"errorCode\":\"SYNC-001\"", "/target/keys", "set keys: [id]");
        assertThat(single(db, "SELECT count(*) FROM pg_replication_slots WHERE database = current_database()"))
                .isEqualTo("0");
        assertThat(single(db, "SELECT to_regclass('public.items_by_name') IS NULL"))
                .isEqualTo("t");

        String jobId = createJob("""
                name: changelog-%s
                source: { type: jdbc, connection: %s, table: public.items, incremental: { mode: changelog } }
                target: { type: jdbc, connection: %s, table: public.items_copy, writeMode: upsert, keys: [ id ], createTable: true }
                """.formatted(SUFFIX, connection, connection));
        Writer writer = new Writer(db);
        writer.start();
        long started = System.nanoTime();
        String runId = startRun(jobId);
        try {
            // SIGKILL while the copy and the changes made during it are being written
            await().atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> copied(db) >= ROWS / 2);
            long atKill = copied(db);
            killSyncService();
            assertThat(datasync("restart sync-service", Duration.ofMinutes(3))).isZero();
            long restarted = System.nanoTime();
            writer.pause();
            long equalAfterKill = awaitEqual(db);
            System.out.printf(
                    "ChangeLogSystemIT: %d rows copied at the kill (%.1f s after the start), %d changes written"
                            + " by then; target equal to the source %.1f s after the restart%n",
                    atKill, (restarted - started) / 1e9, writer.changes.get(), (equalAfterKill - restarted) / 1e9);
            assertThat(runField(runId, "state")).isEqualTo("RUNNING");

            // PostgreSQL (source, target and the platform's own databases) restarts while changes stream
            writer.resume();
            long streaming = writer.changes.get();
            await().atMost(Duration.ofSeconds(30)).until(() -> writer.changes.get() > streaming + 3_000);
            long restartingDb = System.nanoTime();
            restartPostgres();
            long back = System.nanoTime();
            long atBack = writer.changes.get();
            await().atMost(Duration.ofSeconds(60)).until(() -> writer.changes.get() > atBack + 2_000);
            writer.pause();
            long equalAfterRestart = awaitEqual(db);
            System.out.printf(
                    "ChangeLogSystemIT: PostgreSQL restarted in %.1f s; target equal to the source %.1f s after%n",
                    (back - restartingDb) / 1e9, (equalAfterRestart - back) / 1e9);
            assertThat(single(db, "SELECT sum(counter) FROM items_copy"))
                    .isEqualTo(single(db, "SELECT sum(counter) FROM items"));

            // SIGKILL again, now while changes stream (the copy long done)
            writer.resume();
            long before = writer.changes.get();
            await().atMost(Duration.ofSeconds(30)).until(() -> writer.changes.get() > before + 3_000);
            killSyncService();
            assertThat(datasync("restart sync-service", Duration.ofMinutes(3))).isZero();
            long restartedAgain = System.nanoTime();
            writer.pause();
            long equalAfterSecondKill = awaitEqual(db);
            System.out.printf(
                    "ChangeLogSystemIT: killed mid-stream after %d changes in all; target equal %.1f s after the"
                            + " restart%n",
                    writer.changes.get(), (equalAfterSecondKill - restartedAgain) / 1e9);
            assertThat(runField(runId, "state")).isEqualTo("RUNNING");

            // caught up: an on-demand verification finds source and target equal by key
            HttpResponse<String> verify = send("POST", "/api/sync/jobs/" + jobId + "/verify", "", "application/json");
            assertThat(verify.statusCode()).as(verify.body()).isEqualTo(200);
            assertThat(verify.body()).contains("\"verified\":true");
        } finally {
            writer.stop();
        }

        // deleting the job stops its run and drops its slot and publication
        HttpResponse<String> deleted = send("DELETE", "/api/config/jobs/" + jobId, null, null);
        assertThat(deleted.statusCode()).as(deleted.body()).isBetween(200, 299);
        await().atMost(Duration.ofMinutes(2))
                .until(() -> runField(runId, "state").equals("CANCELLED"));
        await().atMost(Duration.ofMinutes(2))
                .until(() -> single(db, "SELECT count(*) FROM pg_replication_slots WHERE database = current_database()")
                        .equals("0"));
        assertThat(single(db, "SELECT count(*) FROM pg_publication")).isEqualTo("0");
        sql("postgres", "DROP DATABASE " + db + " WITH (FORCE)");
    }

    /** A failed run of this test leaves neither its database nor a slot that would keep WAL on the shared server. */
    @AfterAll
    static void dropWhatIsLeft() throws Exception {
        String db = "cdc_" + SUFFIX;
        if ("1".equals(single("postgres", "SELECT count(*) FROM pg_database WHERE datname = '" + db + "'"))) {
            await().atMost(Duration.ofMinutes(1)).ignoreExceptions().until(() -> {
                sql(
                        "postgres",
                        "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = '" + db
                                + "' AND NOT active");
                return single("postgres", "SELECT count(*) FROM pg_replication_slots WHERE database = '" + db + "'")
                        .equals("0");
            });
            sql("postgres", "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        }
    }

    private static void killSyncService() throws Exception {
        long pid = Long.parseLong(Files.readAllLines(RUN_DIR.resolve("pids/sync-service.pid"))
                .get(0)
                .trim());
        ProcessHandle service = ProcessHandle.of(pid).orElseThrow();
        assertThat(new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor())
                .isZero();
        service.onExit().get(30, TimeUnit.SECONDS);
    }

    private static long copied(String db) {
        try {
            return Long.parseLong(single(db, "SELECT count(*) FROM items_copy"));
        } catch (Exception e) {
            return 0; // the run creates the table
        }
    }

    /** Waits until the target equals the source (the writer paused); returns when. */
    private static long awaitEqual(String db) {
        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> single(db, IMAGE + "items_copy").equals(single(db, IMAGE + "items")));
        return System.nanoTime();
    }

    private static void restartPostgres() throws Exception {
        Path clusters = Path.of("/etc/postgresql");
        List<Path> versions;
        try (var list = Files.list(clusters)) {
            versions = list.sorted().toList();
        }
        String version = versions.get(versions.size() - 1).getFileName().toString();
        Process restart = new ProcessBuilder("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart")
                .redirectErrorStream(true)
                .start();
        assertThat(restart.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(restart.exitValue())
                .as(new String(restart.getInputStream().readAllBytes()))
                .isZero();
        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(() -> single("postgres", "SELECT 1").equals("1"));
    }

    /**
     * About 500 changes a second in transactions of 50: inserts of new keys, updates that increment {@code counter},
     * deletes, and sometimes a delete and re-insert of one key; reconnects when the database restarts.
     */
    private static final class Writer {
        final AtomicLong changes = new AtomicLong();
        private final String db;
        private final AtomicBoolean paused = new AtomicBoolean();
        /** Set by the writer's thread while it is paused, so after its last transaction ended. */
        private final AtomicBoolean idle = new AtomicBoolean();

        private final AtomicBoolean stopped = new AtomicBoolean();
        private final Thread thread;
        private long nextId = ROWS + 1;

        Writer(String db) {
            this.db = db;
            this.thread = new Thread(this::run, "cdc-writer");
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        /** Returns once no transaction of the writer is in flight: the source stands still until {@link #resume}. */
        void pause() {
            paused.set(true);
            await().atMost(Duration.ofSeconds(30)).until(idle::get);
        }

        void resume() {
            paused.set(false);
        }

        void stop() throws InterruptedException {
            stopped.set(true);
            thread.join(10_000);
        }

        private void run() {
            Connection c = null;
            while (!stopped.get()) {
                try {
                    if (paused.get()) {
                        idle.set(true);
                        Thread.sleep(50); // the load generator's own pacing, not a test's wait
                        continue;
                    }
                    idle.set(false);
                    if (c == null || c.isClosed()) {
                        c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + db, "postgres", "");
                        c.setAutoCommit(false);
                    }
                    long began = System.nanoTime();
                    try (Statement st = c.createStatement()) {
                        ThreadLocalRandom random = ThreadLocalRandom.current();
                        for (int i = 0; i < 50; i++) {
                            long id = 1 + random.nextLong(nextId - 1);
                            int kind = random.nextInt(10);
                            if (kind < 6) {
                                st.addBatch("UPDATE items SET counter = counter + 1, amount = amount + 1,"
                                        + " updated = now() WHERE id = " + id);
                            } else if (kind < 8) {
                                st.addBatch("INSERT INTO items (id, name, amount) VALUES (" + nextId++ + ", 'new', 1)");
                            } else if (kind < 9) {
                                st.addBatch("DELETE FROM items WHERE id = " + id);
                            } else {
                                st.addBatch("DELETE FROM items WHERE id = " + id);
                                st.addBatch("INSERT INTO items (id, name, amount) VALUES (" + id + ", 'again', 2)");
                            }
                        }
                        st.executeBatch();
                        c.commit();
                        changes.addAndGet(50);
                    }
                    long left = 100 - (System.nanoTime() - began) / 1_000_000;
                    if (left > 0) {
                        Thread.sleep(left);
                    }
                } catch (SQLException | RuntimeException | AssertionError e) {
                    // the database restarting (pgjdbc's own assertions, enabled in tests, may fail on a dead socket)
                    try {
                        if (c != null) {
                            c.close();
                        }
                        Thread.sleep(200);
                    } catch (SQLException | InterruptedException ignored) {
                        // reconnect next round
                    }
                    c = null;
                } catch (InterruptedException e) {
                    return;
                }
            }
            try {
                if (c != null) {
                    c.close();
                }
            } catch (SQLException ignored) {
                // ending
            }
        }
    }
}
