package io.datasync.sync.run;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stream run's meters, tagged {@code job} (the job id) and {@code source_type} (the source's kind), as Prometheus
 * shows them:
 *
 * <ul>
 *   <li>{@code datasync_sync_rows_in_total}: source records of committed micro-batches, rows and rejects;
 *   <li>{@code datasync_sync_rows_out_total}: rows written to the target;
 *   <li>{@code datasync_sync_rows_rejected_total}, with {@code outcome} {@code source} (the source could not read the
 *       record) or {@code transform} (a transform refused the row): the run's dead letters;
 *   <li>{@code datasync_sync_microbatch_rows}: source records per committed micro-batch;
 *   <li>{@code datasync_sync_commit_seconds}, with {@code outcome} {@code success} or {@code failure}: the sink's write
 *       of a micro-batch with its positions (one transaction);
 *   <li>{@code datasync_sync_lag_records}: records the run's splits still have to read, summed over them, where the
 *       source knows it; removed when the job's last run on this instance ends;
 *   <li>{@code datasync_sync_end_to_end_seconds}: commit time minus source event time, two samples per micro-batch
 *       (its oldest record and its newest), with buckets at the SLOs 50, 100, 250, 500 ms and 1 s.
 * </ul>
 *
 * Counters and timers live as long as the registry (a later run of the job continues them, as Prometheus expects of a
 * counter); only the lag gauge, which would otherwise show a stopped run's last lag forever, is removed at
 * {@link #close}. Updated on the run's member thread; the registry reads them from any thread.
 */
final class StreamMetrics implements AutoCloseable {

    /** How often the lag is read from the reader: it may cost the broker a call, so not per poll. */
    static final Duration LAG_INTERVAL = Duration.ofSeconds(1);

    private final MeterRegistry registry;
    private final Counter rowsIn;
    private final Counter rowsOut;
    private final Counter rejectedBySource;
    private final Counter rejectedByTransform;
    private final DistributionSummary microbatch;
    private final Timer commitSuccess;
    private final Timer commitFailure;
    private final Timer endToEnd;
    private final Lag lag;
    private boolean closed;
    private long lagReadAt = System.nanoTime() - LAG_INTERVAL.toNanos();

    StreamMetrics(MeterRegistry registry, String jobId, String sourceType) {
        this.registry = registry;
        Tags tags = Tags.of("job", jobId, "source_type", sourceType);
        rowsIn = Counter.builder("datasync.sync.rows.in")
                .description("Source records of committed micro-batches (rows and rejects)")
                .tags(tags)
                .register(registry);
        rowsOut = Counter.builder("datasync.sync.rows.out")
                .description("Rows written to the target")
                .tags(tags)
                .register(registry);
        rejectedBySource = rejected(tags, "source");
        rejectedByTransform = rejected(tags, "transform");
        microbatch = DistributionSummary.builder("datasync.sync.microbatch.rows")
                .description("Source records per committed micro-batch")
                .tags(tags)
                .register(registry);
        commitSuccess = commit(tags, "success");
        commitFailure = commit(tags, "failure");
        endToEnd = Timer.builder("datasync.sync.end.to.end")
                .description("Commit time minus source event time (oldest and newest record of each micro-batch)")
                .tags(tags)
                .serviceLevelObjectives(
                        Duration.ofMillis(50),
                        Duration.ofMillis(100),
                        Duration.ofMillis(250),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1))
                .register(registry);
        lag = Lag.open(registry, tags);
    }

    /**
     * The lag gauge of a job and source kind on one registry, shared by the runs of the job that overlap on this
     * instance (a new claim starting while the old one is being fenced out): Micrometer keeps the first gauge of an id,
     * so each run holding its own value would leave the later one unseen, and the first to end would remove the gauge
     * of the other. The last run to leave removes it.
     */
    private static final class Lag {
        private static final Map<List<Object>, Lag> OPEN = new HashMap<>();

        private final List<Object> key;
        private final AtomicLong value = new AtomicLong();
        private Gauge gauge;
        private int runs;

        private Lag(List<Object> key) {
            this.key = key;
        }

        static Lag open(MeterRegistry registry, Tags tags) {
            synchronized (OPEN) {
                Lag lag = OPEN.computeIfAbsent(List.of(registry, tags), Lag::new);
                if (lag.runs++ == 0) {
                    lag.gauge = Gauge.builder("datasync.sync.lag.records", lag.value, AtomicLong::get)
                            .description(
                                    "Records the run's splits still have to read, summed (where the source knows it)")
                            .tags(tags)
                            .strongReference(true)
                            .register(registry);
                }
                return lag;
            }
        }

        void set(long records) {
            value.set(records);
        }

        void close(MeterRegistry registry) {
            synchronized (OPEN) {
                if (--runs == 0) {
                    OPEN.remove(key);
                    registry.remove(gauge);
                }
            }
        }
    }

    private Counter rejected(Tags tags, String outcome) {
        return Counter.builder("datasync.sync.rows.rejected")
                .description("Records refused by the source or a transform: the run's dead letters")
                .tags(tags.and("outcome", outcome))
                .register(registry);
    }

    private Timer commit(Tags tags, String outcome) {
        return Timer.builder("datasync.sync.commit")
                .description("The sink's write of a micro-batch with its positions")
                .tags(tags.and("outcome", outcome))
                .register(registry);
    }

    /** A micro-batch's write: {@code nanos} long, committed or not. */
    void commit(long nanos, boolean succeeded) {
        (succeeded ? commitSuccess : commitFailure).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A committed micro-batch: its source records, rows written, refusals, and the latency of its first and last event. */
    void committed(
            long records,
            long rowsWritten,
            int sourceRejects,
            int transformRejects,
            Instant firstEvent,
            Instant lastEvent,
            Instant committedAt) {
        rowsIn.increment(records);
        rowsOut.increment(rowsWritten);
        if (sourceRejects > 0) {
            rejectedBySource.increment(sourceRejects);
        }
        if (transformRejects > 0) {
            rejectedByTransform.increment(transformRejects);
        }
        microbatch.record(records);
        latency(firstEvent, committedAt);
        latency(lastEvent, committedAt);
    }

    private void latency(Instant event, Instant committedAt) {
        if (event != null) {
            endToEnd.record(Math.max(0, committedAt.toEpochMilli() - event.toEpochMilli()), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Sets the lag gauge from the reader's lag, at most every {@link #LAG_INTERVAL} (or now when {@code force}); called
     * on the member thread, which alone may use the reader.
     */
    void lag(java.util.function.Supplier<Map<String, Long>> readerLag, boolean force) {
        long now = System.nanoTime();
        if (!force && now - lagReadAt < LAG_INTERVAL.toNanos()) {
            return;
        }
        lagReadAt = now;
        long sum = 0;
        for (Long split : readerLag.get().values()) {
            sum += split == null ? 0 : Math.max(0, split);
        }
        lag.set(sum);
    }

    /** The run ended here (stopped, failed, taken over): its lag is no longer this instance's to show. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            lag.close(registry);
        }
    }
}
