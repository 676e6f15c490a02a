package io.datasync.sync.connector.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.models.job.SourceSpec;
import io.datasync.models.job.SourceType;
import io.datasync.models.job.WriteMode;
import io.datasync.sync.connector.spi.ConnectionSpec;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.Guarantee;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.PositionUpdate;
import io.datasync.sync.connector.spi.RejectedRecord;
import io.datasync.sync.connector.spi.SourceContext;
import io.datasync.sync.connector.spi.StreamBatch;
import io.datasync.sync.connector.spi.StreamContext;
import io.datasync.sync.connector.spi.StreamReader;
import io.datasync.sync.connector.spi.StreamSource;
import io.datasync.sync.connector.spi.SyncErrorCode;
import io.datasync.sync.connector.spi.TestEgress;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Redis stream source against the local Redis 7 (127.0.0.1:6379): consumer groups, acknowledgement after the
 * commit, resuming with the own pending entries, taking over a dead consumer's entries, rejects, pub/sub. Every test
 * uses streams, groups and channels of its own and deletes them.
 */
class RedisStreamSourceIT {

    private static final String URI = "redis://127.0.0.1:6379";

    private final RedisConnector connector = new RedisConnector(TestEgress.LOOPBACK, Clock.systemUTC());
    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final String stream = "ds-it-" + tag;
    private final String jobId = "job-" + tag;
    /** What a sink committed: split id → position, compare-and-set like the PostgreSQL sink. */
    private final Map<String, Position> committed = new ConcurrentHashMap<>();

    private RedisClient admin;
    private StatefulRedisConnection<String, String> adminConnection;
    private RedisCommands<String, String> redis;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void connect() {
        admin = RedisClient.create(URI);
        adminConnection = admin.connect();
        redis = adminConnection.sync();
    }

    @AfterEach
    void clean() throws Exception {
        java.util.Collections.reverse(closing);
        for (AutoCloseable c : closing) {
            c.close();
        }
        redis.del(stream, stream + "-b");
        adminConnection.close();
        admin.shutdown();
        connector.closeAll();
    }

    @Test
    void readsEveryEntryOnceAndAcknowledgesItAfterTheCommit() {
        for (int i = 1; i <= 25; i++) {
            redis.xadd(stream, Map.of("id", String.valueOf(i), "name", "n" + i));
        }
        StreamSource source = source(Map.of(
                "streams", List.of(stream),
                "startId", "0",
                "columns", List.of(Map.of("name", "id", "type", "bigint"), Map.of("name", "name")),
                "key", List.of("id")));
        assertThat(source.schema().names()).containsExactly("_stream", "_id", "id", "name");
        assertThat(source.guarantee(WriteMode.UPSERT)).isEqualTo(Guarantee.ONCE_PER_KEY);
        assertThat(source.guarantee(WriteMode.INSERT)).isEqualTo(Guarantee.AT_LEAST_ONCE);
        StreamReader reader = reader(source, "m1", 10);

        List<Object[]> rows = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            reader.next().ifPresent(batch -> {
                assertThat(batch.records()).isLessThanOrEqualTo(10);
                commit(batch);
                reader.committed(batch);
                rows.addAll(batch.chunk().rows());
            });
            return rows.size() >= 25;
        });

        assertThat(rows).extracting(r -> r[2]).containsExactlyElementsOf(range(1, 25));
        assertThat(rows).allSatisfy(r -> assertThat(r[0]).isEqualTo(stream));
        assertThat(reader.next()).isEmpty();
        assertThat(redis.xpending(stream, group()).getCount())
                .as("all acknowledged")
                .isZero();
        String last = redis.xrevrange(stream, io.lettuce.core.Range.create("-", "+"), io.lettuce.core.Limit.from(1))
                .get(0)
                .getId();
        assertThat(committed).containsEntry("redis/" + stream + "/m1", new Position(Map.of("id", last)));
    }

    @Test
    void aNewReaderResumesWithItsPendingEntriesAndLosesNothing() {
        for (int i = 1; i <= 30; i++) {
            redis.xadd(stream, Map.of("id", String.valueOf(i)));
        }
        StreamSource source = source(Map.of(
                "streams",
                List.of(stream),
                "startId",
                "0",
                "columns",
                List.of(Map.of("name", "id", "type", "bigint"))));
        List<Object> written = new ArrayList<>();

        StreamReader first = source.subscribe(context("m1", 10));
        StreamBatch one = await(first);
        commit(one);
        first.committed(one);
        written.addAll(ids(one));
        StreamBatch lost = await(first); // read, never committed: the instance dies here
        assertThat(ids(lost)).containsExactlyElementsOf(range(11, 20));
        first.close();

        StreamReader second = reader(source, "m1", 10);
        StreamBatch replay = await(second);
        assertThat(ids(replay)).as("its own pending entries first").containsExactlyElementsOf(range(11, 20));
        assertThat(replay.positions())
                .singleElement()
                .extracting(PositionUpdate::expected)
                .isEqualTo(committed.get("redis/" + stream + "/m1"));
        commit(replay);
        second.committed(replay);
        written.addAll(ids(replay));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            second.next().ifPresent(b -> {
                commit(b);
                second.committed(b);
                written.addAll(ids(b));
            });
            return written.size() >= 30;
        });
        assertThat(written).containsExactlyElementsOf(range(1, 30));
        assertThat(redis.xpending(stream, group()).getCount()).isZero();
    }

    @Test
    void aRewindAfterAFailedCommitReadsTheSameEntriesAgain() {
        for (int i = 1; i <= 5; i++) {
            redis.xadd(stream, Map.of("id", String.valueOf(i)));
        }
        StreamReader reader = reader(
                source(Map.of(
                        "streams",
                        List.of(stream),
                        "startId",
                        "0",
                        "columns",
                        List.of(Map.of("name", "id", "type", "bigint")))),
                "m1",
                10);
        StreamBatch failed = await(reader);
        reader.rewind();
        StreamBatch again = await(reader);
        assertThat(ids(again)).isEqualTo(ids(failed)).containsExactlyElementsOf(range(1, 5));
        assertThat(again.positions().get(0).expected()).isNull();
    }

    @Test
    void anotherConsumerTakesOverTheEntriesADeadConsumerLeftPending() {
        for (int i = 1; i <= 5; i++) {
            redis.xadd(stream, Map.of("id", String.valueOf(i)));
        }
        StreamSource source = source(Map.of(
                "streams",
                List.of(stream),
                "startId",
                "0",
                "claimIdle",
                "1s",
                "columns",
                List.of(Map.of("name", "id", "type", "bigint"))));
        StreamReader dead = source.subscribe(context("dead", 10));
        assertThat(ids(await(dead))).containsExactlyElementsOf(range(1, 5));
        dead.close(); // never committed, never comes back

        StreamReader alive = reader(source, "alive", 10);
        List<Object> taken = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            alive.next().ifPresent(b -> {
                commit(b);
                alive.committed(b);
                taken.addAll(ids(b));
            });
            return taken.size() >= 5;
        });
        assertThat(taken).containsExactlyElementsOf(range(1, 5));
        assertThat(redis.xpending(stream, group()).getCount()).isZero();
    }

    @Test
    void anEntryDeletedBeforeItWasTakenOverIsRejectedNotLost() {
        redis.xadd(stream, Map.of("id", "1"));
        String gone = redis.xadd(stream, Map.of("id", "2"));
        StreamSource source = source(Map.of(
                "streams",
                List.of(stream),
                "startId",
                "0",
                "claimIdle",
                "1s",
                "columns",
                List.of(Map.of("name", "id", "type", "bigint"))));
        StreamReader dead = source.subscribe(context("dead", 10));
        await(dead);
        dead.close();
        redis.xdel(stream, gone);

        StreamReader alive = reader(source, "alive", 10);
        List<Object> taken = new ArrayList<>();
        List<RejectedRecord> rejected = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            alive.next().ifPresent(b -> {
                commit(b);
                alive.committed(b);
                taken.addAll(ids(b));
                rejected.addAll(b.chunk().rejected());
            });
            return taken.size() + rejected.size() >= 2;
        });
        assertThat(taken).containsExactly(1L);
        assertThat(rejected).singleElement().satisfies(r -> {
            assertThat(r.locator()).isEqualTo("stream:" + stream + "/" + gone);
            assertThat(r.reason()).contains("deleted");
        });
        assertThat(redis.xpending(stream, group()).getCount()).isZero();
    }

    @Test
    void aBatchFromTwoStreamsMovesOnePositionPerStream() {
        String other = stream + "-b";
        redis.xadd(stream, Map.of("id", "1"));
        redis.xadd(other, Map.of("id", "2"));
        redis.xadd(other, Map.of("id", "3"));
        StreamReader reader = reader(
                source(Map.of(
                        "streams",
                        List.of(stream, other),
                        "startId",
                        "0",
                        "columns",
                        List.of(Map.of("name", "id", "type", "bigint")))),
                "m1",
                10);
        List<PositionUpdate> positions = new ArrayList<>();
        List<Object> read = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            reader.next().ifPresent(b -> {
                commit(b);
                reader.committed(b);
                positions.addAll(b.positions());
                read.addAll(ids(b));
            });
            return read.size() >= 3;
        });
        assertThat(read).containsExactlyInAnyOrder(1L, 2L, 3L);
        assertThat(positions)
                .extracting(PositionUpdate::splitId)
                .containsExactlyInAnyOrder("redis/" + stream + "/m1", "redis/" + other + "/m1");
        assertThat(positions)
                .filteredOn(p -> p.splitId().contains(other))
                .singleElement()
                .extracting(PositionUpdate::rows)
                .isEqualTo(2L);
    }

    @Test
    void anEntryThatDoesNotFitItsColumnIsRejectedWithTheEntryAndThePositionMovesOn() {
        redis.xadd(stream, Map.of("id", "1", "amount", "12"));
        String bad = redis.xadd(stream, Map.of("id", "2", "amount", "twelve"));
        StreamReader reader = reader(
                source(Map.of(
                        "streams",
                        List.of(stream),
                        "startId",
                        "0",
                        "columns",
                        List.of(Map.of("name", "id", "type", "bigint"), Map.of("name", "amount", "type", "bigint")))),
                "m1",
                10);
        StreamBatch batch = await(reader);
        assertThat(batch.chunk().rows()).hasSize(1);
        RejectedRecord reject = batch.chunk().rejected().get(0);
        assertThat(reject.locator()).isEqualTo("stream:" + stream + "/" + bad);
        assertThat(reject.reason()).contains("amount");
        assertThat(new String(reject.raw(), StandardCharsets.UTF_8))
                .contains("\"id\":\"" + bad + "\"")
                .contains("twelve");
        assertThat(batch.positions().get(0).next()).isEqualTo(new Position(Map.of("id", bad)));
        assertThat(batch.positions().get(0).rows()).isEqualTo(2);
        commit(batch);
        reader.committed(batch);
        assertThat(redis.xpending(stream, group()).getCount()).isZero();
    }

    @Test
    void aPendingEntryDeletedFromTheStreamIsRejectedAndAcknowledged() {
        String gone = redis.xadd(stream, Map.of("id", "1"));
        redis.xadd(stream, Map.of("id", "2"));
        StreamReader reader = reader(
                source(Map.of(
                        "streams",
                        List.of(stream),
                        "startId",
                        "0",
                        "columns",
                        List.of(Map.of("name", "id", "type", "bigint")))),
                "m1",
                10);
        await(reader);
        redis.xdel(stream, gone);
        reader.rewind();
        StreamBatch again = await(reader);
        assertThat(ids(again)).containsExactly(2L);
        assertThat(again.chunk().rejected())
                .singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("deleted"));
        commit(again);
        reader.committed(again);
        assertThat(redis.xpending(stream, group()).getCount()).isZero();
    }

    @Test
    void columnsAreInferredFromTheFirstEntriesOfEachStream() {
        redis.xadd(stream, Map.of("sku", "a"));
        redis.xadd(stream + "-b", Map.of("sku", "b", "Qty", "2"));
        StreamSource source = source(Map.of("streams", List.of(stream, stream + "-b"), "startId", "0"));
        assertThat(source.schema().names()).containsExactly("_stream", "_id", "sku", "Qty");
        StreamReader reader = reader(source, "m1", 10);
        List<Object[]> rows = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            reader.next().ifPresent(b -> rows.addAll(b.chunk().rows()));
            return rows.size() >= 2;
        });
        assertThat(rows).anySatisfy(r -> assertThat(r).containsExactly(stream + "-b", r[1], "b", "2"));
    }

    @Test
    void anEmptyStreamWithoutColumnsAsksForColumns() {
        assertThatThrownBy(() -> source(Map.of("streams", List.of(stream))))
                .isInstanceOf(ConnectorException.class)
                .hasMessageContaining("/source/options/columns")
                .hasMessageContaining("declare columns");
    }

    @Test
    void aStoppedReaderLeavesNothingPendingThatWasCommittedAndLagIsReported() {
        for (int i = 1; i <= 3; i++) {
            redis.xadd(stream, Map.of("id", String.valueOf(i)));
        }
        StreamReader reader = reader(
                source(Map.of(
                        "streams",
                        List.of(stream),
                        "startId",
                        "0",
                        "columns",
                        List.of(Map.of("name", "id", "type", "bigint")))),
                "m1",
                2);
        StreamBatch batch = await(reader);
        assertThat(batch.records()).isEqualTo(2);
        assertThat(reader.lag()).containsKey("redis/" + stream + "/m1");
        reader.pause();
        assertThat(reader.next()).as("paused").isEmpty();
        // entries added while paused show as lag, read while paused
        for (int i = 4; i <= 8; i++) {
            redis.xadd(stream, Map.of("id", String.valueOf(i)));
        }
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() -> reader.next().isEmpty() && reader.lag().get("redis/" + stream + "/m1") >= 6);
        reader.resume();
    }

    @Test
    void pubSubReceivesPublishedMessagesAtMostOnce() {
        String channel = "ds-it-ch-" + tag;
        StreamSource source = source(Map.of(
                "mode",
                "pubsub",
                "channels",
                List.of(channel),
                "columns",
                List.of(Map.of("name", "id", "type", "bigint"))));
        assertThat(source.guarantee(WriteMode.UPSERT)).isEqualTo(Guarantee.AT_MOST_ONCE);
        assertThat(source.schema().names()).containsExactly("_channel", "id");
        StreamReader reader = reader(source, "m1", 10);
        redis.publish(channel, "{\"id\": 1}");
        redis.publish(channel, "not json");
        List<Object[]> rows = new ArrayList<>();
        List<RejectedRecord> rejected = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            reader.next().ifPresent(b -> {
                assertThat(b.positions()).isEmpty();
                rows.addAll(b.chunk().rows());
                rejected.addAll(b.chunk().rejected());
            });
            return rows.size() + rejected.size() >= 2;
        });
        assertThat(rows).singleElement().satisfies(r -> assertThat(r).containsExactly(channel, 1L));
        assertThat(new String(rejected.get(0).raw(), StandardCharsets.UTF_8)).isEqualTo("not json");
    }

    @Test
    void pubSubWithoutColumnsKeepsThePayloadAsText() {
        String channel = "ds-it-ch-" + tag;
        StreamReader reader = reader(source(Map.of("mode", "pubsub", "patterns", List.of(channel + ".*"))), "m1", 10);
        redis.publish(channel + ".x", "hello");
        List<Object[]> rows = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            reader.next().ifPresent(b -> rows.addAll(b.chunk().rows()));
            return !rows.isEmpty();
        });
        assertThat(rows.get(0)).containsExactly(channel + ".x", "hello");
    }

    @Test
    void pubSubDropsTheOldestMessagesWhenTheWriterFallsBehindAndSaysSoInARejectedRecord() {
        String channel = "ds-it-ch-" + tag;
        StreamReader reader = reader(source(Map.of("mode", "pubsub", "channels", List.of(channel))), "m1", 10);
        int sent = RedisPubSubReader.MIN_QUEUE + 50;
        for (int i = 1; i <= sent; i++) {
            adminConnection.async().publish(channel, String.valueOf(i));
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ((RedisPubSubReader) reader).dropped() >= 50);
        StreamBatch batch = await(reader);
        assertThat(batch.chunk().rejected())
                .first()
                .satisfies(r -> assertThat(r.reason()).startsWith("50 message(s) were dropped"));
        assertThat(batch.chunk().rows().get(0)[1]).as("the oldest went").isEqualTo("51");
    }

    @Test
    void anUnreachableServerIsRetriable() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        StreamSource source = (StreamSource) connector.source(new SourceContext(
                ConnectionSpec.unsaved("redis", Map.of("uri", "redis://127.0.0.1:" + port)),
                spec(Map.of("mode", "pubsub", "channels", List.of("x"))),
                Map.of()));
        closing.add(source);
        assertThatThrownBy(() -> source.subscribe(context("m1", 10)))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(SyncErrorCode.REDIS_UNREACHABLE);
                    assertThat(e.retriable()).isTrue();
                });
    }

    @Test
    void aRewindAfterThePositionMovedResumesFromTheStoredOne() {
        for (int i = 1; i <= 3; i++) {
            redis.xadd(stream, Map.of("id", String.valueOf(i)));
        }
        StreamReader reader = reader(
                source(Map.of(
                        "streams",
                        List.of(stream),
                        "startId",
                        "0",
                        "columns",
                        List.of(Map.of("name", "id", "type", "bigint")))),
                "m1",
                10);
        await(reader);
        // another reader under the same member name committed meanwhile: this commit fails with POSITION_MOVED
        Position moved = new Position(Map.of("id", "0-1"));
        committed.put("redis/" + stream + "/m1", moved);
        reader.rewind();
        StreamBatch again = await(reader);
        assertThat(again.positions().get(0).expected()).isEqualTo(moved);
        assertThat(ids(again)).containsExactlyElementsOf(range(1, 3));
    }

    /**
     * Keyspace events need the server's {@code notify-keyspace-events}, which datasync never sets and this test does not
     * set on the shared Redis either: it starts a Redis of its own (the local {@code redis-server}) with them on.
     */
    @Test
    void keyspaceEventsArriveWithTheirKeyWhenTheServerNotifiesThem() throws Exception {
        java.nio.file.Path server = java.nio.file.Path.of("/usr/bin/redis-server");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                java.nio.file.Files.isExecutable(server), "no local redis-server to start with keyspace events on");
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Process own = new ProcessBuilder(
                        server.toString(),
                        "--port",
                        String.valueOf(port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--notify-keyspace-events",
                        "KA")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        String uri = "redis://127.0.0.1:" + port + "/2";
        try (RedisClient client = RedisClient.create(uri)) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
                try (StatefulRedisConnection<String, String> c = client.connect()) {
                    return "PONG".equals(c.sync().ping());
                }
            });
            StreamSource source = (StreamSource) connector.source(new SourceContext(
                    ConnectionSpec.unsaved("redis", Map.of("uri", uri)),
                    spec(Map.of("mode", "keyspace", "patterns", List.of("user:*"))),
                    Map.of()));
            closing.add(source);
            assertThat(source.schema().names()).containsExactly("_channel", "_key", "_event");
            StreamReader reader = reader(source, "m1", 10);
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                c.sync().set("user:1", "v");
                c.sync().set("other:1", "v");
            }
            List<Object[]> rows = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
                reader.next().ifPresent(b -> {
                    assertThat(b.positions()).isEmpty();
                    rows.addAll(b.chunk().rows());
                });
                return !rows.isEmpty();
            });
            assertThat(rows)
                    .singleElement()
                    .satisfies(r -> assertThat(r).containsExactly("__keyspace@2__:user:1", "user:1", "set"));
        } finally {
            java.util.Collections.reverse(closing);
            for (AutoCloseable c : closing) {
                c.close();
            }
            closing.clear();
            own.destroy();
            own.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void theEgressPolicyIsCheckedBeforeAReaderConnects() {
        RedisConnector strict = new RedisConnector(
                new io.datasync.kit.egress.EgressGuard(new io.datasync.models.egress.EgressPolicy(
                        List.of("/"),
                        io.datasync.models.egress.NetworkPolicy.DEFAULT,
                        io.datasync.models.egress.JdbcPolicy.DEFAULT)),
                Clock.systemUTC());
        try {
            assertThatThrownBy(() -> strict.source(new SourceContext(
                            ConnectionSpec.unsaved("redis", Map.of("uri", URI)),
                            spec(Map.of("streams", List.of(stream))),
                            Map.of())))
                    .isInstanceOfSatisfying(
                            ConnectorException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(SyncErrorCode.EGRESS_REFUSED));
        } finally {
            strict.closeAll();
        }
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private String group() {
        return "datasync-" + jobId;
    }

    private StreamSource source(Map<String, Object> options) {
        StreamSource source = (StreamSource) connector.source(
                new SourceContext(ConnectionSpec.unsaved("redis", Map.of("uri", URI)), spec(options), Map.of()));
        closing.add(source);
        return source;
    }

    private static SourceSpec spec(Map<String, Object> options) {
        return new SourceSpec(SourceType.REDIS, "cache", null, null, null, null, options);
    }

    private StreamReader reader(StreamSource source, String member, int maxRows) {
        StreamReader reader = source.subscribe(context(member, maxRows));
        closing.add(reader);
        return reader;
    }

    private StreamContext context(String member, int maxRows) {
        return new StreamContext(
                jobId + "/stream",
                jobId,
                member,
                splits -> {
                    Map<String, Position> found = new HashMap<>();
                    splits.forEach(s -> {
                        if (committed.containsKey(s)) {
                            found.put(s, committed.get(s));
                        }
                    });
                    return found;
                },
                maxRows,
                Duration.ofMillis(200));
    }

    /** The sink's compare-and-set of the batch's positions. */
    private void commit(StreamBatch batch) {
        for (PositionUpdate p : batch.positions()) {
            assertThat(committed.get(p.splitId())).as("expected position").isEqualTo(p.expected());
            committed.put(p.splitId(), p.next());
        }
    }

    private static StreamBatch await(StreamReader reader) {
        StreamBatch[] got = new StreamBatch[1];
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            Optional<StreamBatch> b = reader.next();
            b.ifPresent(x -> got[0] = x);
            return b.isPresent();
        });
        return got[0];
    }

    private static List<Object> ids(StreamBatch batch) {
        return batch.chunk().rows().stream().map(r -> r[2]).toList();
    }

    private static List<Object> range(long from, long to) {
        List<Object> ids = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            ids.add(i);
        }
        return ids;
    }
}
