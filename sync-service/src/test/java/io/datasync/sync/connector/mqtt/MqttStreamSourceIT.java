package io.datasync.sync.connector.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.models.job.SourceSpec;
import io.datasync.models.job.SourceType;
import io.datasync.models.job.WriteMode;
import io.datasync.sync.connector.spi.ConnectionSpec;
import io.datasync.sync.connector.spi.Guarantee;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.PositionUpdate;
import io.datasync.sync.connector.spi.RejectedRecord;
import io.datasync.sync.connector.spi.SourceContext;
import io.datasync.sync.connector.spi.StreamBatch;
import io.datasync.sync.connector.spi.StreamContext;
import io.datasync.sync.connector.spi.StreamReader;
import io.datasync.sync.connector.spi.StreamSource;
import io.datasync.sync.connector.spi.TestEgress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MQTT source against the local Mosquitto 2 (127.0.0.1:1883, MQTT 5): acknowledgement after the commit,
 * redelivery after a rewind, the persistent session, shared subscriptions. Every test uses a topic, a shared group and
 * client ids of its own, and ends the sessions it made.
 */
class MqttStreamSourceIT {

    private static final String URI = "tcp://127.0.0.1:1883";

    @TempDir
    Path dataDir;

    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final String jobId = "job" + tag;
    private final String topic = "ds-it/" + tag + "/readings";
    private final Map<String, Position> committed = new ConcurrentHashMap<>();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final Set<String> members = new LinkedHashSet<>();
    private MqttConnector connector;
    private MqttClient publisher;

    @BeforeEach
    void connect() throws Exception {
        connector = new MqttConnector(TestEgress.LOOPBACK, null, dataDir);
        publisher = new MqttClient(URI, "ds-it-pub-" + tag, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        publisher.connect(o);
    }

    @AfterEach
    void clean() throws Exception {
        Collections.reverse(closing);
        for (AutoCloseable c : closing) {
            c.close();
        }
        publisher.disconnect();
        publisher.close();
        for (String member : members) { // end the sessions this test left on the broker
            MqttClient c = new MqttClient(URI, MqttStreamReader.clientId(jobId, member), new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            o.setSessionExpiryInterval(0L);
            c.connect(o);
            c.disconnect();
            c.close();
        }
    }

    @Test
    void readsEveryMessageOnceWithItsTopicQosAndUserProperties() throws Exception {
        StreamSource source = source(Map.of());
        assertThat(source.schema().names())
                .containsExactly("id", "name", "_topic", "_qos", "_retained", "_received_at", "_props");
        assertThat(source.guarantee(WriteMode.UPSERT)).isEqualTo(Guarantee.ONCE_PER_KEY);
        assertThat(source.guarantee(WriteMode.INSERT)).isEqualTo(Guarantee.AT_LEAST_ONCE);
        StreamReader reader = reader(source, "m1", 10);
        for (int i = 1; i <= 25; i++) {
            publish(i);
        }
        List<Object[]> rows = drain(reader, 25);
        assertThat(rows).extracting(r -> r[0]).containsExactlyElementsOf(range(1, 25));
        Object[] first = rows.get(0);
        assertThat(first[1]).isEqualTo("n1");
        assertThat(first[2]).isEqualTo(topic);
        assertThat(first[3]).isEqualTo(1);
        assertThat(first[4]).isEqualTo(false);
        assertThat(first[5]).isInstanceOf(OffsetDateTime.class);
        assertThat(first[6]).isEqualTo("{\"source\":\"it\"}");
        assertThat(committed).containsEntry("mqtt/m1", new Position(Map.of("messages", 25L)));
        assertThat(reader.next()).as("nothing twice").isEmpty();
    }

    @Test
    void unacknowledgedMessagesComeAgainAfterARewind() throws Exception {
        StreamReader reader = reader(source(Map.of()), "m1", 10);
        for (int i = 1; i <= 5; i++) {
            publish(i);
        }
        List<Object[]> failed = collect(reader, 5, false);
        assertThat(failed).extracting(r -> r[0]).containsExactlyElementsOf(range(1, 5));
        reader.rewind(); // the commit failed

        List<Object[]> again = drain(reader, 5);
        assertThat(again).extracting(r -> r[0]).containsExactlyInAnyOrderElementsOf(range(1, 5));
        reader.rewind(); // all acknowledged now: nothing comes again
        assertThat(reader.next()).isEmpty();
    }

    @Test
    void messagesPublishedWhileTheReaderIsAwayArriveWhenItComesBack() throws Exception {
        StreamSource source = source(Map.of());
        StreamReader first = source.subscribe(context("m1", 10));
        publish(1);
        drain(first, 1);
        first.close(); // the instance stops; its session stays on the broker

        for (int i = 2; i <= 6; i++) {
            publish(i);
        }
        StreamReader back = reader(source, "m1", 10);
        List<Object[]> rows = drain(back, 5);
        assertThat(rows).extracting(r -> r[0]).containsExactlyElementsOf(range(2, 6));
    }

    @Test
    void twoReadersInOneSharedGroupSplitTheMessages() throws Exception {
        StreamSource source = source(Map.of());
        StreamReader a = reader(source, "m1", 10);
        StreamReader b = reader(source, "m2", 10);
        for (int i = 1; i <= 40; i++) {
            publish(i);
        }
        List<Object> fromA = new ArrayList<>();
        List<Object> fromB = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            take(a).forEach(r -> fromA.add(r[0]));
            take(b).forEach(r -> fromB.add(r[0]));
            return fromA.size() + fromB.size() >= 40;
        });
        assertThat(fromA).isNotEmpty();
        assertThat(fromB).isNotEmpty();
        List<Object> all = new ArrayList<>(fromA);
        all.addAll(fromB);
        assertThat(all).containsExactlyInAnyOrderElementsOf(range(1, 40));
    }

    /**
     * A member that leaves for good (scaled down) unsubscribes: what is published after it left goes to the member that
     * stays, instead of half of it waiting in the departed member's session.
     */
    @Test
    void aReaderThatLeavesStopsTakingItsShareOfTheGroup() throws Exception {
        StreamSource source = source(Map.of());
        StreamReader a = reader(source, "m1", 10);
        StreamReader b = reader(source, "m2", 10);
        publish(1);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !take(a).isEmpty() || !take(b).isEmpty());
        b.leave();
        b.close();
        for (int i = 2; i <= 21; i++) {
            publish(i);
        }
        List<Object> fromA = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            take(a).forEach(r -> fromA.add(r[0]));
            return fromA.size() >= 20;
        });
        assertThat(fromA).containsExactlyInAnyOrderElementsOf(range(2, 21));
    }

    @Test
    void aPayloadThatIsNotARecordIsRejectedWithItsBytes() throws Exception {
        StreamReader reader = reader(source(Map.of()), "m1", 10);
        publisher.publish(topic, "not json".getBytes(StandardCharsets.UTF_8), 1, false);
        publish(2);
        List<RejectedRecord> rejected = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            reader.next().ifPresent(batch -> {
                rejected.addAll(batch.chunk().rejected());
                rows.addAll(batch.chunk().rows());
                commit(batch);
                reader.committed(batch);
            });
            return rows.size() + rejected.size() >= 2;
        });
        assertThat(rows).extracting(r -> r[0]).containsExactly(2L);
        assertThat(rejected).singleElement().satisfies(r -> {
            assertThat(r.locator()).startsWith("mqtt:" + topic);
            assertThat(r.reason()).contains("not valid JSON");
            assertThat(new String(r.raw(), StandardCharsets.UTF_8)).isEqualTo("not json");
        });
        assertThat(committed).containsEntry("mqtt/m1", new Position(Map.of("messages", 2L)));
    }

    @Test
    void aPausedReaderKeepsItsSessionAndReadsOnAfterResume() throws Exception {
        StreamReader reader = reader(source(Map.of()), "m1", 10);
        reader.pause();
        publish(1);
        assertThat(reader.next()).as("paused").isEmpty();
        reader.resume();
        assertThat(drain(reader, 1)).extracting(r -> r[0]).containsExactly(1L);
    }

    @Test
    void theEgressPolicyIsCheckedBeforeAReaderConnects() {
        MqttConnector strict = new MqttConnector(
                new io.datasync.kit.egress.EgressGuard(new io.datasync.models.egress.EgressPolicy(
                        List.of("/"),
                        io.datasync.models.egress.NetworkPolicy.DEFAULT,
                        io.datasync.models.egress.JdbcPolicy.DEFAULT)),
                null,
                dataDir);
        StreamSource source = (StreamSource) strict.source(new SourceContext(
                ConnectionSpec.unsaved("mqtt", Map.of("uri", URI)),
                new SourceSpec(
                        SourceType.MQTT,
                        "broker",
                        null,
                        null,
                        null,
                        null,
                        Map.of("topics", List.of(topic), "columns", List.of(Map.of("name", "id")))),
                Map.of()));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> source.subscribe(context("m1", 10)))
                .isInstanceOfSatisfying(
                        io.datasync.sync.connector.spi.ConnectorException.class,
                        e -> assertThat(e.errorCode())
                                .isEqualTo(io.datasync.sync.connector.spi.SyncErrorCode.EGRESS_REFUSED));
        members.remove("m1"); // it never connected: no session to end
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private void publish(int id) throws Exception {
        MqttMessage m =
                new MqttMessage(("{\"id\": " + id + ", \"name\": \"n" + id + "\"}").getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        MqttProperties p = new MqttProperties();
        p.setUserProperties(List.of(new UserProperty("source", "it")));
        m.setProperties(p);
        publisher.publish(topic, m);
    }

    private StreamSource source(Map<String, Object> more) {
        Map<String, Object> options = new HashMap<>(Map.of(
                "topics",
                List.of(topic),
                "sessionExpiry",
                "120s",
                "columns",
                List.of(Map.of("name", "id", "type", "bigint"), Map.of("name", "name")),
                "key",
                List.of("id")));
        options.putAll(more);
        StreamSource source = (StreamSource) connector.source(new SourceContext(
                ConnectionSpec.unsaved("mqtt", Map.of("uri", URI)),
                new SourceSpec(SourceType.MQTT, "broker", null, null, null, null, options),
                Map.of()));
        closing.add(source);
        return source;
    }

    private StreamReader reader(StreamSource source, String member, int maxRows) {
        StreamReader reader = source.subscribe(context(member, maxRows));
        closing.add(reader);
        return reader;
    }

    private StreamContext context(String member, int maxRows) {
        members.add(member);
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

    private void commit(StreamBatch batch) {
        for (PositionUpdate p : batch.positions()) {
            assertThat(committed.get(p.splitId())).as("expected position").isEqualTo(p.expected());
            committed.put(p.splitId(), p.next());
        }
    }

    /** One batch's rows, committed and acknowledged; none when nothing arrived. */
    private List<Object[]> take(StreamReader reader) {
        Optional<StreamBatch> batch = reader.next();
        if (batch.isEmpty()) {
            return List.of();
        }
        commit(batch.get());
        reader.committed(batch.get());
        return batch.get().chunk().rows();
    }

    private List<Object[]> drain(StreamReader reader, int n) {
        return collect(reader, n, true);
    }

    private List<Object[]> collect(StreamReader reader, int n, boolean commit) {
        List<Object[]> rows = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> {
            if (commit) {
                rows.addAll(take(reader));
            } else {
                reader.next().ifPresent(b -> rows.addAll(b.chunk().rows()));
            }
            return rows.size() >= n;
        });
        return rows;
    }

    private static List<Object> range(long from, long to) {
        List<Object> ids = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            ids.add(i);
        }
        return ids;
    }
}
