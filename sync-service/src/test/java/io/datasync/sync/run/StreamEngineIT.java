package io.datasync.sync.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datasync.models.job.BatchSpec;
import io.datasync.models.job.LimitsSpec;
import io.datasync.models.job.RetrySpec;
import io.datasync.models.job.TargetSpec;
import io.datasync.models.job.TargetType;
import io.datasync.models.job.WriteMode;
import io.datasync.sync.connector.postgres.PostgresEndpoint;
import io.datasync.sync.connector.postgres.PostgresSink;
import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.Guarantee;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.PositionUpdate;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.connector.spi.SyncErrorCode;
import io.datasync.sync.transform.spi.RowError;
import io.datasync.sync.transform.spi.Transform;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stream engine with an in-memory stream source writing into a real local PostgreSQL through the PostgreSQL sink:
 * rows land with their positions, a stop ends the run, a new run resumes exactly after the committed position, a
 * moved position rewinds without doubling rows, a pause stops writes while the reader keeps being polled, refused
 * records become dead letters while the position moves past them, and the run's meters count what it did.
 */
class StreamEngineIT {

    private static final String DATABASE = "datasync_stream_engine_it";
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/" + DATABASE;
    private static final PostgresEndpoint ENDPOINT = new PostgresEndpoint(URL, "postgres", "");
    private static final String SCOPE = "job-1/stream";
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
    private static final RetrySpec FAST = new RetrySpec(100, Duration.ofMillis(10), 2.0, Duration.ofMillis(50), 0.0);

    private final InMemoryStreamSource.Log log = new InMemoryStreamSource.Log();
    private final List<Running> running = new ArrayList<>();

    /** Whether the stream's reader reads ahead (the engine decodes a batch while the one before it is written). */
    boolean readsAhead() {
        return false;
    }

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
        sql("DROP SCHEMA IF EXISTS se CASCADE", "CREATE SCHEMA se");
    }

    @AfterEach
    void stopAll() {
        running.forEach(r -> {
            r.control.cancel();
            r.outcome.orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
            r.sink.close();
        });
    }

    /** One engine run on its own thread, with what it reported. */
    private static final class Running {
        final RunControl control = new RunControl();
        final InMemoryStreamSource source;
        final PostgresSink sink;
        final List<RunEngine.Progress> progress = new CopyOnWriteArrayList<>();
        final AtomicReference<StreamView> view = new AtomicReference<>();
        final List<RowError> rejected = new CopyOnWriteArrayList<>();
        final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
        final SimpleMeterRegistry meters = new SimpleMeterRegistry();
        final List<ConnectorException> retries = new CopyOnWriteArrayList<>();
        final AtomicInteger healthy = new AtomicInteger();
        CompletableFuture<RunEngine.Outcome> outcome;

        Running(InMemoryStreamSource source, PostgresSink sink) {
            this.source = source;
            this.sink = sink;
        }

        RunEngine.Outcome stop() {
            control.cancel();
            return outcome.orTimeout(30, TimeUnit.SECONDS).join();
        }
    }

    private Running start(LimitsSpec limits, Duration healthyAfter) {
        return start(limits, healthyAfter, NONE);
    }

    private Running start(LimitsSpec limits, Duration healthyAfter, Transform transform) {
        InMemoryStreamSource source = new InMemoryStreamSource(log, readsAhead());
        PostgresSink sink = new PostgresSink(
                ENDPOINT,
                new TargetSpec(TargetType.JDBC, "target-db", "se.events", WriteMode.INSERT, List.of(), true, Map.of()),
                SCOPE,
                1);
        Running r = new Running(source, sink);
        RunEngine.Plan plan =
                new RunEngine.Plan(SCOPE, "run-1", source, transform, sink, 1, 1, limits, RunEngine.NO_RETRIES, null);
        StreamEngine.Settings settings = new StreamEngine.Settings(
                "job-1",
                "member-1",
                new BatchSpec(50, Duration.ofMillis(20)),
                Duration.ofMinutes(5),
                FAST,
                healthyAfter,
                Guarantee.EFFECTIVELY_ONCE,
                null);
        StreamEngine.Listener listener = new StreamEngine.Listener() {
            @Override
            public void progress(RunEngine.Progress p, Supplier<StreamView> stream, boolean force) {
                r.progress.add(p);
                r.view.set(stream.get());
            }

            @Override
            public void rejected(String splitId, List<RowError> rows) {
                r.rejected.addAll(rows);
            }

            @Override
            public void deadLetters(List<DeadLetter> letters) {
                r.deadLetters.addAll(letters);
            }

            @Override
            public void retrying(int attempt, Duration wait, ConnectorException cause) {
                r.retries.add(cause);
            }

            @Override
            public void healthy() {
                r.healthy.incrementAndGet();
            }
        };
        r.outcome = CompletableFuture.supplyAsync(() -> new StreamEngine(Clock.systemUTC(), r.meters, "memory")
                .run(plan, source, settings, r.control, listener));
        running.add(r);
        return r;
    }

    private Running start() {
        return start(LimitsSpec.UNLIMITED, Duration.ofHours(1));
    }

    @Test
    void rowsLandWithTheirPositionAndAStopCancelsTheRun() throws SQLException {
        log.appendRange(0, 250);
        Running run = start();

        await().atMost(Duration.ofSeconds(30)).until(() -> committedOffset() == 250);
        assertThat(count()).isEqualTo(250);
        assertThat(query("SELECT rows_written FROM se.datasync_checkpoint WHERE job_id = '" + SCOPE + "'"))
                .isEqualTo("250");

        assertThat(run.stop()).isEqualTo(RunEngine.Outcome.CANCELLED);
        RunEngine.Progress last = run.progress.get(run.progress.size() - 1);
        assertThat(last.rowsRead()).isEqualTo(250);
        assertThat(last.rowsWritten()).isEqualTo(250);
        StreamView view = run.view.get();
        assertThat(view.guarantee()).isEqualTo("EFFECTIVELY_ONCE");
        assertThat(view.lag()).containsEntry(InMemoryStreamSource.SPLIT, 0L);
        assertThat(view.lastEventTime()).isNotNull();
        assertThat(view.endToEndP50()).isNotNull();
        assertThat(view.endToEndP99()).isGreaterThanOrEqualTo(view.endToEndP50());
        assertThat(view.rowsPerSecondLastMinute()).isPositive();
        assertThat(view.retrying()).isNull();

        // the run's meters, tagged with its job and source kind; the lag gauge goes with the run
        assertThat(counter(run, "datasync.sync.rows.in")).isEqualTo(250);
        assertThat(counter(run, "datasync.sync.rows.out")).isEqualTo(250);
        DistributionSummary batches = run.meters
                .get("datasync.sync.microbatch.rows")
                .tags("job", "job-1", "source_type", "memory")
                .summary();
        assertThat(batches.totalAmount()).isEqualTo(250);
        assertThat(batches.max()).isLessThanOrEqualTo(50);
        Timer commits = run.meters
                .get("datasync.sync.commit")
                .tags("job", "job-1", "source_type", "memory", "outcome", "success")
                .timer();
        assertThat(commits.count()).isEqualTo(batches.count()).isGreaterThanOrEqualTo(5);
        assertThat(run.meters
                        .get("datasync.sync.end.to.end")
                        .tags("job", "job-1", "source_type", "memory")
                        .timer()
                        .count())
                .isEqualTo(2 * batches.count());
        assertThat(run.meters.find("datasync.sync.lag.records").gauges()).isEmpty();
    }

    @Test
    void theLagGaugeShowsWhatIsLeftWhileTheRunLives() {
        log.appendRange(0, 10);
        Running run = start();
        await().atMost(Duration.ofSeconds(30)).until(() -> committedOffset() == 10);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> run.meters.find("datasync.sync.lag.records").gauge() != null
                        && run.meters.find("datasync.sync.lag.records").gauge().value() == 0);
        Gauge lag = run.meters
                .get("datasync.sync.lag.records")
                .tags("job", "job-1", "source_type", "memory")
                .gauge();
        assertThat(lag.value()).isZero();
        run.stop();
        assertThat(run.meters.find("datasync.sync.lag.records").gauges()).isEmpty();
    }

    @Test
    void anIdleStreamKeepsRunningUntilStopped() throws SQLException {
        Running run = start();
        log.appendRange(0, 10);
        await().atMost(Duration.ofSeconds(30)).until(() -> committedOffset() == 10);
        int commits = run.source.commits.get();
        // idle polls go on (each reports progress) without the run ending
        int reports = run.progress.size();
        await().atMost(Duration.ofSeconds(30)).until(() -> run.progress.size() > reports + 5);
        assertThat(run.outcome).isNotDone();
        assertThat(run.source.commits.get()).isEqualTo(commits);

        log.appendRange(10, 20);
        await().atMost(Duration.ofSeconds(30)).until(() -> committedOffset() == 20);
        assertThat(run.stop()).isEqualTo(RunEngine.Outcome.CANCELLED);
        assertThat(run.source.wakeups.get()).isPositive();
    }

    @Test
    void aNewRunResumesExactlyAfterTheCommittedPosition() throws SQLException {
        log.appendRange(0, 2000);
        Running first = start();
        // stopped in the middle of the stream, wherever it got to
        await().atMost(Duration.ofSeconds(30)).until(() -> committedOffset() >= 300);
        first.stop();
        long stoppedAt = committedOffset();
        assertThat(count()).isEqualTo(stoppedAt);
        log.appendRange(2000, 2500);

        Running second = start();
        await().atMost(Duration.ofSeconds(60)).until(() -> committedOffset() == 2500);
        second.stop();

        assertThat(second.source.resumedFrom.get()).isEqualTo(stoppedAt);
        assertThat(count()).isEqualTo(2500);
        assertThat(distinct()).isEqualTo(2500);
    }

    @Test
    void aMovedPositionRewindsTheReaderWithoutDoublingRows() throws SQLException {
        log.appendRange(0, 100);
        Running run = start();
        await().atMost(Duration.ofSeconds(30)).until(() -> committedOffset() == 100);
        run.control.pause();
        int polls = run.source.pausedPolls.get();
        await().atMost(Duration.ofSeconds(30)).until(() -> run.source.pausedPolls.get() > polls + 2);

        // Another reader took the split over meanwhile and committed messages 100..149 with their position.
        try (PostgresSink rogue = new PostgresSink(
                ENDPOINT,
                new TargetSpec(TargetType.JDBC, "target-db", "se.events", WriteMode.INSERT, List.of(), true, Map.of()),
                SCOPE,
                1)) {
            rogue.prepare(InMemoryStreamSource.SCHEMA);
            List<Object[]> rows = new ArrayList<>();
            for (long id = 100; id < 150; id++) {
                rows.add(new Object[] {id, "m" + id});
            }
            rogue.write(
                    new Chunk(InMemoryStreamSource.SCHEMA, rows, Position.START, 0),
                    List.of(new PositionUpdate(InMemoryStreamSource.SPLIT, offset(100), offset(150), 50)));
        }
        log.appendRange(100, 300);
        run.control.resume();

        await().atMost(Duration.ofSeconds(30)).until(() -> committedOffset() == 300);
        assertThat(run.retries)
                .first()
                .satisfies(e -> assertThat(e.errorCode()).isEqualTo(SyncErrorCode.POSITION_MOVED));
        assertThat(run.source.rewinds.get()).isPositive();
        assertThat(count()).isEqualTo(300);
        assertThat(distinct()).isEqualTo(300);
        await().atMost(Duration.ofSeconds(30)).until(() -> run.view.get().retrying() == null);
    }

    @Test
    void aPauseStopsWritesWhileTheReaderIsStillPolledAndAResumeContinues() throws SQLException {
        log.appendRange(0, 50);
        Running run = start();
        await().atMost(Duration.ofSeconds(30)).until(() -> committedOffset() == 50);

        run.control.pause();
        int polls = run.source.pausedPolls.get();
        await().atMost(Duration.ofSeconds(30)).until(() -> run.source.pausedPolls.get() > polls);
        log.appendRange(50, 150);
        int after = run.source.pausedPolls.get();
        await().atMost(Duration.ofSeconds(30)).until(() -> run.source.pausedPolls.get() > after + 5);
        assertThat(count()).isEqualTo(50);
        assertThat(run.outcome).isNotDone();

        run.control.resume();
        await().atMost(Duration.ofSeconds(30)).until(() -> committedOffset() == 150);
        assertThat(count()).isEqualTo(150);
    }

    @Test
    void rejectedMessagesAreRecordedAndStillMoveThePosition() throws SQLException {
        log.appendRange(0, 5);
        log.append(5, null);
        log.append(6, null);
        log.appendRange(7, 10);
        Running run = start();

        await().atMost(Duration.ofSeconds(30)).until(() -> committedOffset() == 10);
        assertThat(count()).isEqualTo(8);
        assertThat(run.rejected).extracting(RowError::reason).containsExactly("no payload", "no payload");
        // each a dead letter with its raw payload and where it was, reported before its batch was written
        assertThat(run.deadLetters).extracting(DeadLetter::locator).containsExactly("mem/0@5", "mem/0@6");
        assertThat(run.deadLetters)
                .extracting(l -> new String(l.raw(), StandardCharsets.UTF_8))
                .containsExactly("raw-5", "raw-6");
        run.stop();
        assertThat(run.progress.get(run.progress.size() - 1).rowsRejected()).isEqualTo(2);
        assertThat(counter(run, "datasync.sync.rows.in")).isEqualTo(10);
        assertThat(counter(run, "datasync.sync.rows.out")).isEqualTo(8);
        assertThat(run.meters
                        .get("datasync.sync.rows.rejected")
                        .tags("job", "job-1", "source_type", "memory", "outcome", "source")
                        .counter()
                        .count())
                .isEqualTo(2);
    }

    @Test
    void aRowATransformRefusesBecomesADeadLetterWithTheRowAsJsonAndThePositionMovesOn() throws SQLException {
        // refuses the rows whose payload starts with "bad", keeping the others
        Transform refuseBad = new Transform() {
            @Override
            public Schema outputSchema(Schema input) {
                return input;
            }

            @Override
            public Result apply(Chunk chunk) {
                List<Object[]> kept = new ArrayList<>();
                List<RowError> errors = new ArrayList<>();
                List<Integer> inputRows = new ArrayList<>();
                for (int i = 0; i < chunk.size(); i++) {
                    Object[] row = chunk.rows().get(i);
                    if (((String) row[1]).startsWith("bad")) {
                        errors.add(new RowError(i, new Object[] {row[0]}, "filter", "a bad payload"));
                    } else {
                        kept.add(row);
                        inputRows.add(i);
                    }
                }
                return new Result(
                        chunk.with(chunk.schema(), kept),
                        errors,
                        inputRows.stream().mapToInt(Integer::intValue).toArray());
            }
        };
        log.appendRange(0, 3);
        log.append(3, "bad3");
        log.appendRange(4, 6);
        Running run = start(LimitsSpec.UNLIMITED, Duration.ofHours(1), refuseBad);

        await().atMost(Duration.ofSeconds(30)).until(() -> committedOffset() == 6);
        assertThat(count()).isEqualTo(5);
        assertThat(run.deadLetters).singleElement().satisfies(letter -> {
            assertThat(letter.locator())
                    .startsWith(InMemoryStreamSource.SPLIT + "@{\"offset\":")
                    .endsWith("#3");
            assertThat(new String(letter.raw(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":3,\"payload\":\"bad3\"}");
            assertThat(letter.reason()).isEqualTo("filter: a bad payload");
        });
        run.stop();
        assertThat(run.meters
                        .get("datasync.sync.rows.rejected")
                        .tags("job", "job-1", "source_type", "memory", "outcome", "transform")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aRetriableReadFailureIsRetriedAndShownUntilItPasses() throws SQLException {
        log.appendRange(0, 20);
        Running run = start();
        await().atMost(Duration.ofSeconds(30)).until(() -> committedOffset() == 20);
        run.source.failNext.add(new ConnectorException(SyncErrorCode.JDBC_CONNECTION_FAILED, "broker gone", null));
        run.source.failNext.add(new ConnectorException(SyncErrorCode.JDBC_CONNECTION_FAILED, "broker gone", null));
        log.appendRange(20, 40);

        await().atMost(Duration.ofSeconds(30)).until(() -> committedOffset() == 40);
        assertThat(run.retries).hasSize(2);
        assertThat(run.source.rewinds.get()).isEqualTo(2);
        assertThat(count()).isEqualTo(40);

        // a rewind that fails (the broker still away) is retried too, not the end of the run
        run.source.failNext.add(new ConnectorException(SyncErrorCode.JDBC_CONNECTION_FAILED, "broker gone", null));
        run.source.failRewind.add(new ConnectorException(SyncErrorCode.JDBC_CONNECTION_FAILED, "still gone", null));
        log.appendRange(40, 60);
        await().atMost(Duration.ofSeconds(30)).until(() -> committedOffset() == 60);
        assertThat(run.retries).hasSize(4);
        assertThat(run.outcome).isNotDone();
        assertThat(count()).isEqualTo(60);
        assertThat(distinct()).isEqualTo(60);
    }

    @Test
    void aPermanentFailureFailsTheRun() {
        Running run = start();
        run.source.failNext.add(new ConnectorException(SyncErrorCode.INVALID_OPTIONS, "bad topic", null));

        await().atMost(Duration.ofSeconds(30)).until(run.outcome::isDone);
        assertThat(run.outcome)
                .failsWithin(Duration.ofSeconds(1))
                .withThrowableThat()
                .havingCause()
                .isInstanceOfSatisfying(
                        ConnectorException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SyncErrorCode.INVALID_OPTIONS));
    }

    @Test
    void tooManyRejectsWithinTheWindowFailTheRun() {
        for (long id = 0; id < 5; id++) {
            log.append(id, null);
        }
        Running run = start(new LimitsSpec(0L, 0L, 3L, null), Duration.ofHours(1));

        await().atMost(Duration.ofSeconds(30)).until(run.outcome::isDone);
        assertThat(run.outcome)
                .failsWithin(Duration.ofSeconds(1))
                .withThrowableThat()
                .havingCause()
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(SyncErrorCode.ERROR_BUDGET_EXCEEDED);
                    assertThat(e.getMessage()).contains("within the last 5 min");
                });
    }

    @Test
    void sustainedProgressReportsTheRunHealthyOnce() {
        log.appendRange(0, 10);
        Running run = start(LimitsSpec.UNLIMITED, Duration.ofMillis(200));
        await().atMost(Duration.ofSeconds(30)).until(() -> run.healthy.get() == 1);
        int reports = run.progress.size();
        await().atMost(Duration.ofSeconds(30)).until(() -> run.progress.size() > reports + 20);
        assertThat(run.healthy.get()).isEqualTo(1);
    }

    private static double counter(Running run, String name) {
        return run.meters
                .get(name)
                .tags("job", "job-1", "source_type", "memory")
                .counter()
                .count();
    }

    private static Position offset(long n) {
        return new Position(Map.of("offset", n));
    }

    private static long committedOffset() throws SQLException {
        String position = query("SELECT position->>'offset' FROM se.datasync_checkpoint WHERE job_id = '" + SCOPE
                + "' AND split_id = '" + InMemoryStreamSource.SPLIT + "'");
        return position == null ? -1 : Long.parseLong(position);
    }

    private static long count() throws SQLException {
        String n = query("SELECT count(*) FROM se.events");
        return n == null ? 0 : Long.parseLong(n);
    }

    private static long distinct() throws SQLException {
        return Long.parseLong(query("SELECT count(DISTINCT id) FROM se.events"));
    }

    private static String query(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, "postgres", "");
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return null; // the sink has not created its tables yet
            }
            throw e;
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
