package io.datasync.sync.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.datasync.models.job.LimitsSpec;
import io.datasync.models.job.RetrySpec;
import io.datasync.sync.connector.spi.Checkpoint;
import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.connector.spi.Sink;
import io.datasync.sync.connector.spi.Source;
import io.datasync.sync.connector.spi.Split;
import io.datasync.sync.connector.spi.SplitReader;
import io.datasync.sync.connector.spi.SyncErrorCode;
import io.datasync.sync.transform.spi.RowError;
import io.datasync.sync.transform.spi.Transform;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The engine's own logic, with an in-memory source and sink standing in for the database connectors. */
class RunEngineTest {

    private static final Schema SCHEMA =
            new Schema(List.of(Column.of("id", DataType.BIGINT), Column.of("name", DataType.TEXT)), List.of("id"));

    /** Splits of consecutive ids; positions are the last id read. */
    static final class MemorySource implements Source {
        final int splits;
        final int rowsPerSplit;
        /** False: like a table without a key, every split is read from its start whatever the position. */
        volatile boolean resumable = true;

        MemorySource(int splits, int rowsPerSplit) {
            this.splits = splits;
            this.rowsPerSplit = rowsPerSplit;
        }

        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public List<Split> splits() {
            List<Split> out = new ArrayList<>();
            for (int s = 0; s < splits; s++) {
                out.add(new Split("s" + s, Map.of("from", (long) s * rowsPerSplit)));
            }
            return out;
        }

        @Override
        public OptionalLong estimateRows(Split split) {
            return OptionalLong.of(rowsPerSplit);
        }

        @Override
        public boolean resumable(Split split) {
            return resumable;
        }

        @Override
        public SplitReader open(Split split, Position from) {
            long first = (Long) split.bounds().get("from");
            long end = first + rowsPerSplit;
            long[] next = {from.isStart() || !resumable ? first : ((Number) from.get("lastKey")).longValue() + 1};
            return new SplitReader() {
                @Override
                public Optional<Chunk> next(int maxRows) {
                    if (next[0] >= end) {
                        return Optional.empty();
                    }
                    List<Object[]> rows = new ArrayList<>();
                    while (next[0] < end && rows.size() < maxRows) {
                        rows.add(new Object[] {next[0], "row " + next[0]});
                        next[0]++;
                    }
                    return Optional.of(
                            new Chunk(SCHEMA, rows, new Position(Map.of("lastKey", next[0] - 1)), rows.size() * 16L));
                }

                @Override
                public void close() {}
            };
        }
    }

    /** Commits a chunk and its checkpoint together; can fail a chosen write, as a crashed transaction would. */
    static final class MemorySink implements Sink {
        final Map<Long, Integer> copies = new HashMap<>();
        final Map<String, Checkpoint> checkpoints = new HashMap<>();
        final AtomicInteger writes = new AtomicInteger();
        volatile int failOnWrite = -1;
        volatile int failFrom = -1;
        volatile boolean permanent;
        volatile boolean finished;
        volatile boolean idempotent;

        @Override
        public boolean idempotent() {
            return idempotent;
        }

        @Override
        public void prepare(Schema schema) {}

        @Override
        public synchronized Optional<Checkpoint> checkpoint(String jobId, String splitId) {
            return Optional.ofNullable(checkpoints.get(splitId));
        }

        @Override
        public long write(Chunk chunk, Checkpoint checkpoint) {
            int n = writes.incrementAndGet();
            if (n == failOnWrite || failFrom > 0 && n >= failFrom) {
                throw permanent
                        ? new ConnectorException(SyncErrorCode.TARGET_MISSING_COLUMNS, "column missing", null)
                        : new ConnectorException(SyncErrorCode.TARGET_TRANSIENT, "connection reset", null);
            }
            synchronized (this) {
                chunk.rows().forEach(r -> copies.merge((Long) r[0], 1, Integer::sum));
                checkpoints.put(checkpoint.splitId(), checkpoint);
            }
            return chunk.size();
        }

        @Override
        public void finish() {
            finished = true;
        }
    }

    static final class Recorder implements RunEngine.Listener {
        final List<RunEngine.Progress> progress = new CopyOnWriteArrayList<>();
        final List<RowError> rejected = new CopyOnWriteArrayList<>();
        final List<String> retries = new CopyOnWriteArrayList<>();

        @Override
        public void retrying(String splitId, int attempt, Duration wait, ConnectorException cause) {
            retries.add(splitId + " attempt " + attempt + ": " + cause.getMessage());
        }

        @Override
        public void progress(RunEngine.Progress p) {
            progress.add(p);
        }

        @Override
        public void rejected(String splitId, List<RowError> rows) {
            rejected.addAll(rows);
        }
    }

    static final Transform NONE = new Transform() {
        @Override
        public Schema outputSchema(Schema input) {
            return input;
        }

        @Override
        public Result apply(Chunk chunk) {
            return Result.allRows(chunk);
        }
    };

    /** Refuses every row with an odd id. */
    private static final Transform ODDS_OUT = new Transform() {
        @Override
        public Schema outputSchema(Schema input) {
            return input;
        }

        @Override
        public Result apply(Chunk chunk) {
            List<Object[]> kept = new ArrayList<>();
            List<Integer> origins = new ArrayList<>();
            List<RowError> refused = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                Object[] row = chunk.rows().get(i);
                if ((Long) row[0] % 2 == 1) {
                    refused.add(new RowError(i, new Object[] {row[0]}, "filter", "odd"));
                } else {
                    kept.add(row);
                    origins.add(i);
                }
            }
            return new Result(
                    chunk.with(chunk.schema(), kept),
                    refused,
                    origins.stream().mapToInt(Integer::intValue).toArray());
        }
    };

    private static RunEngine.Plan plan(Source source, Sink sink, Transform transforms) {
        return plan(source, sink, transforms, null, null);
    }

    private static RunEngine.Plan plan(
            Source source, Sink sink, Transform transforms, LimitsSpec limits, RetrySpec retries) {
        return new RunEngine.Plan("job", "run-1", source, transforms, sink, 2, 100, limits, retries, null);
    }

    /** Two retries after the first attempt. */
    private static final RetrySpec QUICK_RETRIES =
            new RetrySpec(3, Duration.ofMillis(1), 2.0, Duration.ofMillis(5), 0.0);

    @Test
    void aRetriableFailureIsRetriedFromTheSplitsCheckpointWithinTheRun() {
        MemorySink sink = new MemorySink();
        sink.failOnWrite = 17;
        Recorder recorder = new Recorder();

        RunEngine.Outcome outcome = new RunEngine()
                .run(plan(new MemorySource(4, 1_000), sink, NONE, null, QUICK_RETRIES), new RunControl(), recorder);

        assertThat(outcome).isEqualTo(RunEngine.Outcome.SUCCEEDED);
        assertThat(sink.copies)
                .hasSize(4_000)
                .allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
        assertThat(recorder.retries).singleElement().asString().contains("attempt 1", "connection reset");
        RunEngine.Progress last = recorder.progress.get(recorder.progress.size() - 1);
        assertThat(last).isEqualTo(new RunEngine.Progress(4_000, 4_000, 0, 4_000, 4, 4));
    }

    /**
     * A split that can only be read again from its start (no key) must not be appended twice: after rows were
     * written it fails plainly (SYNC-007) unless the sink is idempotent, where reading it again is harmless.
     */
    @Test
    void aSplitThatCannotResumeIsNeverAppendedTwice() {
        MemorySource source = new MemorySource(1, 1_000);
        source.resumable = false;
        MemorySink append = new MemorySink();
        append.failOnWrite = 3; // two chunks of 100 committed, then a retriable failure

        assertThatThrownBy(() -> new RunEngine()
                        .run(plan(source, append, NONE, null, QUICK_RETRIES), new RunControl(), new Recorder()))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("SYNC-007");
                    assertThat(e.retriable()).isFalse();
                    assertThat(e.getMessage()).contains("after 200 rows", "upsert");
                });
        assertThat(append.copies)
                .hasSize(200)
                .allSatisfy((id, n) -> assertThat(n).isEqualTo(1));

        MemorySink upsert = new MemorySink();
        upsert.idempotent = true;
        upsert.failOnWrite = 3;
        assertThat(new RunEngine()
                        .run(plan(source, upsert, NONE, null, QUICK_RETRIES), new RunControl(), new Recorder()))
                .isEqualTo(RunEngine.Outcome.SUCCEEDED);
        assertThat(upsert.copies).hasSize(1_000);
    }

    @Test
    void retriesStopAfterTheConfiguredAttemptsAndThePermanentFailuresAreNeverRetried() {
        MemorySink always = new MemorySink();
        always.failFrom = 5;
        Recorder recorder = new Recorder();
        assertThatThrownBy(() -> new RunEngine()
                        .run(
                                plan(new MemorySource(1, 1_000), always, NONE, null, QUICK_RETRIES),
                                new RunControl(),
                                recorder))
                .isInstanceOfSatisfying(
                        ConnectorException.class, e -> assertThat(e.retriable()).isTrue());
        assertThat(recorder.retries).hasSize(2);

        MemorySink permanent = new MemorySink();
        permanent.failOnWrite = 3;
        permanent.permanent = true;
        Recorder none = new Recorder();
        assertThatThrownBy(() -> new RunEngine()
                        .run(
                                plan(new MemorySource(1, 1_000), permanent, NONE, null, QUICK_RETRIES),
                                new RunControl(),
                                none))
                .isInstanceOfSatisfying(
                        ConnectorException.class, e -> assertThat(e.code()).isEqualTo("SYNC-203"));
        assertThat(none.retries).isEmpty();
    }

    @Test
    void moreRejectedRowsThanMaxErrorsFailTheRunAsSoonAsTheyAreSeen() {
        MemorySink sink = new MemorySink();
        assertThatThrownBy(() -> new RunEngine()
                        .run(
                                plan(
                                        new MemorySource(1, 1_000),
                                        sink,
                                        ODDS_OUT,
                                        new LimitsSpec(0L, 0L, 100L, null),
                                        null),
                                new RunControl(),
                                new Recorder()))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("SYNC-006");
                    assertThat(e.retriable()).isFalse();
                    assertThat(e.getMessage()).contains("150 rows rejected, more than maxErrors 100");
                });
        assertThat(sink.copies).hasSizeLessThan(500);
        assertThat(sink.finished).isFalse();
    }

    @Test
    void theErrorRatioIsCheckedAtTheEndEvenForASmallRun() {
        MemorySink tooMany = new MemorySink();
        assertThatThrownBy(() -> new RunEngine()
                        .run(
                                plan(
                                        new MemorySource(1, 500),
                                        tooMany,
                                        ODDS_OUT,
                                        new LimitsSpec(0L, 0L, null, 0.4),
                                        null),
                                new RunControl(),
                                new Recorder()))
                .isInstanceOfSatisfying(
                        ConnectorException.class,
                        e -> assertThat(e.getMessage())
                                .contains("250 of 500 rows rejected (50.00%), more than maxErrorRatio 0.4"));
        assertThat(tooMany.finished).isFalse();

        MemorySink justEnough = new MemorySink();
        assertThat(new RunEngine()
                        .run(
                                plan(
                                        new MemorySource(1, 500),
                                        justEnough,
                                        ODDS_OUT,
                                        new LimitsSpec(0L, 0L, null, 0.5),
                                        null),
                                new RunControl(),
                                new Recorder()))
                .isEqualTo(RunEngine.Outcome.SUCCEEDED);
        assertThat(justEnough.finished).isTrue();
    }

    @Test
    void copiesEveryRowOfEverySplitExactlyOnce() {
        MemorySink sink = new MemorySink();
        Recorder recorder = new Recorder();

        RunEngine.Outcome outcome =
                new RunEngine().run(plan(new MemorySource(4, 1_000), sink, NONE), new RunControl(), recorder);

        assertThat(outcome).isEqualTo(RunEngine.Outcome.SUCCEEDED);
        assertThat(sink.copies)
                .hasSize(4_000)
                .allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
        assertThat(sink.finished).isTrue();
        RunEngine.Progress last = recorder.progress.get(recorder.progress.size() - 1);
        assertThat(last).isEqualTo(new RunEngine.Progress(4_000, 4_000, 0, 4_000, 4, 4));
    }

    @Test
    void aRunThatFailedMidWayResumesFromItsCheckpointsWithoutLossOrDuplicates() {
        MemorySink sink = new MemorySink();
        sink.failOnWrite = 17;
        MemorySource source = new MemorySource(4, 1_000);

        assertThatThrownBy(() -> new RunEngine().run(plan(source, sink, NONE), new RunControl(), new Recorder()))
                .isInstanceOf(ConnectorException.class)
                .satisfies(e -> assertThat(((ConnectorException) e).retriable()).isTrue());
        assertThat(sink.copies.size()).isLessThan(4_000);

        sink.failOnWrite = -1;
        new RunEngine().run(plan(source, sink, NONE), new RunControl(), new Recorder());

        assertThat(sink.copies)
                .hasSize(4_000)
                .allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    }

    @Test
    void rowsATransformRefusesAreReportedAndNotWritten() {
        MemorySink sink = new MemorySink();
        Recorder recorder = new Recorder();

        new RunEngine().run(plan(new MemorySource(2, 500), sink, ODDS_OUT), new RunControl(), recorder);

        assertThat(sink.copies).hasSize(500);
        assertThat(recorder.rejected)
                .hasSize(500)
                .allSatisfy(r -> assertThat(r.reason()).isEqualTo("odd"));
    }

    @Test
    void pausesBetweenChunksAndStopsWhenCancelled() {
        MemorySink sink = new MemorySink();
        RunControl control = new RunControl();
        control.pause();
        CompletableFuture<RunEngine.Outcome> run = CompletableFuture.supplyAsync(() ->
                new RunEngine().run(plan(new MemorySource(2, 1_000), sink, NONE), control, new Recorder()));

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> sink.writes.get() == 0);
        control.cancel();

        assertThat(run.join()).isEqualTo(RunEngine.Outcome.CANCELLED);
        assertThat(sink.finished).isFalse();
    }
}
