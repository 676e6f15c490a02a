package io.datasync.sync.run;

import io.datasync.models.job.WriteMode;
import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.Guarantee;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.PositionUpdate;
import io.datasync.sync.connector.spi.RejectedRecord;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.connector.spi.StreamBatch;
import io.datasync.sync.connector.spi.StreamContext;
import io.datasync.sync.connector.spi.StreamReader;
import io.datasync.sync.connector.spi.StreamSource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A stream for tests: one split ({@link #SPLIT}) over an append-only in-memory log that outlives sources, like a
 * broker's topic outlives its consumers. Its position is {@code {"offset": n}}, the index of the next message; a
 * message without a payload cannot become a row and is rejected with its raw bytes. Counts what the engine did to it
 * (polls while paused, rewinds, commits) so tests can wait for it instead of sleeping.
 */
final class InMemoryStreamSource implements StreamSource {

    static final String SPLIT = "mem/0";
    static final Schema SCHEMA = new Schema(
            List.of(new Column("id", DataType.BIGINT, false, 0, 0), Column.of("payload", DataType.TEXT)),
            List.of("id"));

    /** The topic: messages appended by tests, read by any number of sources. */
    static final class Log {
        private final List<Message> messages = new ArrayList<>();

        record Message(long id, String payload, Instant at) {}

        synchronized void append(long id, String payload) {
            messages.add(new Message(id, payload, Instant.now()));
            notifyAll();
        }

        /** Appends ids {@code from} (inclusive) to {@code to} (exclusive) with payloads. */
        void appendRange(long from, long to) {
            for (long id = from; id < to; id++) {
                append(id, "m" + id);
            }
        }

        synchronized int size() {
            return messages.size();
        }

        synchronized List<Message> read(int from, int max) {
            return List.copyOf(messages.subList(from, Math.min(messages.size(), from + max)));
        }

        synchronized void awaitMoreThan(int size, long millis) throws InterruptedException {
            long deadline = System.currentTimeMillis() + millis;
            for (long left = millis;
                    messages.size() <= size && left > 0;
                    left = deadline - System.currentTimeMillis()) {
                wait(left);
            }
        }
    }

    private final Log log;
    final AtomicInteger pausedPolls = new AtomicInteger();
    final AtomicInteger rewinds = new AtomicInteger();
    final AtomicInteger commits = new AtomicInteger();
    final AtomicInteger wakeups = new AtomicInteger();
    final AtomicReference<Long> resumedFrom = new AtomicReference<>();
    /** Failures {@link StreamReader#next} throws, one per call, before reading on. */
    final java.util.Queue<ConnectorException> failNext = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** Failures {@link StreamReader#rewind} throws, one per call, before rewinding. */
    final java.util.Queue<ConnectorException> failRewind = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** Whether its readers {@link StreamReader#readsAhead read ahead}, as Kafka's do. */
    private final boolean readsAhead;

    InMemoryStreamSource(Log log) {
        this(log, false);
    }

    InMemoryStreamSource(Log log, boolean readsAhead) {
        this.log = log;
        this.readsAhead = readsAhead;
    }

    @Override
    public Schema schema() {
        return SCHEMA;
    }

    @Override
    public Guarantee guarantee(WriteMode mode) {
        return Guarantee.EFFECTIVELY_ONCE;
    }

    @Override
    public StreamReader subscribe(StreamContext context) {
        return new Reader(context);
    }

    private final class Reader implements StreamReader {
        private final StreamContext context;
        /** The committed position the next batch moves from; null before the split's first commit. */
        private Position expected;
        /** Where the last batch handed out and not committed yet moves the split (reading ahead); null for none. */
        private Position handedOut;

        private int cursor;
        private volatile boolean paused;
        private volatile boolean woken;

        Reader(StreamContext context) {
            this.context = context;
            restore();
            resumedFrom.set((long) cursor);
        }

        private void restore() {
            handedOut = null;
            expected = context.positions().positions(List.of(SPLIT)).get(SPLIT);
            cursor = expected == null ? 0 : ((Number) expected.get("offset")).intValue();
        }

        @Override
        public Optional<StreamBatch> next() {
            ConnectorException failure = failNext.poll();
            if (failure != null) {
                throw failure;
            }
            try {
                if (paused) {
                    pausedPolls.incrementAndGet();
                    Thread.sleep(Math.min(20, context.maxDelay().toMillis()));
                    return Optional.empty();
                }
                log.awaitMoreThan(cursor, woken ? 0 : context.maxDelay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            woken = false;
            List<Log.Message> read = log.read(cursor, context.maxRows());
            if (read.isEmpty()) {
                return Optional.empty();
            }
            List<Object[]> rows = new ArrayList<>();
            List<RejectedRecord> rejected = new ArrayList<>();
            for (Log.Message m : read) {
                if (m.payload() == null) {
                    rejected.add(new RejectedRecord(
                            SPLIT + "@" + m.id(), "no payload", ("raw-" + m.id()).getBytes(StandardCharsets.UTF_8)));
                } else {
                    rows.add(new Object[] {m.id(), m.payload()});
                }
            }
            Position next = new Position(Map.of("offset", (long) cursor + read.size()));
            Position from = handedOut != null ? handedOut : expected;
            if (readsAhead) {
                handedOut = next;
            }
            cursor += read.size();
            Chunk chunk = new Chunk(SCHEMA, rows, next, rows.size() * 16L, rejected);
            return Optional.of(new StreamBatch(
                    chunk,
                    List.of(new PositionUpdate(SPLIT, from, next, read.size())),
                    read.get(0).at(),
                    read.get(read.size() - 1).at()));
        }

        @Override
        public void committed(StreamBatch batch) {
            expected = batch.positions().get(0).next();
            if (expected.equals(handedOut)) {
                handedOut = null;
            }
            commits.incrementAndGet();
        }

        @Override
        public void rewind() {
            ConnectorException failure = failRewind.poll();
            if (failure != null) {
                throw failure;
            }
            rewinds.incrementAndGet();
            restore();
        }

        @Override
        public boolean readsAhead() {
            return readsAhead;
        }

        @Override
        public void pause() {
            paused = true;
        }

        @Override
        public void resume() {
            paused = false;
        }

        @Override
        public Map<String, Long> lag() {
            return Map.of(SPLIT, (long) log.size() - cursor);
        }

        @Override
        public void wakeup() {
            wakeups.incrementAndGet();
            woken = true;
            synchronized (log) {
                log.notifyAll();
            }
        }

        @Override
        public void close() {}
    }
}
