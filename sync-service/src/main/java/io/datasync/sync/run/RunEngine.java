package io.datasync.sync.run;

import io.datasync.models.job.LimitsSpec;
import io.datasync.models.job.RetrySpec;
import io.datasync.sync.connector.spi.Checkpoint;
import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.ConnectorException;
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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Moves one run's rows: {@code Source → transforms → Sink}, split by split, chunk by chunk.
 *
 * <ol>
 *   <li>The sink is prepared for the schema the transforms produce.
 *   <li>Splits are read in parallel, up to the job's parallelism. Each split resumes after the checkpoint the sink
 *       holds for it, so a run restarted after a crash neither skips nor repeats a committed chunk.
 *   <li>Per chunk: wait while paused, honour the rows/s and bytes/s limits, transform, check that this instance
 *       still holds the run's lease ({@link RunControl#checkLease}), then write the chunk together with its checkpoint
 *       (one transaction in the sink, which also checks the run's fence where the sink has one).
 *   <li>When every split is done the sink finishes (e.g. swaps in an overwritten table).
 * </ol>
 *
 * One thread per split reads and writes its chunks in turn, so memory stays bounded at about
 * {@code parallelism × chunkSize} rows and a slow sink slows its readers down (backpressure). The first failure stops
 * the other splits and is rethrown as a {@link ConnectorException}.
 */
public final class RunEngine {

    /** Everything a run needs. */
    public record Plan(
            String jobId,
            String runId,
            Source source,
            Transform transforms,
            Sink sink,
            int parallelism,
            int chunkSize,
            LimitsSpec limits,
            RetrySpec retries,
            io.datasync.sync.verify.KeyTally tally) {
        public Plan {
            if (parallelism < 1 || chunkSize < 1) {
                throw new IllegalArgumentException("parallelism and chunkSize must be at least 1");
            }
            limits = limits == null ? LimitsSpec.UNLIMITED : limits;
            retries = retries == null ? NO_RETRIES : retries;
        }
    }

    /** Without a {@link RetrySpec} in the plan, a split is not retried inside the run. */
    public static final RetrySpec NO_RETRIES = new RetrySpec(1, Duration.ZERO, 1.0, Duration.ZERO, 0.0);

    /** Counters of a run so far; {@code rowsTotal} is -1 when the source cannot tell. */
    public record Progress(
            long rowsRead, long rowsWritten, long rowsRejected, long rowsTotal, int splitsDone, int splitsTotal) {}

    /** Callbacks from the engine's threads; implementations must be thread-safe. */
    public interface Listener {
        /** The splits of a run that had none recorded yet; a resumed run must be given the same ones back. */
        default void splitsPlanned(List<Split> splits) {}

        void progress(Progress progress);

        void rejected(String splitId, List<RowError> rows);

        /** A split failed with a retriable error and is read again from its checkpoint after {@code wait}. */
        default void retrying(String splitId, int attempt, Duration wait, ConnectorException cause) {}
    }

    /** How a run ended when it did not fail. */
    public enum Outcome {
        SUCCEEDED,
        CANCELLED
    }

    private final AtomicLong read = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicInteger splitsDone = new AtomicInteger();

    public Outcome run(Plan plan, RunControl control, Listener listener) {
        return run(plan, control, listener, null);
    }

    /**
     * @param knownSplits the splits an earlier attempt of this run planned, or null to plan them now: a resumed run
     *     keeps its splits even if the source's data moved since, so every checkpoint still matches its split
     */
    public Outcome run(Plan plan, RunControl control, Listener listener, List<Split> knownSplits) {
        Schema schema = plan.source().schema();
        plan.sink().prepare(plan.transforms().outputSchema(schema));
        List<Split> splits = knownSplits;
        if (splits == null) {
            splits = plan.source().splits();
            listener.splitsPlanned(splits);
        }
        int splitCount = splits.size();
        long total = estimate(plan.source(), splits);
        RateLimiter rows = new RateLimiter(plan.limits().rowsPerSecond());
        RateLimiter bytes = new RateLimiter(plan.limits().bytesPerSecond());
        int threads = Math.min(plan.parallelism(), Math.max(1, splits.size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(
                    r,
                    "run-" + plan.runId().substring(0, Math.min(8, plan.runId().length())));
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (Split split : splits) {
                SplitCopy copy = new SplitCopy(plan, split, control, rows, bytes, listener, total, splitCount);
                // split threads log and publish progress with the run's correlation id
                tasks.add(pool.submit(io.datasync.kit.correlation.Correlation.wrap(() -> {
                    copy.run();
                    return null;
                })));
            }
            for (Future<?> task : tasks) {
                await(task, control);
            }
        } finally {
            pool.shutdownNow();
            awaitTermination(pool);
        }
        if (control.cancelled()) {
            return Outcome.CANCELLED;
        }
        checkErrorBudget(plan, true);
        plan.transforms().finish();
        control.checkLease();
        plan.sink().finish();
        listener.progress(progress(total, splitCount));
        return Outcome.SUCCEEDED;
    }

    /**
     * One split's copy on its own thread, with what it shares with the run's other splits: the plan, the control, the
     * rate limiters, the listener and the totals a progress report carries.
     */
    private final class SplitCopy {
        private final Plan plan;
        private final Split split;
        private final RunControl control;
        private final RateLimiter rows;
        private final RateLimiter bytes;
        private final Listener listener;
        private final long total;
        private final int splitCount;

        SplitCopy(
                Plan plan,
                Split split,
                RunControl control,
                RateLimiter rows,
                RateLimiter bytes,
                Listener listener,
                long total,
                int splitCount) {
            this.plan = plan;
            this.split = split;
            this.control = control;
            this.rows = rows;
            this.bytes = bytes;
            this.listener = listener;
            this.total = total;
            this.splitCount = splitCount;
        }

        /**
         * Copies the split from the checkpoint the sink holds for it to its end; after a retriable failure it reads on
         * from the checkpoint committed last, as often as the plan's retries allow.
         */
        void run() throws InterruptedException {
            Optional<Checkpoint> resumed = checkpoint();
            if (resumed.isPresent() && plan.tally() != null) {
                plan.tally()
                        .incomplete(
                                "the run resumed from checkpoints: part of the source was read by an earlier attempt");
            }
            // A resumed split's committed rows count toward this run, so its totals match the source at the end.
            read.addAndGet(resumed.map(Checkpoint::rowsWritten).orElse(0L));
            written.addAndGet(resumed.map(Checkpoint::rowsWritten).orElse(0L));
            int failures = 0;
            while (true) {
                try {
                    copyFrom(resumed);
                    break;
                } catch (ConnectorException e) {
                    failures++;
                    if (!e.retriable() || control.cancelled() || !plan.retries().allowsAnotherAfter(failures)) {
                        throw e;
                    }
                    Duration wait = plan.retries().baseDelayAfter(failures);
                    listener.retrying(split.id(), failures, wait, e);
                    if (!control.sleep(wait)) {
                        return; // stopped while waiting to retry
                    }
                    // Counters only move after a chunk committed, so they already match this checkpoint.
                    resumed = checkpoint();
                }
            }
            splitsDone.incrementAndGet();
        }

        private Optional<Checkpoint> checkpoint() {
            return plan.sink().checkpoint(plan.jobId(), split.id());
        }

        /** Copies the split from a checkpoint (or its start) to its end, or until the run is stopped. */
        private void copyFrom(Optional<Checkpoint> checkpoint) throws InterruptedException {
            Position from = checkpoint.map(Checkpoint::position).orElse(Position.START);
            long splitWritten = checkpoint.map(Checkpoint::rowsWritten).orElse(0L);
            if (splitWritten > 0
                    && !plan.source().resumable(split)
                    && !plan.sink().idempotent()) {
                throw cannotResume(splitWritten);
            }
            try (SplitReader reader = plan.source().open(split, from)) {
                while (!control.cancelled()) {
                    control.awaitIfPaused();
                    if (control.cancelled()) {
                        break; // stopped while paused: no further chunk
                    }
                    Optional<Chunk> next = reader.next(plan.chunkSize());
                    if (next.isEmpty()) {
                        break;
                    }
                    // the chunk's steps stay in this loop: as a method of their own they are too large for the JIT
                    // to inline (measured: about 10% slower with one-row chunks from memory)
                    Chunk chunk = next.get();
                    rows.acquire(chunk.size());
                    bytes.acquire(chunk.bytes());
                    Transform.Result out = plan.transforms().apply(chunk, split.id() + "@" + chunk.position());
                    List<RowError> errors = withSourceRejects(chunk, out.errors());
                    if (!errors.isEmpty()) {
                        // recorded idempotently before the write, so a crash after the commit cannot lose them
                        listener.rejected(split.id(), errors);
                    }
                    splitWritten += out.chunk().size();
                    control.checkLease(); // an owner that may have lost the run writes nothing more
                    plan.sink()
                            .write(
                                    out.chunk(),
                                    new Checkpoint(plan.jobId(), split.id(), chunk.position(), splitWritten));
                    if (plan.tally() != null) {
                        plan.tally().add(chunk.schema(), chunk.rows());
                    }
                    read.addAndGet(chunk.size() + chunk.rejected().size());
                    rejected.addAndGet(errors.size());
                    written.addAndGet(out.chunk().size());
                    listener.progress(progress(total, splitCount));
                    checkErrorBudget(plan, false);
                }
            }
        }

        /** Reading the split again from its start would append its first rows a second time. */
        private ConnectorException cannotResume(long splitWritten) {
            return new ConnectorException(
                    SyncErrorCode.CANNOT_RESUME_SPLIT,
                    "split " + split.id() + " stopped after " + splitWritten + " rows were written and cannot resume:"
                            + " its rows have no key, so no stable order to continue after, and reading it again"
                            + " would append those rows twice. They stay in the target. Give the source a key or a"
                            + " split column, or write with upsert (keys) or overwrite, and run the job again",
                    null);
        }
    }

    /** Fails the run once it rejected more rows than its limits allow. */
    private void checkErrorBudget(Plan plan, boolean finished) {
        String exceeded = plan.limits().exceededBy(rejected.get(), read.get(), finished);
        if (exceeded != null) {
            throw new ConnectorException(
                    SyncErrorCode.ERROR_BUDGET_EXCEEDED, "the error budget is exceeded: " + exceeded, null);
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

    private Progress progress(long total, int splits) {
        return new Progress(read.get(), written.get(), rejected.get(), total, splitsDone.get(), splits);
    }

    private static long estimate(Source source, List<Split> splits) {
        long total = 0;
        for (Split split : splits) {
            var n = source.estimateRows(split);
            if (n.isEmpty()) {
                return -1;
            }
            total += n.getAsLong();
        }
        return total;
    }

    /** Lets split threads finish their chunk before the caller closes the source and the sink under them. */
    private static void awaitTermination(ExecutorService pool) {
        try {
            if (!pool.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new ConnectorException(
                        SyncErrorCode.SPLITS_DID_NOT_STOP, "split threads did not stop within 60 s", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for a split; on its failure stops the others and rethrows the failure as it was classified. */
    private static void await(Future<?> task, RunControl control) {
        try {
            task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            control.cancel();
            throw new ConnectorException(SyncErrorCode.INTERRUPTED, "the run was interrupted", e);
        } catch (ExecutionException e) {
            control.cancel();
            Throwable cause = e.getCause();
            if (cause instanceof ConnectorException connector) {
                throw connector;
            }
            throw new ConnectorException(SyncErrorCode.SPLIT_FAILED, "the run failed: " + cause, cause);
        }
    }
}
