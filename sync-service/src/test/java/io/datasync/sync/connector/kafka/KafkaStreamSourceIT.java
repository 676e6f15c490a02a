package io.datasync.sync.connector.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.datasync.models.job.SourceSpec;
import io.datasync.models.job.SourceType;
import io.datasync.models.job.WriteMode;
import io.datasync.sync.connector.spi.ConnectionSpec;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.Guarantee;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.PositionLookup;
import io.datasync.sync.connector.spi.PositionUpdate;
import io.datasync.sync.connector.spi.RejectedRecord;
import io.datasync.sync.connector.spi.StreamBatch;
import io.datasync.sync.connector.spi.StreamContext;
import io.datasync.sync.connector.spi.StreamReader;
import io.datasync.sync.connector.spi.SyncErrorCode;
import io.datasync.sync.connector.spi.TestEgress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The Kafka stream source against an in-JVM KRaft broker, topics of 4 partitions: positions per partition, resuming
 * from stored positions (not the group's offsets), rewind, rejects that still advance, pause without a rebalance, and
 * two members splitting the partitions. The target is played by a map of positions committed with compare-and-set,
 * as the PostgreSQL sink commits them.
 */
@Timeout(120)
class KafkaStreamSourceIT {

    private static final int PARTITIONS = 4;
    private static final Duration MAX_DELAY = Duration.ofMillis(100);
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private static UserKafka userKafka;
    private static EmbeddedKafkaKraftBroker broker;
    private static KafkaProducer<String, byte[]> producer;

    private final List<StreamReader> readers = new ArrayList<>();

    @BeforeAll
    static void startBroker() {
        userKafka = new UserKafka(PARTITIONS);
        broker = userKafka.broker;
        producer = userKafka.producer;
    }

    @AfterAll
    static void stopBroker() {
        if (userKafka != null) {
            userKafka.close();
        }
    }

    @AfterEach
    void closeReaders() {
        readers.forEach(StreamReader::close);
    }

    // --- (a) -------------------------------------------------------------------------------------------------------

    @Test
    void readsEveryRecordIntoBatchesWithOnePositionPerPartition() {
        String topic = topic();
        produce(topic, 0, 200);
        Map<String, Position> store = new ConcurrentHashMap<>();
        KafkaStreamSource source = source(topic, List.of("_partition", "_offset", "_key"));
        StreamReader reader = subscribe(source, "job-" + topic, "m1", store, 64);

        List<StreamBatch> batches = new ArrayList<>();
        Map<Long, Object[]> rows = drain(reader, store, 200, batches);

        assertThat(rows).hasSize(200);
        for (Object[] row : rows.values()) {
            long id = (Long) row[0];
            assertThat(row[1]).isEqualTo("n" + id);
            assertThat(row[2]).isEqualTo((int) (id % PARTITIONS));
            assertThat(row[3]).isEqualTo(id / PARTITIONS);
            assertThat(row[4]).isEqualTo("k" + id);
        }
        assertThat(batches).allSatisfy(b -> {
            assertThat(b.records()).isBetween(1L, 64L);
            assertThat(b.positions().stream().mapToLong(PositionUpdate::rows).sum())
                    .isEqualTo(b.records());
            assertThat(b.firstEvent()).isNotNull().isBeforeOrEqualTo(b.lastEvent());
        });
        Map<String, Position> end = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            end.put(split(topic, p), offset(50));
        }
        assertThat(store).isEqualTo(end);
        assertThat(source.guarantee(WriteMode.INSERT)).isEqualTo(Guarantee.EFFECTIVELY_ONCE);
        assertThat(source.schema().names()).containsExactly("id", "name", "_partition", "_offset", "_key");
    }

    // --- (b) -------------------------------------------------------------------------------------------------------

    @Test
    void aNewReaderResumesExactlyAfterTheStoredPositions() {
        String topic = topic();
        produce(topic, 0, 100);
        Map<String, Position> store = new ConcurrentHashMap<>();
        KafkaStreamSource source = source(topic, List.of());
        StreamReader first = subscribe(source, "job-" + topic, "m1", store, 10);
        Map<Long, Object[]> before = new LinkedHashMap<>();
        await(() -> {
            first.next().ifPresent(b -> commit(first, b, store).forEach(r -> before.put((Long) r[0], r)));
            return before.size() >= 30;
        });
        first.close();
        readers.remove(first);

        // another group: the offsets copied to the first group are not what it resumes from, the store is
        StreamReader second = subscribe(source, "other-job-" + topic, "m1", store, 10);
        Map<Long, Object[]> after = drain(second, store, 100 - before.size(), new ArrayList<>());

        assertThat(after.keySet()).doesNotContainAnyElementsOf(before.keySet());
        Set<Long> all = new HashSet<>(before.keySet());
        all.addAll(after.keySet());
        assertThat(all).hasSize(100);
    }

    // --- (c) -------------------------------------------------------------------------------------------------------

    @Test
    void aRewindAfterAnUncommittedBatchDeliversExactlyThatBatchAgain() {
        String topic = topic();
        produce(topic, 0, 40);
        Map<String, Position> store = new ConcurrentHashMap<>();
        StreamReader reader = subscribe(source(topic, List.of()), "job-" + topic, "m1", store, 10);
        List<Long> committed = new ArrayList<>();
        StreamBatch firstBatch = next(reader);
        commit(reader, firstBatch, store).forEach(r -> committed.add((Long) r[0]));

        StreamBatch failed = next(reader); // the write of this one "fails": not committed
        List<Long> failedIds = ids(failed);
        Map<String, Position> expectedBefore = expectations(failed);
        reader.rewind();

        List<StreamBatch> again = new ArrayList<>();
        Map<Long, Object[]> rest = drain(reader, store, 40 - committed.size(), again);

        assertThat(rest.keySet()).containsAll(failedIds).doesNotContainAnyElementsOf(committed);
        assertThat(committed.size() + rest.size()).isEqualTo(40);
        // the batches after the rewind start each partition where the failed batch started it
        Map<String, Position> expectedAfter = new HashMap<>();
        for (StreamBatch b : again) {
            b.positions().forEach(u -> expectedAfter.putIfAbsent(u.splitId(), u.expected()));
        }
        expectedBefore.forEach(
                (split, position) -> assertThat(expectedAfter.get(split)).isEqualTo(position));
    }

    // --- (d) -------------------------------------------------------------------------------------------------------

    @Test
    void aMalformedMessageIsRejectedWithItsBytesAndThePositionMovesOn() {
        String topic = topic();
        send(topic, 0, "k1", json(1));
        send(topic, 0, "k2", "not json".getBytes(StandardCharsets.UTF_8));
        send(topic, 0, "k3", json(3));
        send(topic, 0, "k4", "{\"id\": \"four\"}".getBytes(StandardCharsets.UTF_8));
        producer.flush();
        Map<String, Position> store = new ConcurrentHashMap<>();
        StreamReader reader = subscribe(source(topic, List.of()), "job-" + topic, "m1", store, 100);

        List<StreamBatch> batches = new ArrayList<>();
        List<RejectedRecord> rejected = new ArrayList<>();
        Map<Long, Object[]> rows = new HashMap<>();
        await(() -> {
            reader.next().ifPresent(b -> {
                batches.add(b);
                rejected.addAll(b.chunk().rejected());
                commit(reader, b, store).forEach(r -> rows.put((Long) r[0], r));
            });
            return rows.size() + rejected.size() >= 4;
        });

        assertThat(rows.keySet()).containsExactlyInAnyOrder(1L, 3L);
        assertThat(rejected).hasSize(2);
        assertThat(rejected.get(0).locator()).isEqualTo(topic + "/0@1");
        assertThat(rejected.get(0).reason()).startsWith("payload is not valid JSON");
        assertThat(rejected.get(0).raw()).isEqualTo("not json".getBytes(StandardCharsets.UTF_8));
        assertThat(rejected.get(1).locator()).isEqualTo(topic + "/0@3");
        assertThat(rejected.get(1).reason()).startsWith("column id:");
        assertThat(store.get(split(topic, 0))).isEqualTo(offset(4));
    }

    // --- (e) -------------------------------------------------------------------------------------------------------

    @Test
    void aPausedReaderKeepsItsPartitionsAndResumesWhereItStopped() {
        String topic = topic();
        produce(topic, 0, 20);
        Map<String, Position> store = new ConcurrentHashMap<>();
        KafkaSourceOptions options = KafkaSourceOptions.parse(options(topic, List.of()));
        // a short poll interval: a reader that stopped polling while paused would leave the group within it
        KafkaStreamReader reader = new KafkaStreamReader(
                connection(),
                options,
                options.schema(),
                context("job-" + topic, "m1", store, 100),
                AdvertisedBrokers.trusted(),
                Map.of("max.poll.interval.ms", 2_000, "session.timeout.ms", 6_000));
        readers.add(reader);
        Map<Long, Object[]> rows = drain(reader, store, 20, new ArrayList<>());
        int assignments = reader.assignments();
        assertThat(reader.assignment()).hasSize(PARTITIONS);

        reader.pause();
        produce(topic, 20, 20);
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos(); // longer than max.poll.interval.ms
        while (System.nanoTime() < until) {
            assertThat(reader.next()).isEmpty();
        }
        assertThat(reader.assignments()).isEqualTo(assignments);
        assertThat(reader.assignment()).hasSize(PARTITIONS);
        assertThat(reader.lag().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(20);

        reader.resume();
        rows.putAll(drain(reader, store, 20, new ArrayList<>()));

        assertThat(rows).hasSize(40);
        assertThat(reader.assignments()).isEqualTo(assignments);
    }

    // --- (f) -------------------------------------------------------------------------------------------------------

    @Test
    void twoMembersOfOneGroupSplitThePartitionsAndReadEverythingOnce() {
        String topic = topic();
        String group = "job-" + topic;
        Map<String, Position> store = new ConcurrentHashMap<>();
        KafkaSourceOptions options = KafkaSourceOptions.parse(options(topic, List.of()));
        Map<String, Object> overrides = Map.of("session.timeout.ms", 6_000);
        KafkaStreamReader a = new KafkaStreamReader(
                connection(),
                options,
                options.schema(),
                context(group, "a", store, 25),
                AdvertisedBrokers.trusted(),
                overrides);
        KafkaStreamReader b = new KafkaStreamReader(
                connection(),
                options,
                options.schema(),
                context(group, "b", store, 25),
                AdvertisedBrokers.trusted(),
                overrides);
        readers.add(a);
        readers.add(b);
        Map<Long, String> readBy = new HashMap<>();
        List<Long> duplicates = new ArrayList<>();
        BooleanSupplier step = () -> {
            for (KafkaStreamReader reader : List.of(a, b)) {
                reader.next()
                        .ifPresent(batch -> commit(reader, batch, store).forEach(r -> {
                            if (readBy.put((Long) r[0], reader == a ? "a" : "b") != null) {
                                duplicates.add((Long) r[0]);
                            }
                        }));
            }
            return true;
        };
        await(() -> step.getAsBoolean()
                && a.assignment().size() == PARTITIONS / 2
                && b.assignment().size() == PARTITIONS / 2);
        assertThat(a.assignment()).doesNotContainAnyElementsOf(b.assignment());

        produce(topic, 0, 200);
        await(() -> step.getAsBoolean() && readBy.size() >= 200);

        assertThat(duplicates).isEmpty();
        assertThat(readBy).hasSize(200);
        assertThat(readBy.values()).contains("a", "b");
        for (TopicPartition tp : a.assignment()) {
            assertThat(readBy.entrySet().stream()
                            .filter(e -> e.getKey() % PARTITIONS == tp.partition())
                            .map(Map.Entry::getValue))
                    .containsOnly("a");
        }
    }

    // --- more -----------------------------------------------------------------------------------------------------

    /**
     * The bootstrap servers passed the policy, but the broker the cluster advertises for the topic's partitions does
     * not (here: the policy denies the broker's port, as if it advertised the platform's own broker): the reader
     * refuses before it fetches anything, naming the advertised address.
     */
    @Test
    void aBrokerTheClusterAdvertisesIsCheckedAgainstTheEgressPolicyBeforeAnythingIsFetched() {
        String topic = topic();
        produce(topic, 0, 20);
        KafkaSourceOptions options = KafkaSourceOptions.parse(options(topic, List.of()));
        Map<String, Position> store = new ConcurrentHashMap<>();
        String advertised = broker.getBrokersAsString().split(",")[0];
        int port = Integer.parseInt(advertised.substring(advertised.lastIndexOf(':') + 1));
        var denying = new io.datasync.kit.egress.EgressGuard(new io.datasync.models.egress.EgressPolicy(
                List.of("/"),
                new io.datasync.models.egress.NetworkPolicy(
                        true,
                        false,
                        List.of(),
                        List.of(io.datasync.models.egress.NetworkRule.parse("loopback:" + port))),
                io.datasync.models.egress.JdbcPolicy.DEFAULT));
        KafkaStreamReader reader = new KafkaStreamReader(
                connection(),
                options,
                options.schema(),
                context("job-" + topic, "m1", store, 100),
                new AdvertisedBrokers(denying));
        readers.add(reader);

        assertThatThrownBy(reader::next).isInstanceOfSatisfying(ConnectorException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(SyncErrorCode.EGRESS_REFUSED);
            assertThat(e.getMessage())
                    .contains("Kafka broker the cluster advertises")
                    .contains(":" + port);
        });
        assertThat(reader.assignment()).as("no partition was fetched").isEmpty();
        assertThat(store).isEmpty();
    }

    @Test
    void aPartitionNeverCommittedStartsAtTheLatestRecordWhenAskedTo() {
        String topic = topic();
        produce(topic, 0, 20);
        Map<String, Object> raw = options(topic, List.of());
        raw.put("startFrom", "latest");
        KafkaSourceOptions options = KafkaSourceOptions.parse(raw);
        Map<String, Position> store = new ConcurrentHashMap<>();
        KafkaStreamReader reader = new KafkaStreamReader(
                connection(), options, options.schema(), context("job-" + topic, "m1", store, 100));
        readers.add(reader);
        await(() -> reader.next().isEmpty() && reader.assignment().size() == PARTITIONS);

        produce(topic, 20, 8);
        Map<Long, Object[]> rows = drain(reader, store, 8, new ArrayList<>());

        assertThat(rows.keySet()).containsExactlyInAnyOrder(20L, 21L, 22L, 23L, 24L, 25L, 26L, 27L);
    }

    @Test
    void aFailedPositionLookupKeepsThePartitionsPausedAndIsRetriedByTheNextPoll() {
        String topic = topic();
        produce(topic, 0, 40);
        Map<String, Position> store = new ConcurrentHashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            store.put(split(topic, p), offset(5)); // 5 of each partition's 10 records are in the target already
        }
        int[] failures = {2};
        PositionLookup flaky = splits -> {
            if (failures[0]-- > 0) {
                throw new io.datasync.sync.connector.spi.ConnectorException(
                        io.datasync.sync.connector.spi.SyncErrorCode.INTERNAL, true, "target down", null);
            }
            Map<String, Position> found = new HashMap<>();
            splits.forEach(s -> Optional.ofNullable(store.get(s)).ifPresent(p -> found.put(s, p)));
            return found;
        };
        KafkaStreamSource source = source(topic, List.of());
        StreamReader reader = source.subscribe(
                new StreamContext("job-" + topic + "/stream", "job-" + topic, "m1", flaky, 100, MAX_DELAY));
        readers.add(reader);
        List<String> thrown = new ArrayList<>();
        Map<Long, Object[]> rows = new HashMap<>();

        await(() -> {
            try {
                reader.next().ifPresent(b -> commit(reader, b, store).forEach(r -> rows.put((Long) r[0], r)));
            } catch (io.datasync.sync.connector.spi.ConnectorException e) {
                thrown.add(e.getMessage());
            }
            return rows.size() >= 20;
        });

        assertThat(thrown).containsExactly("target down"); // the first failure is in the assignment, logged
        assertThat(rows.keySet()).allSatisfy(id -> assertThat(id / PARTITIONS).isGreaterThanOrEqualTo(5));
        assertThat(rows).hasSize(20);
    }

    @Test
    void aWakeupMakesABlockedPollReturnEmpty() {
        String topic = topic();
        StreamReader reader = subscribe(source(topic, List.of()), "job-" + topic, "m1", new HashMap<>(), 10);
        reader.wakeup();

        assertThat(reader.next()).isEmpty();
    }

    // --- fixture ---------------------------------------------------------------------------------------------------

    private static String topic() {
        String topic = "orders-" + UUID.randomUUID().toString().substring(0, 8);
        broker.addTopics(new NewTopic(topic, PARTITIONS, (short) 1));
        await(() -> {
            var partitions = producer.partitionsFor(topic);
            return partitions.size() == PARTITIONS && partitions.stream().allMatch(p -> p.leader() != null);
        });
        return topic;
    }

    private static ConnectionSpec connection() {
        return ConnectionSpec.unsaved("kafka", Map.of("bootstrapServers", broker.getBrokersAsString()));
    }

    private static Map<String, Object> options(String topic, List<String> meta) {
        Map<String, Object> options = new HashMap<>();
        options.put("topics", List.of(topic));
        options.put("columns", List.of(Map.of("name", "id", "type", "bigint"), Map.of("name", "name", "type", "text")));
        options.put("key", List.of("id"));
        if (!meta.isEmpty()) {
            options.put("metaColumns", meta);
        }
        return options;
    }

    private static KafkaStreamSource source(String topic, List<String> meta) {
        SourceSpec spec = new SourceSpec(SourceType.KAFKA, "kafka", null, null, null, null, options(topic, meta));
        return (KafkaStreamSource) new KafkaConnector(TestEgress.LOOPBACK, null)
                .source(new io.datasync.sync.connector.spi.SourceContext(connection(), spec, Map.of()));
    }

    /** A member's context; the group is the default one of job {@code jobId}: datasync-<jobId>. */
    private static StreamContext context(String jobId, String member, Map<String, Position> store, int maxRows) {
        PositionLookup lookup = splits -> {
            Map<String, Position> found = new HashMap<>();
            splits.forEach(s -> Optional.ofNullable(store.get(s)).ifPresent(p -> found.put(s, p)));
            return found;
        };
        return new StreamContext(jobId + "/stream", jobId, member, lookup, maxRows, MAX_DELAY);
    }

    private StreamReader subscribe(
            KafkaStreamSource source, String jobId, String member, Map<String, Position> store, int maxRows) {
        StreamReader reader = source.subscribe(context(jobId, member, store, maxRows));
        readers.add(reader);
        return reader;
    }

    private static byte[] json(long id) {
        return ("{\"id\": " + id + ", \"name\": \"n" + id + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** Records {@code from}..{@code from+count-1}, record i to partition i % 4 with key k<i>. */
    private static void produce(String topic, int from, int count) {
        for (int i = from; i < from + count; i++) {
            send(topic, i % PARTITIONS, "k" + i, json(i));
        }
        producer.flush();
    }

    private static void send(String topic, int partition, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, partition, key, value));
    }

    private static String split(String topic, int partition) {
        return "kafka/" + topic + "/" + partition;
    }

    private static Position offset(long offset) {
        return new Position(Map.of("offset", offset));
    }

    /**
     * Commits a batch as a sink does: every split's position moves only from what the batch expected (compare and set),
     * else nothing is committed and the reader rewinds. Returns the rows committed.
     */
    private static List<Object[]> commit(StreamReader reader, StreamBatch batch, Map<String, Position> store) {
        synchronized (store) {
            for (PositionUpdate update : batch.positions()) {
                if (!Objects.equals(store.get(update.splitId()), update.expected())) {
                    reader.rewind();
                    return List.of();
                }
            }
            batch.positions().forEach(u -> store.put(u.splitId(), u.next()));
        }
        reader.committed(batch);
        return batch.chunk().rows();
    }

    private static StreamBatch next(StreamReader reader) {
        StreamBatch[] batch = new StreamBatch[1];
        await(() -> {
            reader.next().ifPresent(b -> batch[0] = b);
            return batch[0] != null;
        });
        return batch[0];
    }

    /** Reads and commits until {@code count} rows were committed; their rows by id. */
    private static Map<Long, Object[]> drain(
            StreamReader reader, Map<String, Position> store, int count, List<StreamBatch> batches) {
        Map<Long, Object[]> rows = new LinkedHashMap<>();
        await(() -> {
            reader.next().ifPresent(b -> {
                batches.add(b);
                for (Object[] row : commit(reader, b, store)) {
                    if (rows.put((Long) row[0], row) != null) {
                        fail("record " + row[0] + " was read twice");
                    }
                }
            });
            return rows.size() >= count;
        });
        return rows;
    }

    private static List<Long> ids(StreamBatch batch) {
        return batch.chunk().rows().stream().map(r -> (Long) r[0]).toList();
    }

    private static Map<String, Position> expectations(StreamBatch batch) {
        Map<String, Position> expected = new HashMap<>();
        batch.positions().forEach(u -> expected.put(u.splitId(), u.expected()));
        return expected;
    }

    /** Polls {@code done} (each call reads a batch, blocking at most ~maxDelay) until true or the deadline. */
    private static void await(BooleanSupplier done) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not done within " + DEADLINE);
            }
        }
    }
}
