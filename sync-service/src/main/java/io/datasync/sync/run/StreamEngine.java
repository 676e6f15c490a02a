package io.datasync.sync.run;

import io.datasync.models.job.BatchSpec;
import io.datasync.models.job.RetrySpec;
import io.datasync.sync.connector.records.RowJson;
import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.Guarantee;
import io.datasync.sync.connector.spi.PositionJson;
import io.datasync.sync.connector.spi.RejectedRecord;
import io.datasync.sync.connector.spi.StreamBatch;
import io.datasync.sync.connector.spi.StreamContext;
import io.datasync.sync.connector.spi.StreamReader;
import io.datasync.sync.connector.spi.StreamSource;
import io.datasync.sync.connector.spi.SyncErrorCode;
import io.datasync.sync.transform.spi.RowError;
import io.datasync.sync.transform.spi.Transform;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Runs a stream: {@code StreamReader → transforms → Sink}, micro-batch by micro-batch, until the run is stopped. A
 * stream never ends, so unlike {@link RunEngine} nothing here plans or persists splits (a broker reassigns them at
 * will), tallies keys for a verification, or finishes the sink; an idle stream is not a finished one.
 *
 * <ol>
 *   <li>The sink is prepared for the schema the transforms produce, and the reader subscribed with the positions the
 *       sink committed ({@code <jobId>/stream}), so a new claim of the run (a restart, a takeover) resumes exactly
 *       after the last committed micro-batch.
 *   <li>Per micro-batch: honour the rows/s and bytes/s limits, transform, record refused rows and their raw records as dead
 *       letters (before the write, so a crash after the commit cannot lose them, and a bad message moves the position
 *       on like a good one: it never blocks its split), then write the rows and move the positions in one transaction
 *       ({@code sink.write(chunk, positions)}), and only then acknowledge the batch to the source.
 *   <li>A pause is passed to the reader ({@link StreamReader#pause}) while {@link StreamReader#next} keeps being
 *       called: blocking the member thread instead would drop a Kafka consumer from its group or stall an MQTT client.
 *   <li>A retriable failure — a moved position ({@link SyncErrorCode#POSITION_MOVED}), a lost connection — rewinds the
 *       reader to the committed positions and tries again after a growing backoff, as long as the run lives; the cause
 *       shows in the run's stream view meanwhile. A permanent one fails the run; {@link SyncErrorCode#FENCED}
 *       abandons it to its new owner.
 *   <li>The error budget applies to a sliding window ({@link ErrorWindow}), not to the run's lifetime.
 * </ol>
 *
 * Meters: {@link StreamMetrics}, per job and source kind.
 *
 * <p>Backpressure: one micro-batch in flight. For a reader that {@link StreamReader#readsAhead reads ahead} (Kafka,
 * push) the run's writer thread writes a batch while the member thread polls, decodes and transforms the next one,
 * which is handed to the writer only after the one before it committed (and acknowledged in order); a failed write
 * drops the batch read ahead and rewinds. Other readers poll, write, then poll again. One member per run on this
 * instance, on the calling thread; {@link RunControl#cancel} wakes a blocked poll up.
 */
public final class StreamEngine {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(StreamEngine.class);

    /**
     * What a stream run needs beyond the {@link RunEngine.Plan} (whose {@code jobId} is the stream's checkpoint scope
     * {@code <jobId>/stream}).
     *
     * @param jobId the job, for the reader's default consumer group names
     * @param memberId this member's stable name among the run's readers (e.g. the instance id)
     * @param batch when micro-batches close
     * @param errorWindow the window the job's error budget applies to
     * @param backoff the waits between attempts after a retriable failure; {@code maxAttempts} is ignored (forever)
     * @param healthyAfter how long the run must make progress without a failure before it counts as healthy again
     *     (and its crash-resume count is reset)
     * @param guarantee what the source promises with the job's write mode, shown with the run
     * @param resumed the run's counters as an earlier claim last saved them, continued from (what an owner that died
     *     counted after its last save is not carried over: the counters are progress, the target and positions exact)
     */
    public record Settings(
            String jobId,
            String memberId,
            BatchSpec batch,
            Duration errorWindow,
            RetrySpec backoff,
            Duration healthyAfter,
            Guarantee guarantee,
            RunEngine.Progress resumed) {
        public Settings {
            batch = batch == null ? BatchSpec.DEFAULT : batch;
            errorWindow = errorWindow == null ? ErrorWindow.DEFAULT : errorWindow;
            backoff = backoff == null ? DEFAULT_BACKOFF : backoff;
            healthyAfter = healthyAfter == null ? Duration.ofMinutes(10) : healthyAfter;
            resumed = resumed == null ? new RunEngine.Progress(0, 0, 0, -1, 0, 0) : resumed;
        }
    }

    /** 1 s, doubling up to 1 min, ±20 %. */
    public static final RetrySpec DEFAULT_BACKOFF =
            new RetrySpec(100, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1), 0.2);

    /** Callbacks from the member thread. */
    public interface Listener {

        /**
         * The run's counters and stream view after a micro-batch or an idle poll; the listener persists them at most
         * every so often (never per micro-batch) unless {@code force}, which the engine sets once when it stops.
         */
        void progress(RunEngine.Progress progress, Supplier<StreamView> stream, boolean force);

        /** Rows refused by the source or a transform, before the micro-batch holding them is written. */
        void rejected(String splitId, List<RowError> rows);

        /**
         * The same refusals as {@link #rejected} with their raw records, right after it and before the micro-batch
         * holding them is written: stored, they let the position move past a bad message without losing it. A batch
         * written again after a retry reports them again, with the same locators.
         */
        default void deadLetters(List<DeadLetter> letters) {}

        /** A micro-batch failed with a retriable error; the reader rewound and tries again after {@code wait}. */
        default void retrying(int attempt, Duration wait, ConnectorException cause) {}

        /** The run made progress for {@code healthyAfter} without a failure: it is not crash-looping. */
        default void healthy() {}
    }

    private final Clock clock;
    private final MeterRegistry meters;
    private final String sourceType;
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final RateWindow rate = new RateWindow();
    private final LatencyWindow latency = new LatencyWindow();
    private volatile Instant lastEvent;
    private volatile String retrying;
    /** Micro-batches committed by this engine (the member thread's count). */
    private long commits;

    /**
     * @param meters where the run's {@link StreamMetrics} are registered
     * @param sourceType the source's kind ({@code kafka}, {@code mqtt}, …), the meters' {@code source_type} tag
     */
    public StreamEngine(Clock clock, MeterRegistry meters, String sourceType) {
        this.clock = clock;
        this.meters = meters;
        this.sourceType = sourceType;
    }

    /**
     * A micro-batch's name for the transforms: where each of its splits' positions moves from and to, so the same batch
     * read again after a failure (from the same committed positions) has the same name.
     */
    static String chunkId(StreamBatch batch) {
        StringBuilder id = new StringBuilder();
        for (var update : batch.positions()) {
            id.append(update.splitId())
                    .append(':')
                    .append(update.expected())
                    .append("->")
                    .append(update.next())
                    .append(';');
        }
        return id.toString();
    }

    /** An engine whose meters go nowhere. */
    public StreamEngine(Clock clock) {
        this(clock, new CompositeMeterRegistry(), "unknown");
    }

    public StreamEngine() {
        this(Clock.systemUTC());
    }

    /**
     * Runs the stream until {@code control} is cancelled (then {@link RunEngine.Outcome#CANCELLED}) or a permanent
     * failure, which is thrown as a {@link ConnectorException}. The caller closes the source and the sink.
     */
    public RunEngine.Outcome run(
            RunEngine.Plan plan, StreamSource source, Settings settings, RunControl control, Listener listener) {
        read.set(settings.resumed().rowsRead());
        written.set(settings.resumed().rowsWritten());
        rejected.set(settings.resumed().rowsRejected());
        plan.sink().prepare(plan.transforms().outputSchema(source.schema()));
        StreamContext context = new StreamContext(
                plan.jobId(),
                settings.jobId(),
                settings.memberId(),
                splits -> plan.sink().positions(plan.jobId(), splits),
                settings.batch().maxRows(),
                settings.batch().maxDelay());
        ErrorWindow errors = new ErrorWindow(plan.limits(), settings.errorWindow());
        RateLimiter rows = new RateLimiter(plan.limits().rowsPerSecond());
        RateLimiter bytes = new RateLimiter(plan.limits().bytesPerSecond());
        java.util.concurrent.ExecutorService writer = null;
        Written inFlight = null;
        try (StreamMetrics metrics = new StreamMetrics(meters, settings.jobId(), sourceType);
                StreamReader reader = source.subscribe(context)) {
            // built on this (the member's) thread when the listener saves progress: lag is read only then
            Supplier<StreamView> view = () -> view(settings, reader);
            control.onCancel(reader::wakeup);
            if (reader.readsAhead()) {
                writer = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, Thread.currentThread().getName() + "-writer");
                    t.setDaemon(true);
                    return t;
                });
            }
            boolean paused = false;
            boolean rewindPending = false;
            int failures = 0;
            long healthySince = System.nanoTime();
            boolean reportedHealthy = false;
            long commitsAtFailure = 0;
            while (!control.cancelled()) {
                try {
                    if (rewindPending) {
                        reader.rewind(); // a failing rewind is retried like any retriable failure
                        rewindPending = false;
                    }
                    if (control.paused() != paused) {
                        paused = !paused;
                        if (paused) {
                            inFlight = finish(inFlight, reader, errors, metrics); // a pause starts after the commit
                            reader.pause();
                        } else {
                            reader.resume();
                        }
                    }
                    Optional<StreamBatch> next = reader.next();
                    if (next.isPresent()) {
                        StreamBatch batch = next.get();
                        Chunk chunk = batch.chunk();
                        rows.acquire(chunk.size());
                        bytes.acquire(chunk.bytes());
                        Transform.Result out = changes(chunk, plan.transforms().apply(chunk, chunkId(batch)));
                        List<RowError> refused = withSourceRejects(chunk, out.errors());
                        if (!refused.isEmpty()) {
                            bySplit(batch, refused).forEach(listener::rejected);
                            listener.deadLetters(deadLetters(batch, chunk, out.errors()));
                        }
                        // the batch read ahead is written only after the one before it committed, in order
                        inFlight = finish(inFlight, reader, errors, metrics);
                        // an owner whose lease lapsed stops before another may take the run over (SYNC-040); the
                        // sink also checks the run's fence in the write's transaction
                        control.checkLease();
                        inFlight = write(plan, batch, out, refused.size(), metrics, writer);
                        if (writer == null) {
                            inFlight = finish(inFlight, reader, errors, metrics);
                        }
                    } else {
                        inFlight = finish(inFlight, reader, errors, metrics);
                    }
                    if (failures > 0 && commits > commitsAtFailure) {
                        failures = 0; // a micro-batch committed since the last failure: healthy again
                        retrying = null;
                    }
                    if (!reportedHealthy
                            && failures == 0
                            && System.nanoTime() - healthySince
                                    >= settings.healthyAfter().toNanos()) {
                        reportedHealthy = true;
                        listener.healthy();
                    }
                    metrics.lag(reader::lag, false);
                    listener.progress(progress(), view, false);
                    String exceeded = errors.exceeded();
                    if (exceeded != null) {
                        throw new ConnectorException(
                                SyncErrorCode.ERROR_BUDGET_EXCEEDED, "the error budget is exceeded: " + exceeded, null);
                    }
                } catch (ConnectorException e) {
                    // a write still in flight ends first: committed, its batch is acknowledged before any rewind
                    inFlight = settle(inFlight, reader, errors, metrics);
                    if (e.errorCode() == SyncErrorCode.FENCED) {
                        control.abandon();
                        break;
                    }
                    if (!e.retriable() || control.cancelled()) {
                        throw e;
                    }
                    failures++;
                    commitsAtFailure = commits;
                    healthySince = System.nanoTime();
                    reportedHealthy = false;
                    Duration wait = settings.backoff()
                            .delayAfter(
                                    Math.min(failures, 30),
                                    ThreadLocalRandom.current().nextDouble());
                    retrying = e.code() + " " + e.getMessage() + " (attempt " + failures + ", next in "
                            + io.datasync.models.job.Durations.format(wait) + ")";
                    listener.retrying(failures, wait, e);
                    listener.progress(progress(), view, true);
                    if (!control.sleep(wait)) {
                        break;
                    }
                    rewindPending = true;
                }
            }
            inFlight = settle(inFlight, reader, errors, metrics);
            if (control.handingOver()) {
                reader.leave();
            }
            if (!control.abandoned()) {
                listener.progress(progress(), view, true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (!control.cancelled()) {
                throw new ConnectorException(SyncErrorCode.INTERRUPTED, "the stream was interrupted", e);
            }
        } finally {
            control.onCancel(null);
            if (writer != null) {
                writer.shutdownNow();
            }
        }
        return RunEngine.Outcome.CANCELLED;
    }

    /** A change log's kept columns follow their rows through the transforms (deletes bypass them). */
    static Transform.Result changes(Chunk in, Transform.Result out) {
        if (in.changes() == null || out.chunk() == in) {
            return out;
        }
        int[] origins = out.inputRows();
        return new Transform.Result(out.chunk().withChanges(in.changes().select(origins)), out.errors(), origins);
    }

    /** A micro-batch handed to the sink: its write, and what to count once it committed. */
    private record Written(
            StreamBatch batch, int rowsOut, int refused, int transformErrors, java.util.concurrent.Future<?> write) {}

    /**
     * Writes the batch's rows and positions in one transaction: on the run's writer thread when the reader reads
     * ahead (so the next batch is read and decoded meanwhile), else right here.
     */
    private Written write(
            RunEngine.Plan plan,
            StreamBatch batch,
            Transform.Result out,
            int refused,
            StreamMetrics metrics,
            java.util.concurrent.ExecutorService writer) {
        Runnable write = () -> {
            long writing = System.nanoTime();
            boolean wrote = false;
            try {
                plan.sink().write(out.chunk(), batch.positions());
                wrote = true;
            } finally {
                metrics.commit(System.nanoTime() - writing, wrote);
            }
        };
        java.util.concurrent.CompletableFuture<Void> done;
        if (writer == null) {
            done = new java.util.concurrent.CompletableFuture<>();
            try {
                write.run();
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        } else {
            done = java.util.concurrent.CompletableFuture.runAsync(write, writer);
        }
        return new Written(
                batch,
                out.chunk().size() + StreamBatch.deletes(out.chunk()),
                refused,
                out.errors().size(),
                done);
    }

    /**
     * Waits for the write in flight, if any; once it committed, acknowledges its batch to the reader and counts it.
     *
     * @return null: nothing is in flight any more
     * @throws ConnectorException the write's failure
     */
    private Written finish(Written written, StreamReader reader, ErrorWindow errors, StreamMetrics metrics)
            throws InterruptedException {
        if (written == null) {
            return null;
        }
        try {
            written.write().get();
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause() instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                    ? c.getCause()
                    : e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new ConnectorException(SyncErrorCode.INTERNAL, "writing a micro-batch failed: " + cause, cause);
        }
        StreamBatch batch = written.batch();
        commits++;
        reader.committed(batch);
        committed(batch, written.rowsOut(), written.refused(), errors);
        metrics.committed(
                batch.records(),
                written.rowsOut(),
                batch.chunk().rejected().size(),
                written.transformErrors(),
                batch.firstEvent(),
                batch.lastEvent(),
                clock.instant());
        return null;
    }

    /** {@link #finish} when something else failed already: the write's own failure is only logged. */
    private Written settle(Written written, StreamReader reader, ErrorWindow errors, StreamMetrics metrics) {
        try {
            return finish(written, reader, errors, metrics);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.debug("the micro-batch in flight failed too: {}", e.toString());
        }
        return null;
    }

    private void committed(StreamBatch batch, int rowsOut, int refused, ErrorWindow errors) {
        long records = batch.records();
        read.addAndGet(records);
        rejected.addAndGet(refused);
        written.addAndGet(rowsOut);
        rate.record(records);
        errors.record(records, refused);
        if (batch.lastEvent() != null) {
            lastEvent = batch.lastEvent();
        }
        latency.record(batch.firstEvent(), batch.lastEvent(), clock.instant());
    }

    /**
     * The refused rows by the split they came from: a source's reject by its locator ({@code <split>@<position>}) when
     * it names one of the batch's splits, anything else under the batch's first split.
     */
    static java.util.Map<String, List<RowError>> bySplit(StreamBatch batch, List<RowError> refused) {
        java.util.Set<String> splits = new java.util.HashSet<>();
        batch.positions().forEach(p -> splits.add(p.splitId()));
        java.util.Map<String, List<RowError>> grouped = new java.util.LinkedHashMap<>();
        for (RowError error : refused) {
            String split = splitOf(batch);
            if ("source".equals(error.transform()) && error.key() != null && error.key().length == 1) {
                String locator = String.valueOf(error.key()[0]);
                int at = locator.lastIndexOf('@');
                if (at > 0 && splits.contains(locator.substring(0, at))) {
                    split = locator.substring(0, at);
                }
            }
            grouped.computeIfAbsent(split, s -> new ArrayList<>()).add(error);
        }
        return grouped;
    }

    /** The split the first position of the batch belongs to, to file its refused rows under. */
    private static String splitOf(StreamBatch batch) {
        return batch.positions().isEmpty() ? "stream" : batch.positions().get(0).splitId();
    }

    private RunEngine.Progress progress() {
        return new RunEngine.Progress(read.get(), written.get(), rejected.get(), -1, 0, 0);
    }

    private StreamView view(Settings settings, StreamReader reader) {
        return new StreamView(
                reader.lag(),
                Math.round(rate.perSecond() * 10) / 10.0,
                lastEvent,
                latency.quantile(0.5),
                latency.quantile(0.99),
                1,
                settings.guarantee() == null ? null : settings.guarantee().name(),
                retrying,
                clock.instant(),
                null);
    }

    /**
     * The batch's refusals as dead letters: a source's reject with its own locator and raw payload; a row a transform
     * refused under its batch's positions and its index in the batch (unique per job, and the same when the batch is
     * read again after a rewind), with the row as JSON.
     */
    static List<DeadLetter> deadLetters(StreamBatch batch, Chunk chunk, List<RowError> transformErrors) {
        List<DeadLetter> letters = new ArrayList<>(chunk.rejected().size() + transformErrors.size());
        for (RejectedRecord record : chunk.rejected()) {
            letters.add(new DeadLetter(record.locator(), record.raw(), record.reason()));
        }
        if (!transformErrors.isEmpty()) {
            String at = batch.positions().isEmpty()
                    ? "stream@" + PositionJson.write(chunk.position())
                    : batch.positions().stream()
                            .map(p -> p.splitId() + "@" + PositionJson.write(p.next()))
                            .collect(Collectors.joining(","));
            RowJson json = new RowJson(chunk.schema());
            for (RowError error : transformErrors) {
                letters.add(new DeadLetter(
                        at + "#" + error.rowIndex(),
                        rowJson(json, chunk, error.rowIndex()),
                        error.transform() + ": " + error.reason()));
            }
        }
        return letters;
    }

    /** The refused row as the source gave it, as JSON; null when the index is not the chunk's or it cannot be written. */
    private static byte[] rowJson(RowJson json, Chunk chunk, int index) {
        if (index >= chunk.size()) {
            return null;
        }
        try {
            byte[] raw = json.encode(chunk.rows().get(index));
            return raw.length > RejectedRecord.MAX_RAW ? Arrays.copyOf(raw, RejectedRecord.MAX_RAW) : raw;
        } catch (RuntimeException e) {
            return null; // a value the JSON writer does not know: the reason and locator still say what was refused
        }
    }

    /** Records the source could not read count and show like rows a transform refused, keyed by where they are. */
    private static List<RowError> withSourceRejects(Chunk chunk, List<RowError> transformErrors) {
        if (chunk.rejected().isEmpty()) {
            return transformErrors;
        }
        List<RowError> all = new ArrayList<>(chunk.rejected().size() + transformErrors.size());
        for (var record : chunk.rejected()) {
            all.add(new RowError(0, new Object[] {record.locator()}, "source", record.reason()));
        }
        all.addAll(transformErrors);
        return all;
    }
}
