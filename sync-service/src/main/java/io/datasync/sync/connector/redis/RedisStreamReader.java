package io.datasync.sync.connector.redis;

import io.datasync.sync.connector.records.RecordColumns;
import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.PositionUpdate;
import io.datasync.sync.connector.spi.RejectedRecord;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.connector.spi.StreamBatch;
import io.datasync.sync.connector.spi.StreamContext;
import io.datasync.sync.connector.spi.StreamReader;
import io.datasync.sync.connector.spi.SyncErrorCode;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.NestedMultiOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads Redis streams as one consumer ({@link StreamContext#memberId()}) of a consumer group, in micro-batches.
 *
 * <ol>
 *   <li>On start it creates the group on every stream ({@code XGROUP CREATE <stream> <group> <startId> MKSTREAM}; an
 *       existing group keeps its position) and reads the committed positions of its splits
 *       ({@code redis/<stream>/<consumer>}).
 *   <li>It first reads its own pending entries ({@code XREADGROUP ... <stream> 0}, then after the last one read): what it
 *       read before a crash or a failed commit and never acknowledged. Only then new entries ({@code >}), with
 *       {@code COUNT} up to {@code maxRows} and {@code BLOCK} up to {@code maxDelay}.
 *   <li>Every {@code claimIdle} it takes over entries another consumer of the group left unacknowledged that long (a
 *       dead member): {@code XAUTOCLAIM <stream> <group> <me> <claimIdle> <cursor> COUNT n}. Entries deleted meanwhile
 *       (reported by Redis 7 as deleted ids) become rejected records, so they reach the dead letters.
 *   <li>A batch carries one position per stream it read from: the newest id, expected to replace the last committed
 *       one. {@link #committed} acknowledges the batch's ids ({@code XACK}); an acknowledgement that fails is retried
 *       before the next read.
 *   <li>{@link #rewind} (the commit failed) reads the committed positions again and re-reads the own pending entries
 *       from the start, so everything read since the last commit comes again.
 * </ol>
 *
 * <p><b>Guarantee.</b> Entries are acknowledged after the commit, never before: a crash between the two, or a take-over
 * after {@code claimIdle}, delivers an entry again (an upsert writes the same row again; an insert appends it twice).
 * Nothing acknowledged was uncommitted, so nothing is lost.
 *
 * <p><b>Rejects.</b> An entry whose field does not fit its column, and a pending entry deleted from the stream, is a
 * {@link RejectedRecord} with the entry as JSON ({@code {"stream", "id", "fields"}}); it is acknowledged with the batch,
 * so a bad entry never blocks the stream.
 *
 * <p><b>Threading.</b> One member thread calls everything but {@link #wakeup} and {@link #lag}. The dedicated
 * connection is blocked in {@code XREADGROUP} for at most {@code maxDelay}, so a wakeup takes effect within that.
 */
final class RedisStreamReader implements StreamReader {

    private static final Logger log = LoggerFactory.getLogger(RedisStreamReader.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration LAG_EVERY = Duration.ofSeconds(5);
    private static final String START = "0-0";

    private final RedisStreamSource source;
    private final RedisSourceOptions options;
    private final RecordColumns columns;
    private final Schema schema;
    private final StreamContext context;
    private final String group;
    private final String consumer;
    private final Duration timeout;

    private StatefulRedisConnection<String, String> connection; // null until (re)connected
    private boolean groupsReady;
    /** Committed position per split id, as the sink holds it (the {@code expected} of the next update). */
    private final Map<String, Position> committed = new LinkedHashMap<>();
    /** Per stream still replaying its own pending entries, the last id replayed; absent once drained. */
    private final Map<String, String> pendingAfter = new LinkedHashMap<>();
    /** Per stream, where the next {@code XAUTOCLAIM} scan continues. */
    private final Map<String, String> claimCursor = new LinkedHashMap<>();

    private long nextClaimNanos;
    private long nextLagNanos;
    /** The ids of batches handed out and not yet committed, by batch. */
    private final Map<StreamBatch, Map<String, List<String>>> inflight = new IdentityHashMap<>();
    /** Ids committed whose {@code XACK} failed, retried before the next read. */
    private final Map<String, List<String>> unacked = new LinkedHashMap<>();

    private volatile boolean paused;
    private volatile boolean woken;
    private volatile Map<String, Long> lag = Map.of();
    private final Object idle = new Object();

    RedisStreamReader(RedisStreamSource source, StreamContext context) {
        this.source = source;
        this.options = source.options();
        this.columns = source.columns();
        this.schema = source.schema();
        this.context = context;
        this.group = options.groupFor(context.jobId());
        this.consumer = context.memberId();
        this.timeout = context.maxDelay().plus(RedisConnector.TIMEOUT);
        readCommitted();
        options.streams().forEach(s -> pendingAfter.put(s, START));
        options.streams().forEach(s -> claimCursor.put(s, START));
        nextClaimNanos = System.nanoTime();
        connection(); // fail fast: unreachable server, refused login, no group
    }

    static String splitId(String stream, String consumer) {
        return "redis/" + stream + "/" + consumer;
    }

    @Override
    public Optional<StreamBatch> next() {
        woken = false;
        if (paused) {
            rest();
            try {
                refreshLag(connection()); // what arrives while paused shows as lag
            } catch (RuntimeException e) {
                log.debug("reading the lag while paused failed: {}", e.toString());
            }
            return Optional.empty();
        }
        try {
            StatefulRedisConnection<String, String> c = connection();
            acknowledgeLeftovers(c);
            Batch batch = new Batch();
            replayPending(c, batch);
            if (batch.size() < context.maxRows() && System.nanoTime() - nextClaimNanos >= 0) {
                claim(c, batch);
            }
            if (batch.size() == 0) {
                readNew(c, batch);
            }
            refreshLag(c);
            return batch.size() == 0 ? Optional.empty() : Optional.of(batch.toStreamBatch());
        } catch (RuntimeException e) {
            throw failed(e, "reading the streams " + options.streams());
        }
    }

    @Override
    public void committed(StreamBatch batch) {
        Map<String, List<String>> ids = inflight.remove(batch);
        if (ids == null) {
            return;
        }
        batch.positions().forEach(p -> committed.put(p.splitId(), p.next()));
        ids.forEach((stream, list) ->
                unacked.computeIfAbsent(stream, s -> new ArrayList<>()).addAll(list));
        try {
            acknowledgeLeftovers(connection());
            nextLagNanos = System.nanoTime(); // acknowledged entries leave the lag: read it again on the next poll
        } catch (RuntimeException e) {
            // the rows are committed; the ids stay pending with us and are acknowledged before the next read
            ConnectorException failure = failed(e, "acknowledging (XACK) committed entries");
            log.warn("XACK after a commit failed, retried before the next read: {}", failure.getMessage());
        }
    }

    @Override
    public void rewind() {
        inflight.clear();
        readCommitted();
        options.streams().forEach(s -> pendingAfter.put(s, START));
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

    /** Per split, the group's entries not yet delivered ({@code XINFO GROUPS} lag) plus those delivered but pending. */
    @Override
    public Map<String, Long> lag() {
        return lag;
    }

    @Override
    public void wakeup() {
        woken = true;
        synchronized (idle) {
            idle.notifyAll();
        }
    }

    @Override
    public void close() {
        disconnect();
    }

    // --- reading ---------------------------------------------------------------------------------------------------

    private void replayPending(StatefulRedisConnection<String, String> c, Batch batch) {
        for (String stream : List.copyOf(pendingAfter.keySet())) {
            int room = context.maxRows() - batch.size();
            if (room <= 0) {
                return;
            }
            List<StreamMessage<String, String>> entries = c.sync()
                    .xreadgroup(
                            Consumer.from(group, consumer),
                            XReadArgs.Builder.count(room),
                            XReadArgs.StreamOffset.from(stream, pendingAfter.get(stream)));
            if (entries == null || entries.isEmpty()) {
                pendingAfter.remove(stream);
                continue;
            }
            for (StreamMessage<String, String> entry : entries) {
                batch.add(stream, entry.getId(), entry.getBody(), true);
            }
            pendingAfter.put(stream, entries.get(entries.size() - 1).getId());
        }
    }

    private void readNew(StatefulRedisConnection<String, String> c, Batch batch) {
        List<String> streams = options.streams().stream()
                .filter(s -> !pendingAfter.containsKey(s))
                .toList();
        if (streams.isEmpty()) {
            return;
        }
        @SuppressWarnings("unchecked")
        XReadArgs.StreamOffset<String>[] offsets =
                streams.stream().map(XReadArgs.StreamOffset::lastConsumed).toArray(XReadArgs.StreamOffset[]::new);
        long maxDelay = context.maxDelay().toNanos();
        long deadline = 0;
        while (batch.size() < context.maxRows() && !woken && !paused) {
            long wait = batch.size() == 0 ? maxDelay : deadline - System.nanoTime();
            if (wait <= 0) {
                return;
            }
            List<StreamMessage<String, String>> entries = c.sync()
                    .xreadgroup(
                            Consumer.from(group, consumer),
                            XReadArgs.Builder.count(context.maxRows() - batch.size())
                                    .block(Math.max(1, Duration.ofNanos(wait).toMillis())),
                            offsets);
            if (entries == null || entries.isEmpty()) {
                if (batch.size() == 0) {
                    return; // idle: nothing arrived within maxDelay
                }
                continue;
            }
            if (batch.size() == 0) {
                deadline = System.nanoTime() + maxDelay; // the batch closes maxDelay after its first entry
            }
            for (StreamMessage<String, String> entry : entries) {
                batch.add(entry.getStream(), entry.getId(), entry.getBody(), true);
            }
        }
    }

    /** Takes over entries idle longer than {@code claimIdle} with any consumer of the group (a dead one's). */
    private void claim(StatefulRedisConnection<String, String> c, Batch batch) {
        boolean more = false;
        for (String stream : options.streams()) {
            int room = context.maxRows() - batch.size();
            if (room <= 0 || pendingAfter.containsKey(stream)) {
                more = true;
                continue;
            }
            CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8)
                    .addKey(stream)
                    .add(group)
                    .add(consumer)
                    .add(options.claimIdle().toMillis())
                    .add(claimCursor.get(stream))
                    .add("COUNT")
                    .add(room);
            List<Object> reply =
                    c.sync().dispatch(CommandType.XAUTOCLAIM, new NestedMultiOutput<>(StringCodec.UTF8), args);
            String cursor = String.valueOf(reply.get(0));
            claimCursor.put(stream, cursor);
            more |= !cursor.equals(START);
            if (reply.size() > 1 && reply.get(1) instanceof List<?> entries) {
                for (Object e : entries) {
                    if (e instanceof List<?> entry && entry.size() == 2) {
                        String id = String.valueOf(entry.get(0));
                        batch.add(stream, id, fields(entry.get(1)), true);
                    }
                }
            }
            if (reply.size() > 2 && reply.get(2) instanceof List<?> deleted) {
                for (Object id : deleted) {
                    // Redis already dropped these from the pending list: nothing to acknowledge
                    batch.add(stream, String.valueOf(id), null, false);
                }
            }
        }
        nextClaimNanos = System.nanoTime() + (more ? 0 : options.claimIdle().toNanos());
    }

    private static Map<String, String> fields(Object flat) {
        if (!(flat instanceof List<?> list)) {
            return null;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i + 1 < list.size(); i += 2) {
            fields.put(String.valueOf(list.get(i)), list.get(i + 1) == null ? null : String.valueOf(list.get(i + 1)));
        }
        return fields;
    }

    private void acknowledgeLeftovers(StatefulRedisConnection<String, String> c) {
        for (var it = unacked.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            if (!entry.getValue().isEmpty()) {
                c.sync().xack(entry.getKey(), group, entry.getValue().toArray(String[]::new));
            }
            it.remove();
        }
    }

    private void refreshLag(StatefulRedisConnection<String, String> c) {
        if (System.nanoTime() - nextLagNanos < 0) {
            return;
        }
        nextLagNanos = System.nanoTime() + LAG_EVERY.toNanos();
        Map<String, Long> now = new LinkedHashMap<>();
        for (String stream : options.streams()) {
            for (Object g : c.sync().xinfoGroups(stream)) {
                Map<String, Object> info = flat(g);
                if (group.equals(String.valueOf(info.get("name")))) {
                    long behind = info.get("lag") instanceof Number n ? n.longValue() : 0;
                    long pending = info.get("pending") instanceof Number n ? n.longValue() : 0;
                    now.put(splitId(stream, consumer), behind + pending);
                }
            }
        }
        lag = Map.copyOf(now);
    }

    private static Map<String, Object> flat(Object g) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (g instanceof List<?> list) {
            for (int i = 0; i + 1 < list.size(); i += 2) {
                map.put(String.valueOf(list.get(i)), list.get(i + 1));
            }
        }
        return map;
    }

    // --- connection ------------------------------------------------------------------------------------------------

    private StatefulRedisConnection<String, String> connection() {
        if (connection != null && !connection.isOpen()) {
            disconnect();
        }
        if (connection == null) {
            connection = source.link().connect(timeout);
            groupsReady = false;
        }
        if (!groupsReady) {
            for (String stream : options.streams()) {
                try {
                    connection
                            .sync()
                            .xgroupCreate(
                                    XReadArgs.StreamOffset.from(stream, options.startId()),
                                    group,
                                    XGroupCreateArgs.Builder.mkstream());
                } catch (RedisBusyException e) {
                    // BUSYGROUP: the group exists and keeps its position
                } catch (RuntimeException e) {
                    throw failed(e, "creating the consumer group " + group + " on " + stream);
                }
            }
            groupsReady = true;
        }
        return connection;
    }

    private void disconnect() {
        if (connection != null) {
            try {
                connection.close();
            } catch (RuntimeException e) {
                log.debug("closing a Redis connection failed", e);
            }
            connection = null;
        }
    }

    private void readCommitted() {
        List<String> splits =
                options.streams().stream().map(s -> splitId(s, consumer)).toList();
        Map<String, Position> stored = context.positions().positions(splits);
        committed.clear();
        for (String split : splits) {
            committed.put(split, stored.get(split));
        }
    }

    private ConnectorException failed(RuntimeException e, String doing) {
        ConnectorException failure = RedisErrors.classify(e, source.link().describe(), doing);
        if (RedisErrors.broken(failure)) {
            disconnect();
        }
        if (String.valueOf(e.getMessage()).startsWith("NOGROUP")) {
            // the group or stream was deleted under the run: create it again on the next read
            groupsReady = false;
            return new ConnectorException(SyncErrorCode.REDIS_REFUSED, true, failure.getMessage(), null);
        }
        return failure;
    }

    private void rest() {
        synchronized (idle) {
            if (!woken) {
                try {
                    idle.wait(Math.max(1, context.maxDelay().toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    // --- batches ---------------------------------------------------------------------------------------------------

    /** Entry ids compare by their two numbers: milliseconds, then sequence. */
    static int compareIds(String a, String b) {
        int da = a.indexOf('-');
        int db = b.indexOf('-');
        int byTime = Long.compare(Long.parseLong(a.substring(0, da)), Long.parseLong(b.substring(0, db)));
        return byTime != 0
                ? byTime
                : Long.compare(Long.parseLong(a.substring(da + 1)), Long.parseLong(b.substring(db + 1)));
    }

    static Instant timeOf(String id) {
        return Instant.ofEpochMilli(Long.parseLong(id.substring(0, id.indexOf('-'))));
    }

    /** Raw form of an entry for a rejected record: {@code {"stream", "id", "fields"}}. */
    static byte[] raw(String stream, String id, Map<String, String> fields) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("stream", stream);
        entry.put("id", id);
        entry.put("fields", fields);
        return JSON.writeValueAsBytes(entry);
    }

    /** A micro-batch being collected. */
    private final class Batch {
        private final List<Object[]> rows = new ArrayList<>();
        private final List<RejectedRecord> rejected = new ArrayList<>();
        private final Map<String, List<String>> ack = new LinkedHashMap<>();
        private final Map<String, String> newest = new LinkedHashMap<>();
        private final Map<String, Long> counts = new LinkedHashMap<>();
        private final Set<String> seen = new HashSet<>();
        private long bytes;
        private Instant first;
        private Instant last;

        int size() {
            return rows.size() + rejected.size();
        }

        /**
         * @param fields the entry's fields; null or empty for an entry deleted from the stream
         * @param pending whether the entry is in the group's pending list (to acknowledge after the commit)
         */
        void add(String stream, String id, Map<String, String> fields, boolean pending) {
            if (!seen.add(stream + "\n" + id)) {
                return; // replayed and claimed in one batch
            }
            if (pending) {
                ack.computeIfAbsent(stream, s -> new ArrayList<>()).add(id);
            }
            newest.merge(stream, id, (a, b) -> compareIds(a, b) >= 0 ? a : b);
            counts.merge(stream, 1L, Long::sum);
            Instant time = timeOf(id);
            first = first == null || time.isBefore(first) ? time : first;
            last = last == null || time.isAfter(last) ? time : last;
            String locator = "stream:" + stream + "/" + id;
            if (fields == null || fields.isEmpty()) {
                rejected.add(new RejectedRecord(
                        locator,
                        "the entry was deleted from the stream (XDEL or trimming) before it was processed",
                        raw(stream, id, null)));
                return;
            }
            fields.forEach((k, v) -> bytes += k.length() + (v == null ? 0 : v.length()));
            try {
                Object[] values = columns.row(fields::get);
                Object[] row = new Object[values.length + 2];
                row[0] = stream;
                row[1] = id;
                System.arraycopy(values, 0, row, 2, values.length);
                rows.add(row);
            } catch (IllegalArgumentException e) {
                rejected.add(new RejectedRecord(locator, e.getMessage(), raw(stream, id, fields)));
            }
        }

        StreamBatch toStreamBatch() {
            List<PositionUpdate> positions = new ArrayList<>();
            Map<String, Object> ids = new LinkedHashMap<>();
            for (String stream : options.streams()) {
                String id = newest.get(stream);
                if (id == null) {
                    continue;
                }
                String split = splitId(stream, consumer);
                Position expected = committed.get(split);
                // a claimed entry may be older than what this consumer committed: the position never goes back
                if (expected != null && expected.get("id") instanceof String before && compareIds(before, id) > 0) {
                    id = before;
                }
                ids.put(stream, id);
                positions.add(new PositionUpdate(split, expected, new Position(Map.of("id", id)), counts.get(stream)));
            }
            StreamBatch batch = new StreamBatch(
                    new Chunk(schema, rows, new Position(ids), bytes, rejected), positions, first, last);
            inflight.put(batch, ack);
            return batch;
        }
    }
}
