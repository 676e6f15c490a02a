package io.datasync.sync.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.kit.test.ServiceTestSupport;
import io.datasync.models.job.TargetSpec;
import io.datasync.models.job.TargetType;
import io.datasync.models.job.WriteMode;
import io.datasync.sync.connector.checkpoints.ServiceCheckpoints;
import io.datasync.sync.connector.kafka.KafkaConnector;
import io.datasync.sync.connector.mqtt.MqttConnector;
import io.datasync.sync.connector.spi.Checkpoint;
import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.ConnectionSpec;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.PositionUpdate;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.connector.spi.Sink;
import io.datasync.sync.connector.spi.SinkContext;
import io.datasync.sync.connector.spi.SyncErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The Kafka and MQTT sinks through their connector units, against the in-JVM Kafka broker and the local Mosquitto:
 * every row arrives as a JSON object (keyed by the job's keys on Kafka, on the topic its template makes on MQTT) before
 * the checkpoint or the stream positions are stored, and positions move only from the one a writer expects.
 */
class MessageSinksIT extends ServiceTestSupport {

    private static final Schema SCHEMA = new Schema(
            List.of(Column.of("device_id", DataType.BIGINT), Column.of("temp", DataType.DECIMAL)),
            List.of("device_id"));

    @Autowired
    KafkaConnector kafka;

    @Autowired
    MqttConnector mqtt;

    @Autowired
    ServiceCheckpoints checkpoints;

    @Autowired
    org.springframework.boot.kafka.autoconfigure.KafkaProperties kafkaProperties;

    private final String id = UUID.randomUUID().toString().substring(0, 8);

    private static Chunk chunk(int from, int count) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            rows.add(new Object[] {(long) (i % 3), new java.math.BigDecimal(i + ".5")});
        }
        return new Chunk(SCHEMA, rows, Position.START, 100);
    }

    @Test
    void kafkaRowsAreKeyedJsonAndTheCheckpointFollowsTheAcknowledgement() throws Exception {
        String topic = "sink-" + id;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", brokers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        String job = "job-" + id + "/task";
        Sink sink = kafka.sink(new SinkContext(
                ConnectionSpec.unsaved("kafka", Map.of("bootstrapServers", brokers())),
                new TargetSpec(TargetType.KAFKA, "out", topic, WriteMode.UPSERT, List.of("device_id"), false, null),
                job,
                1));
        try (sink) {
            sink.prepare(SCHEMA);
            sink.write(chunk(0, 30), new Checkpoint(job, "s1", new Position(Map.of("lastKey", 30L)), 30));
            assertThat(sink.checkpoint(job, "s1"))
                    .hasValueSatisfying(c -> assertThat(c.rowsWritten()).isEqualTo(30));

            Position at = new Position(Map.of("offset", 10L));
            sink.write(chunk(30, 5), List.of(new PositionUpdate("kafka/in/0", null, at, 5)));
            assertThatThrownBy(() -> sink.write(chunk(35, 1), List.of(new PositionUpdate("kafka/in/0", null, at, 1))))
                    .isInstanceOfSatisfying(
                            ConnectorException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(SyncErrorCode.POSITION_MOVED));
            assertThat(sink.positions(job, List.of("kafka/in/0"))).isEqualTo(Map.of("kafka/in/0", at));
        }

        List<ConsumerRecord<String, String>> records = consume(topic, 36);
        assertThat(records)
                .as("every row, the refused batch's too (Kafka has no rollback: at least once)")
                .hasSize(36);
        assertThat(records)
                .allSatisfy(r -> assertThat(r.value())
                        .isEqualTo("{\"device_id\":" + r.key() + ",\"temp\":"
                                + r.value().replaceAll(".*\"temp\":", "")));
        assertThat(records.get(0).value()).isEqualTo("{\"device_id\":0,\"temp\":0.5}");
        for (String key : List.of("0", "1", "2")) {
            assertThat(records.stream()
                            .filter(r -> r.key().equals(key))
                            .map(ConsumerRecord::partition)
                            .distinct())
                    .as("one key, one partition")
                    .hasSize(1);
        }
    }

    @Test
    void mqttRowsArePublishedToTheirTemplatesTopicBeforeTheCheckpoint() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        org.eclipse.paho.mqttv5.client.MqttAsyncClient subscriber = new org.eclipse.paho.mqttv5.client.MqttAsyncClient(
                "tcp://127.0.0.1:1883", "it-sub-" + id, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        subscriber.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
            @Override
            public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage message) {
                received.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8));
            }

            @Override
            public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse response) {}

            @Override
            public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException exception) {}

            @Override
            public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken token) {}

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {}

            @Override
            public void authPacketArrived(int reasonCode, org.eclipse.paho.mqttv5.common.packet.MqttProperties p) {}
        });
        subscriber.connect(options).waitForCompletion(10_000);
        // (the blocking MqttClient.subscribe recurses forever in Paho 1.2.5; the asynchronous client's works)
        subscriber
                .subscribe(new org.eclipse.paho.mqttv5.common.MqttSubscription("sink-" + id + "/#", 1))
                .waitForCompletion(10_000);
        String job = "job-" + id + "/task";
        Sink sink = mqtt.sink(new SinkContext(
                ConnectionSpec.unsaved("mqtt", Map.of("uri", "tcp://127.0.0.1:1883")),
                new TargetSpec(
                        TargetType.MQTT,
                        "out",
                        "sink-" + id + "/devices/{device_id}/temp",
                        WriteMode.INSERT,
                        List.of(),
                        false,
                        Map.of("qos", 2)),
                job,
                1));
        try (sink) {
            sink.prepare(SCHEMA);
            sink.write(chunk(0, 300), new Checkpoint(job, "s1", new Position(Map.of("lastKey", 300L)), 300));
            assertThat(checkpoints.read(job, "s1")).isPresent();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (received.size() < 300 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        subscriber.disconnect().waitForCompletion(5_000);
        subscriber.close();
        assertThat(received).hasSize(300);
        assertThat(received).contains("sink-" + id + "/devices/1/temp {\"device_id\":1,\"temp\":1.5}");
    }

    @Test
    void aTemplateNamingAColumnTheRowsLackIsRefusedBeforeAnythingIsPublished() {
        Sink sink = mqtt.sink(new SinkContext(
                ConnectionSpec.unsaved("mqtt", Map.of("uri", "tcp://127.0.0.1:1883")),
                new TargetSpec(TargetType.MQTT, "out", "x/{sensor}", WriteMode.INSERT, List.of(), false, null),
                "job-" + id + "/task",
                1));
        try (sink) {
            assertThatThrownBy(() -> sink.prepare(SCHEMA)).isInstanceOfSatisfying(ConnectorException.class, e -> {
                assertThat(e.errorCode()).isEqualTo(SyncErrorCode.INVALID_OPTIONS);
                assertThat(e.getMessage()).contains("names column sensor");
            });
        }
    }

    private List<ConsumerRecord<String, String>> consume(String topic, int expected) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers()),
                new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            records.sort(java.util.Comparator.comparing((ConsumerRecord<String, String> r) -> r.value()));
            return records;
        }
    }

    /** This context's broker (its own settings, not a system property another test's broker may have set since). */
    private String brokers() {
        return String.join(",", kafkaProperties.getBootstrapServers());
    }
}
