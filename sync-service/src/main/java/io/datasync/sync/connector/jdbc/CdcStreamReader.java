package io.datasync.sync.connector.jdbc;

import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.PositionUpdate;
import io.datasync.sync.connector.spi.StreamBatch;
import io.datasync.sync.connector.spi.StreamContext;
import io.datasync.sync.connector.spi.StreamReader;
import io.datasync.sync.connector.spi.SyncErrorCode;
import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one table's change log through a Debezium embedded engine, as micro-batches whose single split
 * ({@code pg/<slot>}) moves to the Debezium offset of the batch's last record.
 *
 * <h2>Hand-over between the engine and the run</h2>
 *
 * The engine's thread hands records to a bounded queue (its blocking is the backpressure: the engine stops reading the
 * WAL while the queue is full). {@link #next} drains up to {@code maxRows} records or {@code maxDelay} and decodes
 * them. Only once the sink committed a batch — rows and offset in one target transaction — does {@link #committed} mark
 * its last record processed, which lets the engine confirm that LSN to the replication slot: the slot never moves past
 * what the target holds. After a failed write {@link #rewind} hands the same records out again; when the engine itself
 * failed, it starts a new one, which resumes from the target's committed offset ({@link CdcOffsetStore}).
 *
 * <p>Threading: one member thread calls everything but {@link #wakeup}; the engine runs on a thread of its own.
 */
final class CdcStreamReader implements StreamReader {

    private static final Logger log = LoggerFactory.getLogger(CdcStreamReader.class);

    /** Stands for "return now" in the queue. */
    private static final Object WAKE = new Object();

    private static final Duration LAG_EVERY = Duration.ofSeconds(5);

    private final CdcSource source;
    private final StreamContext context;
    private final String slot;
    private final String splitId;
    private final CdcRecords records;

    /** What the target holds: the offset the engine resumes from. */
    private volatile Position committed;

    /**
     * The offset key under which a re-snapshot carries the log position the first snapshot was taken at, so that a
     * crash during the re-snapshot still knows it.
     */
    static final String STREAM_FROM = "datasync_stream_from";

    /**
     * While the engine copies the table again after a crash mid-copy: the LSN the first copy was consistent at. The
     * second copy is taken later, outside the slot's snapshot, so the stream must go on from here — not from the second
     * copy's position — or a row deleted in between would stay in the target. Replaying the changes since over the
     * newer copy converges: every key ends with its last change.
     */
    private Long streamFrom;
    /** The batch whose commit ends a re-snapshot: the engine is then restarted to stream from {@link #streamFrom}. */
    private StreamBatch restartAfter;

    private final Deque<RecordChangeEvent<SourceRecord>> replay = new ArrayDeque<>();
    private List<RecordChangeEvent<SourceRecord>> handedOut;
    private Running engine;
    private boolean paused;
    private volatile boolean positionsRead;
    private Map<String, Long> lag = Map.of();
    private final AtomicLong retainedWal = new AtomicLong();
    private final AtomicLong unconfirmedWal = new AtomicLong();
    private final List<io.micrometer.core.instrument.Meter> gauges = new ArrayList<>(2);
    private long lagReadAt = System.nanoTime() - LAG_EVERY.toNanos();

    CdcStreamReader(CdcSource source, StreamContext context) {
        this.source = source;
        this.context = context;
        this.slot = CdcSource.slotName(context.jobId());
        this.splitId = "pg/" + slot;
        if (source.meters() != null) {
            gauges.add(io.micrometer.core.instrument.Gauge.builder(
                            "datasync.cdc.retained.wal", retainedWal, AtomicLong::get)
                    .description("WAL the job's replication slot keeps on the source server")
                    .baseUnit("bytes")
                    .tag("job", context.jobId())
                    .register(source.meters()));
            gauges.add(io.micrometer.core.instrument.Gauge.builder(
                            "datasync.cdc.unconfirmed.wal", unconfirmedWal, AtomicLong::get)
                    .description("WAL written on the source since the last change the target committed")
                    .baseUnit("bytes")
                    .tag("job", context.jobId())
                    .register(source.meters()));
        }
        this.records = new CdcRecords(source.schema(), source.table().qualified(), source.softDeleteColumn());
    }

    @Override
    public Optional<StreamBatch> next() {
        if (!positionsRead) {
            committed = context.positions().positions(List.of(splitId)).get(splitId);
            positionsRead = true;
        }
        if (engine == null) {
            engine = start();
        }
        if (paused) {
            sleepQuietly(Math.min(context.maxDelay().toMillis(), 200));
            return Optional.empty();
        }
        List<RecordChangeEvent<SourceRecord>> batch = new ArrayList<>(Math.min(context.maxRows(), 4096));
        while (!replay.isEmpty() && batch.size() < context.maxRows()) {
            batch.add(replay.pollFirst());
        }
        long deadline =
                batch.isEmpty() ? 0 : System.nanoTime() + context.maxDelay().toNanos();
        long idleUntil = System.nanoTime() + context.maxDelay().toNanos();
        try {
            while (batch.size() < context.maxRows()) {
                long wait = (deadline == 0 ? idleUntil : deadline) - System.nanoTime();
                if (wait <= 0) {
                    break;
                }
                Object item = engine.queue.poll(wait, TimeUnit.NANOSECONDS);
                if (item == null || item == WAKE) {
                    if (item == WAKE || batch.isEmpty()) {
                        break;
                    }
                    continue;
                }
                batch.add(event(item));
                if (deadline == 0) {
                    deadline = System.nanoTime() + context.maxDelay().toNanos();
                }
                List<Object> more = new ArrayList<>();
                engine.queue.drainTo(more, context.maxRows() - batch.size());
                for (Object m : more) {
                    if (m != WAKE) {
                        batch.add(event(m));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (batch.isEmpty()) {
            engine.throwIfFailed();
            return Optional.empty();
        }
        CdcRecords.Decoded decoded;
        try {
            decoded =
                    records.decode(batch.stream().map(RecordChangeEvent::record).toList());
        } catch (ConnectorException e) {
            replay.addAll(batch); // nothing was handed out; a permanent failure ends the run anyway
            throw e;
        }
        handedOut = batch;
        Chunk chunk = new Chunk(
                source.schema(),
                decoded.rows(),
                decoded.position(),
                decoded.bytes(),
                decoded.rejected(),
                decoded.changes());
        Position next = decoded.position();
        boolean endsResnapshot = false;
        if (streamFrom != null) {
            Map<String, Object> values = new java.util.HashMap<>(next.values());
            if (decoded.snapshotEnded()) {
                values.clear();
                values.put("lsn", streamFrom);
                endsResnapshot = true;
            } else {
                values.put(STREAM_FROM, streamFrom);
            }
            next = new Position(values);
        }
        PositionUpdate update = new PositionUpdate(splitId, committed, next, batch.size());
        java.time.Instant now = java.time.Instant.now();
        StreamBatch out = new StreamBatch(
                chunk,
                List.of(update),
                decoded.firstEvent() == null ? now : decoded.firstEvent(),
                decoded.lastEvent() == null ? now : decoded.lastEvent());
        restartAfter = endsResnapshot ? out : null;
        return Optional.of(out);
    }

    /** The batch is in the target: the slot may now confirm its last LSN. */
    @Override
    public void committed(StreamBatch batch) {
        committed = batch.positions().get(0).next();
        List<RecordChangeEvent<SourceRecord>> done = handedOut;
        handedOut = null;
        if (batch == restartAfter) {
            // the second copy is in: stream again from where the first copy was taken
            log.info("Slot {}: the table was copied again; streaming its changes from LSN {} on", slot, streamFrom);
            restartAfter = null;
            streamFrom = null;
            closeEngine();
            replay.clear();
            return;
        }
        // A re-copy confirms nothing: the slot must keep every change since the first copy, which are streamed after
        // it.
        if (done != null && !done.isEmpty() && engine != null && streamFrom == null) {
            engine.confirm(done.get(done.size() - 1));
        }
    }

    @Override
    public void rewind() {
        if (engine != null && engine.failed()) {
            // a new engine resumes from the committed offset; what the old one read is read again
            closeEngine();
            replay.clear();
            handedOut = null;
            return;
        }
        if (handedOut != null) {
            for (int i = handedOut.size() - 1; i >= 0; i--) {
                replay.addFirst(handedOut.get(i));
            }
            handedOut = null;
        }
    }

    @Override
    public void pause() {
        paused = true;
    }

    @Override
    public void resume() {
        paused = false;
    }

    /**
     * WAL bytes written on the source since the last change the target committed (a change log's lag: bytes, not
     * records), read at most every 5 s, with the slot's retained WAL for the gauges.
     */
    @Override
    public Map<String, Long> lag() {
        long now = System.nanoTime();
        if (now - lagReadAt >= LAG_EVERY.toNanos()) {
            lagReadAt = now;
            try (Connection c = source.connections().open();
                    PreparedStatement ps = c.prepareStatement(
                            "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint,"
                                    + " pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint"
                                    + " FROM pg_replication_slots WHERE slot_name = ?")) {
                ps.setString(1, slot);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        unconfirmedWal.set(Math.max(0, rs.getLong(1)));
                        retainedWal.set(Math.max(0, rs.getLong(2)));
                        lag = Map.of(splitId, unconfirmedWal.get());
                    } else {
                        lag = Map.of();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                log.debug("Cannot read the lag of slot {}: {}", slot, e.toString());
            }
        }
        return lag;
    }

    @Override
    public void wakeup() {
        Running running = engine;
        if (running != null) {
            running.queue.offer(WAKE);
        }
    }

    @Override
    public void close() {
        closeEngine();
        gauges.forEach(g -> source.meters().remove(g));
    }

    private void closeEngine() {
        Running running = engine;
        engine = null;
        if (running != null) {
            running.close();
        }
    }

    /**
     * Checks the source, then starts an engine from the committed offset.
     *
     * @throws ConnectorException {@code SYNC-112} when an offset is stored but the slot is gone: the WAL between them
     *     may be lost, so the job must start again rather than silently skip changes
     */
    private Running start() {
        boolean hasPosition = committed != null && !committed.isStart();
        try (Connection c = source.connections().open()) {
            CdcTable.check(c, source.spec().table(), slot, true, source.where());
            if (hasPosition && !CdcTable.slotExists(c, slot)) {
                throw new ConnectorException(
                        SyncErrorCode.CDC_POSITION_LOST,
                        "replication slot " + slot + " in " + source.where() + " is gone, but the target holds a"
                                + " position in it: changes since may be lost. Delete the job's checkpoint (or the"
                                + " job) and start it again for a new snapshot",
                        null);
            }
        } catch (SQLException e) {
            throw source.classify(e);
        }
        streamFrom = hasPosition ? resnapshotFrom(committed.values()) : null;
        if (streamFrom != null) {
            log.info(
                    "Slot {}: the last copy of the table did not finish; copying it again, then streaming from LSN {}",
                    slot,
                    streamFrom);
        }
        Running running = new Running(source.engineProperties(context, hasPosition), context.maxRows());
        running.start();
        return running;
    }

    /**
     * What the engine's offset store answers: the committed offset, except during a second copy, whose offsets point
     * past changes the slot must still send after it — then the first copy's position, so that a commit of the engine
     * cannot confirm beyond it.
     */
    private Map<String, Object> served() {
        Position held = committed;
        if (held == null) {
            return Map.of();
        }
        Object from = held.get(STREAM_FROM);
        if (from == null) {
            return held.values();
        }
        Map<String, Object> values = new java.util.HashMap<>(held.values());
        values.put("lsn", from);
        values.remove("lsn_proc");
        values.remove("lsn_commit");
        return values;
    }

    /**
     * The LSN to stream from after the copy the engine is about to take again, when {@code offset} is one of an
     * unfinished copy; null when the offset is a streaming one (or a finished copy's).
     */
    static Long resnapshotFrom(Map<String, Object> offset) {
        Object snapshot = offset.get("snapshot");
        boolean copying = snapshot != null && !Boolean.FALSE.equals(snapshot) && !"false".equals(snapshot.toString());
        if (!copying || Boolean.TRUE.equals(offset.get("last_snapshot_record"))) {
            return null;
        }
        Object from = offset.getOrDefault(STREAM_FROM, offset.get("lsn"));
        return from instanceof Number n ? n.longValue() : null;
    }

    @SuppressWarnings("unchecked")
    private static RecordChangeEvent<SourceRecord> event(Object item) {
        return (RecordChangeEvent<SourceRecord>) item;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One Debezium engine and its thread, queue and committer. */
    private final class Running {

        final BlockingQueue<Object> queue;
        private final String handle;
        private final DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
        private final Thread thread;
        private volatile boolean closing;
        private volatile Throwable failure;
        private volatile String failureMessage;
        private volatile boolean ended;
        private volatile DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer;

        Running(Properties properties, int maxRows) {
            this.queue = new ArrayBlockingQueue<>(Math.max(2 * maxRows, 1024) + 1);
            this.handle = CdcOffsetStore.register(CdcStreamReader.this::served);
            properties.setProperty(CdcOffsetStore.HANDLE, handle);
            this.engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                    .using(properties)
                    .using((success, message, error) -> {
                        if (!success && !closing) {
                            failureMessage = message;
                            failure = error;
                        }
                        ended = true;
                        queue.offer(WAKE);
                    })
                    .notifying(this::handle)
                    .build();
            this.thread = new Thread(this::run, "cdc-" + slot);
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void run() {
            try {
                engine.run();
            } catch (RuntimeException e) {
                if (!closing) {
                    failure = e;
                    failureMessage = e.getMessage();
                }
                ended = true;
            }
        }

        private void handle(
                List<RecordChangeEvent<SourceRecord>> batch,
                DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
                throws InterruptedException {
            this.committer = committer;
            for (RecordChangeEvent<SourceRecord> event : batch) {
                while (!queue.offer(event, 100, TimeUnit.MILLISECONDS)) {
                    if (closing) {
                        throw new InterruptedException("the change-log reader is closing");
                    }
                }
            }
        }

        /** Lets the engine confirm {@code last}'s LSN to the slot on its next poll. */
        void confirm(RecordChangeEvent<SourceRecord> last) {
            var c = committer;
            if (c == null || ended) {
                return;
            }
            try {
                c.markProcessed(last);
                c.markBatchFinished();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                // the position is in the target: the slot catches up with the next confirmation
                log.debug("Slot {} could not confirm a position yet: {}", slot, e.toString());
            }
        }

        boolean failed() {
            return ended && !closing;
        }

        void throwIfFailed() {
            if (ended && !closing) {
                throw CdcErrors.classify(failureMessage, failure, source.where());
            }
        }

        void close() {
            closing = true;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                try {
                    engine.close();
                    break;
                } catch (IllegalStateException starting) {
                    // the engine refuses to close while its tasks start; they soon have
                    if (System.nanoTime() > until) {
                        log.warn("The change-log engine of slot {} did not stop: {}", slot, starting.toString());
                        break;
                    }
                    sleepQuietly(100);
                } catch (IOException | RuntimeException e) {
                    log.warn("Closing the change-log engine of slot {} failed: {}", slot, e.toString());
                    break;
                }
            }
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            CdcOffsetStore.release(handle);
        }
    }
}
