package io.datasync.sync.connector.redis;

import io.datasync.sync.connector.records.MessageDecoder;
import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.RejectedRecord;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.connector.spi.StreamBatch;
import io.datasync.sync.connector.spi.StreamContext;
import io.datasync.sync.connector.spi.StreamReader;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Redis pub/sub messages ({@code SUBSCRIBE} channels, {@code PSUBSCRIBE} patterns) or keyspace notifications
 * ({@code PSUBSCRIBE __keyspace@<db>__:<pattern>}) in micro-batches.
 *
 * <p><b>At most once.</b> Redis keeps no pub/sub message for a subscriber: what is published while no run listens, while
 * the connection is re-established, or what is dropped below, is gone; there are no positions (a batch's position list
 * is empty) and nothing to acknowledge. Keyspace notifications need the server's {@code notify-keyspace-events} (e.g.
 * {@code KA}); datasync never runs {@code CONFIG SET}: the operator enables them.
 *
 * <p><b>Backpressure.</b> Lettuce's event loop delivers messages into a bounded queue ({@value #MIN_QUEUE} or twice
 * {@code maxRows}, whichever is more) and never waits for the writer: when the queue is full the oldest message is
 * dropped and counted, and the next batch carries one rejected record saying how many were dropped, so the loss shows in
 * the run's errors and dead letters. While paused the subscription stays and the queue keeps only the newest messages.
 *
 * <p><b>Threading.</b> Lettuce's event loop offers into the queue; one member thread calls the rest; {@link #wakeup}
 * from any thread.
 */
final class RedisPubSubReader implements StreamReader {

    static final int MIN_QUEUE = 1000;

    private static final Logger log = LoggerFactory.getLogger(RedisPubSubReader.class);

    /** One received message. */
    record Message(String pattern, String channel, String payload, Instant receivedAt) {}

    private final RedisStreamSource source;
    private final RedisSourceOptions options;
    /** Declared columns read from a JSON message; null without columns (the payload is {@code _message}). */
    private final MessageDecoder decoder;

    private final Schema schema;
    private final StreamContext context;
    private final BlockingQueue<Message> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final String keyspacePrefix;
    private long reportedDropped;

    private StatefulRedisPubSubConnection<String, String> connection;
    private volatile boolean paused;
    private volatile boolean woken;
    private final Object idle = new Object();

    RedisPubSubReader(RedisStreamSource source, StreamContext context) {
        this.source = source;
        this.options = source.options();
        this.decoder = source.decoder();
        this.schema = source.schema();
        this.context = context;
        this.queue = new ArrayBlockingQueue<>(Math.max(MIN_QUEUE, 2 * context.maxRows()));
        this.keyspacePrefix = "__keyspace@" + source.link().database() + "__:";
        try {
            connection(); // fail fast: unreachable server, refused login
        } catch (RuntimeException e) {
            throw failed(e, "subscribing");
        }
    }

    /** How many messages were dropped because the queue was full, since the reader started. */
    long dropped() {
        return dropped.get();
    }

    @Override
    public Optional<StreamBatch> next() {
        woken = false;
        try {
            connection();
        } catch (RuntimeException e) {
            throw failed(e, "subscribing");
        }
        List<Object[]> rows = new ArrayList<>();
        List<RejectedRecord> rejected = new ArrayList<>();
        long lost = dropped.get() - reportedDropped;
        if (lost > 0) {
            reportedDropped += lost;
            rejected.add(new RejectedRecord(
                    "pubsub:" + context.memberId() + "@" + Instant.now(),
                    lost + " message(s) were dropped: they arrived faster than they were written (queue of "
                            + (queue.size() + queue.remainingCapacity()) + ")"));
        }
        if (paused) {
            rest();
            return rejected.isEmpty() ? Optional.empty() : Optional.of(batch(rows, rejected, 0, null, null));
        }
        long bytes = 0;
        Instant first = null;
        Instant last = null;
        long deadline = System.nanoTime() + context.maxDelay().toNanos();
        boolean started = false;
        while (rows.size() + rejected.size() < context.maxRows() && !woken) {
            Message m = queue.poll();
            if (m == null) {
                long wait = deadline - System.nanoTime();
                if (wait <= 0) {
                    break;
                }
                m = waitFor(wait);
                if (m == null) {
                    continue;
                }
            }
            if (!started) {
                started = true;
                deadline = System.nanoTime() + context.maxDelay().toNanos(); // closes maxDelay after the first
            }
            first = first == null ? m.receivedAt() : first;
            last = m.receivedAt();
            bytes += m.payload() == null ? 0 : m.payload().length();
            convert(m, rows, rejected);
        }
        return rows.isEmpty() && rejected.isEmpty()
                ? Optional.empty()
                : Optional.of(batch(rows, rejected, bytes, first, last));
    }

    private Message waitFor(long nanos) {
        try {
            return queue.poll(Math.max(1, Math.min(nanos, TimeUnit.MILLISECONDS.toNanos(50))), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            woken = true;
            return null;
        }
    }

    private StreamBatch batch(
            List<Object[]> rows, List<RejectedRecord> rejected, long bytes, Instant first, Instant last) {
        Instant now = Instant.now();
        return new StreamBatch(
                new Chunk(schema, rows, Position.START, bytes, rejected),
                List.of(),
                first == null ? now : first,
                last == null ? now : last);
    }

    private void convert(Message m, List<Object[]> rows, List<RejectedRecord> rejected) {
        String locator = "pubsub:" + m.channel() + "@" + m.receivedAt();
        if (options.keyspace()) {
            String key = m.channel().startsWith(keyspacePrefix)
                    ? m.channel().substring(keyspacePrefix.length())
                    : m.channel();
            rows.add(new Object[] {m.channel(), key, m.payload()});
            return;
        }
        if (decoder == null) {
            rows.add(new Object[] {m.channel(), m.payload()});
            return;
        }
        byte[] raw = m.payload() == null ? null : m.payload().getBytes(StandardCharsets.UTF_8);
        Object[] values = decoder.decode(raw, () -> locator, rejected::add);
        if (values != null) {
            Object[] row = new Object[values.length + 1];
            row[0] = m.channel();
            System.arraycopy(values, 0, row, 1, values.length);
            rows.add(row);
        }
    }

    @Override
    public void committed(StreamBatch batch) {
        // nothing to acknowledge: Redis forgets a pub/sub message once it is sent
    }

    @Override
    public void rewind() {
        // nothing to go back to: the messages of a failed batch are gone (at most once)
    }

    @Override
    public void pause() {
        paused = true;
    }

    @Override
    public void resume() {
        paused = false;
        wakeup();
    }

    /** A waiting poll notices within 50 ms; a paused wait at once. */
    @Override
    public void wakeup() {
        woken = true;
        synchronized (idle) {
            idle.notifyAll();
        }
    }

    /** Waits up to {@code maxDelay} without taking a message, unless woken. */
    private void rest() {
        synchronized (idle) {
            if (!woken && paused) {
                try {
                    idle.wait(Math.max(1, context.maxDelay().toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Override
    public void close() {
        disconnect();
    }

    private void offer(Message m) {
        while (!queue.offer(m)) {
            if (queue.poll() != null) {
                dropped.incrementAndGet();
            }
        }
    }

    private void connection() {
        if (connection != null && connection.isOpen()) {
            return;
        }
        disconnect();
        StatefulRedisPubSubConnection<String, String> c = source.link().connectPubSub(RedisConnector.TIMEOUT);
        c.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                offer(new Message(null, channel, message, Instant.now()));
            }

            @Override
            public void message(String pattern, String channel, String message) {
                offer(new Message(pattern, channel, message, Instant.now()));
            }
        });
        try {
            if (options.keyspace()) {
                c.sync()
                        .psubscribe(options.patterns().stream()
                                .map(p -> keyspacePrefix + p)
                                .toArray(String[]::new));
            } else {
                if (!options.channels().isEmpty()) {
                    c.sync().subscribe(options.channels().toArray(String[]::new));
                }
                if (!options.patterns().isEmpty()) {
                    c.sync().psubscribe(options.patterns().toArray(String[]::new));
                }
            }
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        connection = c;
    }

    private void disconnect() {
        if (connection != null) {
            try {
                connection.close();
            } catch (RuntimeException e) {
                log.debug("closing a Redis pub/sub connection failed", e);
            }
            connection = null;
        }
    }

    private ConnectorException failed(RuntimeException e, String doing) {
        ConnectorException failure = RedisErrors.classify(e, source.link().describe(), doing);
        if (RedisErrors.broken(failure)) {
            disconnect();
        }
        return failure;
    }
}
