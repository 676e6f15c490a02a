package io.datasync.sync.connector.kafka;

import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.ConnectionSpec;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.PositionUpdate;
import io.datasync.sync.connector.spi.RejectedRecord;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.connector.spi.StreamBatch;
import io.datasync.sync.connector.spi.StreamContext;
import io.datasync.sync.connector.spi.StreamReader;
import io.datasync.sync.connector.spi.SyncErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member's consumer of a Kafka stream. Each assigned partition is a split {@code kafka/<topic>/<partition>} whose
 * position {@code {"offset": n}} (the next offset to read) lives with the target's rows; the group's own offsets are
 * only a copy for lag tools, never read back.
 *
 * <ul>
 *   <li>On assignment the reader looks the partitions' stored positions up ({@link StreamContext#positions}) and seeks
 *       to them, or to the earliest or latest record ({@code startFrom}) for a partition never committed. A partition
 *       whose lookup fails stays paused, and the lookup is retried (and its failure thrown) by the next {@link #next}.
 *   <li>{@link #next} polls until {@code maxRows} records are buffered or {@code maxDelay} has passed since the call
 *       began or since the oldest buffered record was fetched, whichever is first, so it never blocks much longer
 *       than {@code maxDelay}. Records past {@code maxRows} stay buffered for the next batch.
 *   <li>On revocation or loss, the records buffered for those partitions are dropped: their new owner resumes from the
 *       stored position. A batch handed out is always committed or rewound before the next poll (one batch in flight),
 *       so a rebalance never strands an uncommitted batch here; if an owner's commit races another's, the sink's
 *       compare-and-set on {@code expected} refuses the stale one.
 *   <li>{@link #rewind} seeks every assigned partition back to the first record not committed.
 *   <li>{@link #pause} pauses the assignment but keeps polling in {@link #next}, so the member never exceeds
 *       {@code max.poll.interval.ms} and keeps its partitions.
 * </ul>
 *
 * <p>Threading: used by its member's thread only, except {@link #wakeup}, which any thread may call (Kafka's
 * {@code KafkaConsumer.wakeup}).
 */
final class KafkaStreamReader implements StreamReader {

    private static final Logger log = LoggerFactory.getLogger(KafkaStreamReader.class);
    private static final String OFFSET = "offset";

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaSourceOptions options;
    private final Schema schema;
    private final StreamContext context;
    private final KafkaRecordDecoder decoder;

    /** Per assigned partition, what the sink holds (null: nothing stored yet). */
    private final AdvertisedBrokers brokers;

    private final Map<TopicPartition, Position> expected = new HashMap<>();
    /**
     * Per partition, where the last batch handed out moves it, while that batch is not committed yet: the next batch
     * expects it (the engine writes one batch while this reader decodes the next). Cleared by a rewind.
     */
    private final Map<TopicPartition, Position> handedOut = new HashMap<>();
    /** Per assigned partition, the first offset not committed: where {@link #rewind} goes. */
    private final Map<TopicPartition, Long> resumeAt = new HashMap<>();
    /** Assigned partitions whose stored position could not be read yet; paused until it is. */
    private final Set<TopicPartition> unpositioned = new LinkedHashSet<>();
    /** Records fetched but not yet handed out, per partition in offset order. */
    private final Map<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> pending = new LinkedHashMap<>();

    private static final Duration END_OFFSETS_EVERY = Duration.ofSeconds(5);

    private Map<TopicPartition, Long> endOffsets = Map.of();
    private long endOffsetsAt;
    private int pendingCount;
    private long oldestPendingNanos;
    private boolean paused;
    private int assignments;

    KafkaStreamReader(ConnectionSpec connection, KafkaSourceOptions options, Schema schema, StreamContext context) {
        this(connection, options, schema, context, AdvertisedBrokers.trusted(), Map.of());
    }

    KafkaStreamReader(
            ConnectionSpec connection,
            KafkaSourceOptions options,
            Schema schema,
            StreamContext context,
            AdvertisedBrokers brokers) {
        this(connection, options, schema, context, brokers, Map.of());
    }

    /**
     * @param brokers checks the brokers the cluster advertises before anything is fetched from them
     * @param overrides consumer settings replacing the defaults, for tests (e.g. a short max.poll.interval.ms)
     */
    KafkaStreamReader(
            ConnectionSpec connection,
            KafkaSourceOptions options,
            Schema schema,
            StreamContext context,
            AdvertisedBrokers brokers,
            Map<String, Object> overrides) {
        this.brokers = brokers;
        this.options = options;
        this.schema = schema;
        this.context = context;
        this.decoder = new KafkaRecordDecoder(options, schema);
        Map<String, Object> config = KafkaClients.consumer(
                connection, options.groupId(context.jobId()), context.memberId(), context.maxRows());
        config.putAll(overrides);
        try {
            this.consumer = new KafkaConsumer<>(config);
        } catch (org.apache.kafka.common.KafkaException e) {
            // a setting the client refuses (an invalid group.instance.id, a SASL module missing): only a change helps
            throw new ConnectorException(
                    SyncErrorCode.KAFKA_READ_FAILED,
                    false,
                    "cannot create a Kafka consumer for group " + options.groupId(context.jobId()) + ": "
                            + (e.getCause() == null
                                    ? e.getMessage()
                                    : e.getCause().getMessage()),
                    e);
        }
        try {
            Listener listener = new Listener();
            if (options.topicPattern() != null) {
                consumer.subscribe(options.topicPattern(), listener);
            } else {
                consumer.subscribe(options.topics(), listener);
            }
        } catch (RuntimeException e) {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            throw e;
        }
    }

    /** The split id of a partition: {@code kafka/<topic>/<partition>}. */
    static String splitId(TopicPartition tp) {
        return "kafka/" + tp.topic() + "/" + tp.partition();
    }

    /** The partition of a split id made by {@link #splitId}; topic names cannot hold '/'. */
    static TopicPartition partition(String splitId) {
        int last = splitId.lastIndexOf('/');
        return new TopicPartition(
                splitId.substring("kafka/".length(), last), Integer.parseInt(splitId.substring(last + 1)));
    }

    /** Whether the brokers were checked before the first poll. */
    private boolean brokersChecked;

    /**
     * Checks the brokers the cluster advertises for the job's topics and the assigned partitions (from the client's
     * metadata, cached) against the egress policy: before the first poll, and after every poll that brought records,
     * before they become rows (a rebalance or a leader change within the poll may have brought a new broker).
     */
    private void checkBrokers() {
        Set<String> topics = new java.util.TreeSet<>(options.topicPattern() == null ? options.topics() : List.of());
        consumer.assignment().forEach(tp -> topics.add(tp.topic()));
        for (String topic : topics) {
            brokers.checkPartitions(consumer.partitionsFor(topic));
        }
        brokersChecked = true;
    }

    @Override
    public Optional<StreamBatch> next() {
        try {
            if (!brokersChecked) {
                checkBrokers();
            }
            positionUnpositioned();
            if (paused) {
                consumer.poll(context.maxDelay()); // keeps the membership alive; paused partitions return nothing
                return Optional.empty();
            }
            long start = System.nanoTime();
            long maxDelay = context.maxDelay().toNanos();
            while (pendingCount < context.maxRows()) {
                long deadline = start + maxDelay;
                if (pendingCount > 0) {
                    deadline = Math.min(deadline, oldestPendingNanos + maxDelay);
                }
                long left = deadline - System.nanoTime();
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofNanos(Math.max(0, left)));
                if (!records.isEmpty()) {
                    checkBrokers();
                }
                buffer(records);
                if (left <= 0) {
                    break;
                }
            }
            return pendingCount == 0 ? Optional.empty() : Optional.of(batch());
        } catch (WakeupException e) {
            return Optional.empty();
        } catch (KafkaException e) {
            throw failure(e);
        }
    }

    @Override
    public void committed(StreamBatch batch) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (PositionUpdate update : batch.positions()) {
            TopicPartition tp = partition(update.splitId());
            if (!resumeAt.containsKey(tp)) {
                continue; // revoked since: its new owner resumes from what the sink holds
            }
            long next = offset(update.next());
            expected.put(tp, update.next());
            if (update.next().equals(handedOut.get(tp))) {
                handedOut.remove(tp); // no batch beyond this one is out
            }
            resumeAt.put(tp, next);
            offsets.put(tp, new OffsetAndMetadata(next));
        }
        if (!offsets.isEmpty()) {
            // only for lag tools (kafka-consumer-groups, Burrow): the job resumes from the target's positions
            consumer.commitAsync(offsets, (committed, e) -> {
                if (e != null) {
                    log.debug("copying offsets to group {} failed: {}", options.groupId(context.jobId()), e.toString());
                }
            });
        }
    }

    /** The engine decodes the next batch while the last one is written (see {@link #handedOut}). */
    @Override
    public boolean readsAhead() {
        return true;
    }

    @Override
    public void rewind() {
        clearPending(new ArrayList<>(pending.keySet()));
        handedOut.clear();
        for (Map.Entry<TopicPartition, Long> entry : resumeAt.entrySet()) {
            if (!unpositioned.contains(entry.getKey())) {
                consumer.seek(entry.getKey(), entry.getValue());
            }
        }
    }

    @Override
    public void pause() {
        paused = true;
        consumer.pause(consumer.assignment());
    }

    @Override
    public void resume() {
        paused = false;
        Set<TopicPartition> resumable = new HashSet<>(consumer.assignment());
        resumable.removeAll(unpositioned);
        consumer.resume(resumable);
    }

    /**
     * Records each assigned partition still has to read: from the consumer's last fetch, or — for partitions it does not
     * fetch (paused) or has not fetched yet — from the brokers' log end offsets, asked at most every
     * {@link #END_OFFSETS_EVERY} so a frequent caller costs no round trips.
     */
    @Override
    public Map<String, Long> lag() {
        Map<String, Long> lag = new LinkedHashMap<>();
        List<TopicPartition> unknown = new ArrayList<>();
        for (TopicPartition tp : consumer.assignment()) {
            var current = paused ? java.util.OptionalLong.empty() : consumer.currentLag(tp);
            if (current.isPresent()) {
                lag.put(splitId(tp), current.getAsLong() + buffered(tp));
            } else if (resumeAt.containsKey(tp) && !unpositioned.contains(tp)) {
                unknown.add(tp);
            }
        }
        if (!unknown.isEmpty()) {
            long now = System.nanoTime();
            if (endOffsets.isEmpty()
                    || !endOffsets.keySet().containsAll(unknown)
                    || now - endOffsetsAt > END_OFFSETS_EVERY.toNanos()) {
                try {
                    endOffsets = new HashMap<>(consumer.endOffsets(unknown, Duration.ofSeconds(2)));
                    endOffsetsAt = now;
                } catch (KafkaException e) {
                    log.debug("asking for the end offsets of {} failed: {}", unknown, e.toString());
                }
            }
            for (TopicPartition tp : unknown) {
                Long end = endOffsets.get(tp);
                if (end != null) {
                    lag.put(splitId(tp), Math.max(0, end - consumer.position(tp)) + buffered(tp));
                }
            }
        }
        return lag;
    }

    @Override
    public void wakeup() {
        consumer.wakeup();
    }

    /** Closes the consumer; a static member does not leave the group, so a restart within the session timeout keeps its partitions. */
    @Override
    public void close() {
        try {
            // leaves the group at once: with static membership a member that just closes keeps its partitions until
            // the session times out (45 s), so a replica scaled down or a stopped run would stall them that long
            consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(5)));
        } catch (KafkaException e) {
            log.debug("closing the consumer of {} failed: {}", context.memberId(), e.toString());
        }
    }

    /** The partitions assigned now, for tests. */
    Set<TopicPartition> assignment() {
        return consumer.assignment();
    }

    /** How many partition assignments this reader received (a test sees whether a rebalance happened). */
    int assignments() {
        return assignments;
    }

    // --- batches ---------------------------------------------------------------------------------------------------

    private void buffer(ConsumerRecords<byte[], byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        if (pendingCount == 0) {
            oldestPendingNanos = System.nanoTime();
        }
        for (TopicPartition tp : records.partitions()) {
            if (!resumeAt.containsKey(tp)) {
                continue; // revoked within this poll
            }
            List<ConsumerRecord<byte[], byte[]>> list = records.records(tp);
            pending.computeIfAbsent(tp, p -> new ArrayDeque<>()).addAll(list);
            pendingCount += list.size();
        }
    }

    /** Up to {@code maxRows} buffered records as a batch, with one position update per partition they came from. */
    private StreamBatch batch() {
        int take = Math.min(context.maxRows(), pendingCount);
        List<Object[]> rows = new ArrayList<>(take);
        List<RejectedRecord> rejected = new ArrayList<>();
        List<PositionUpdate> positions = new ArrayList<>();
        long bytes = 0;
        long firstEvent = Long.MAX_VALUE;
        long lastEvent = Long.MIN_VALUE;
        int taken = 0;
        for (Iterator<Map.Entry<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>>> it =
                        pending.entrySet().iterator();
                it.hasNext() && taken < take; ) {
            var entry = it.next();
            TopicPartition tp = entry.getKey();
            ArrayDeque<ConsumerRecord<byte[], byte[]>> queue = entry.getValue();
            long last = -1;
            long count = 0;
            while (!queue.isEmpty() && taken < take) {
                ConsumerRecord<byte[], byte[]> record = queue.poll();
                taken++;
                count++;
                last = record.offset();
                bytes += Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
                long timestamp = record.timestamp();
                if (timestamp >= 0) {
                    firstEvent = Math.min(firstEvent, timestamp);
                    lastEvent = Math.max(lastEvent, timestamp);
                }
                Object[] row = decoder.row(record, rejected);
                if (row != null) {
                    rows.add(row);
                }
            }
            if (queue.isEmpty()) {
                it.remove();
            }
            Position next = new Position(Map.of(OFFSET, last + 1));
            Position from = handedOut.containsKey(tp) ? handedOut.get(tp) : expected.get(tp);
            positions.add(new PositionUpdate(splitId(tp), from, next, count));
            handedOut.put(tp, next);
        }
        pendingCount -= taken;
        if (pendingCount > 0) {
            oldestPendingNanos = System.nanoTime();
        }
        Instant now = Instant.now();
        Instant first = firstEvent == Long.MAX_VALUE ? now : Instant.ofEpochMilli(firstEvent);
        Instant lastAt = lastEvent == Long.MIN_VALUE ? now : Instant.ofEpochMilli(lastEvent);
        Chunk chunk = new Chunk(schema, rows, Position.START, Math.max(1, bytes), rejected);
        return new StreamBatch(chunk, positions, first, lastAt);
    }

    private int buffered(TopicPartition tp) {
        ArrayDeque<?> queue = pending.get(tp);
        return queue == null ? 0 : queue.size();
    }

    private void clearPending(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            ArrayDeque<?> dropped = pending.remove(tp);
            if (dropped != null) {
                pendingCount -= dropped.size();
            }
        }
    }

    // --- positions -------------------------------------------------------------------------------------------------

    /** Looks up and seeks the partitions assigned without a position yet; throws the lookup's failure. */
    private void positionUnpositioned() {
        if (unpositioned.isEmpty()) {
            return;
        }
        List<TopicPartition> partitions = new ArrayList<>(unpositioned);
        Map<String, Position> stored = context.positions()
                .positions(partitions.stream().map(KafkaStreamReader::splitId).toList());
        for (TopicPartition tp : partitions) {
            Position position = stored.get(splitId(tp));
            if (position != null) {
                long offset = offset(position);
                consumer.seek(tp, offset);
                resumeAt.put(tp, offset);
            } else {
                if (options.fromEarliest()) {
                    consumer.seekToBeginning(List.of(tp));
                } else {
                    consumer.seekToEnd(List.of(tp));
                }
                resumeAt.put(tp, consumer.position(tp)); // resolves the start now, so a rewind returns to it
            }
            expected.put(tp, position);
            unpositioned.remove(tp);
            if (!paused) {
                consumer.resume(List.of(tp));
            }
        }
    }

    private static long offset(Position position) {
        if (!(position.get(OFFSET) instanceof Number offset)) {
            throw new ConnectorException(
                    SyncErrorCode.INTERNAL, "a stored Kafka position has no offset: " + position.values(), null);
        }
        return offset.longValue();
    }

    private ConnectorException failure(KafkaException e) {
        String group = options.groupId(context.jobId());
        if (e.getCause() instanceof ConnectorException connector) {
            return connector; // thrown by the position lookup inside a rebalance callback
        }
        if (e instanceof FencedInstanceIdException) {
            return new ConnectorException(
                    SyncErrorCode.KAFKA_MEMBER_FENCED,
                    "another reader joined group " + group + " as member " + context.memberId()
                            + "; each instance needs its own datasync.sync.instance-id",
                    e);
        }
        if (e instanceof AuthenticationException || e instanceof AuthorizationException) {
            return new ConnectorException(
                    SyncErrorCode.KAFKA_AUTH_REFUSED,
                    "the brokers refused to let group " + group + " read: " + e.getMessage(),
                    e);
        }
        if (e instanceof InvalidTopicException) {
            return new ConnectorException(SyncErrorCode.KAFKA_READ_FAILED, false, e.getMessage(), e);
        }
        if (e instanceof InterruptException) {
            Thread.currentThread().interrupt();
            return new ConnectorException(SyncErrorCode.INTERRUPTED, "interrupted while polling Kafka", e);
        }
        return new ConnectorException(
                SyncErrorCode.KAFKA_READ_FAILED, "polling group " + group + " failed: " + e.getMessage(), e);
    }

    /** Seeks newly assigned partitions to their stored positions; drops what was buffered for partitions taken away. */
    private final class Listener implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            assignments++;
            // paused until positioned: nothing is fetched from the group's offsets or the reset policy by mistake
            consumer.pause(partitions);
            unpositioned.addAll(partitions);
            try {
                positionUnpositioned();
            } catch (ConnectorException e) {
                log.warn(
                        "reading the stored positions of {} failed, retried on the next poll: {}",
                        partitions,
                        e.getMessage());
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        private void forget(Collection<TopicPartition> partitions) {
            clearPending(partitions);
            partitions.forEach(tp -> {
                expected.remove(tp);
                handedOut.remove(tp);
                resumeAt.remove(tp);
                unpositioned.remove(tp);
            });
        }
    }
}
