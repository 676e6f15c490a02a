package io.datasync.system.suite;

import static io.datasync.system.suite.StreamFixtures.*;
import static io.datasync.system.suite.Suite.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two sync-service instances of the running suite: the suite's own and a replica ({@code ./datasync replica up}) on the
 * same databases and brokers.
 *
 * <ul>
 *   <li>A Kafka job and an MQTT job are read by both: the replica joins each stream run as a member (the job's consumer
 *       group, its shared subscription), and the run's view lists both readers with rows read by each.
 *   <li>The owner of a Kafka job (insert, no key: a doubled record would be a second row) is frozen with SIGSTOP while
 *       messages keep coming: the replica takes the run over after its lease, the frozen consumer's partitions move to
 *       it, and when the owner runs again (SIGCONT) it writes nothing it no longer owns (its lease lapsed, its fence and
 *       positions moved) and joins as a member. Every record is in the target once.
 *   <li>The same for a batch run (JDBC into an insert-only table): frozen mid-way, taken over, resumed; every row once.
 * </ul>
 */
@ExtendWith(Suite.Started.class)
class ReplicasSystemIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static EmbeddedKafkaKraftBroker kafka;

    private static final List<String> RUNS = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void startTheReplica() throws Exception {
        kafka = userKafka();
        assertThat(datasync("replica up", Duration.ofMinutes(3)))
                .as("./datasync replica up; see " + RUN_DIR.resolve("replica-up.log"))
                .isZero();
    }

    @AfterAll
    static void stopTheReplica() throws Exception {
        try {
            signal("CONT", pid("sync-service")); // never leave the suite frozen, whatever failed
            stopLive(RUNS);
        } finally {
            datasync("replica down", Duration.ofMinutes(2));
            if (kafka != null) {
                kafka.destroy();
            }
        }
    }

    @Test
    void aKafkaJobIsSharedByTwoInstancesAndKeepsEveryRecordOnceWhenItsOwnerIsFrozen() throws Exception {
        int messages = 60_000;
        String db = "datasync_replicas_kafka";
        freshDatabases(db);
        jdbcConnections(db);
        String topic = "replicas-" + SUFFIX;
        kafka.addTopics(new NewTopic(topic, 4, (short) 1));
        String connection =
                connection("kafka-replicas", "kafka", "{\"bootstrapServers\":\"" + kafka.getBrokersAsString() + "\"}");
        String jobId = createJob("""
                name: kafka-replicas-%s
                source: { type: kafka, connection: %s, options: { topics: [%s], columns: %s, key: [id] } }
                target: { type: jdbc, connection: %s-%s, table: public.events, writeMode: insert, createTable: true }
                batch: { maxRows: 500, maxDelay: 100ms }
                """.formatted(SUFFIX, connection, topic, COLUMNS, db, SUFFIX));

        try (KafkaProducer<String, String> producer = producer(kafka)) {
            String runId = startStream(jobId);
            // a steady 1,000 records/s for a minute, so that both instances have records to read all along
            CompletableFuture<Void> produced = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < messages; i++) {
                    producer.send(new ProducerRecord<>(topic, "k" + i, json(i)));
                    if (i % 100 == 99) {
                        producer.flush();
                        sleep(100);
                    }
                }
                producer.flush();
            });
            awaitBothReaders(runId);

            long owner = pid("sync-service");
            String replica =
                    single("datasync_sync", "SELECT owner FROM sync_run_member WHERE run_id = '" + runId + "'");
            signal("STOP", owner);
            long frozenAt = System.nanoTime();
            long atFreeze;
            try {
                atFreeze = rows(db);
                // the replica takes the run over once the frozen owner's lease ran out, and reads its partitions too
                // once the broker dropped the frozen consumer; nothing here goes through the frozen instance
                await().atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> replica.equals(
                                single("datasync_sync", "SELECT owner FROM sync_run WHERE id = '" + runId + "'")));
                long takenOver = System.nanoTime();
                // the frozen consumer's partitions move once its session timed out (45 s); on a loaded machine the
                // replica may then need a while to catch up with a minute of records
                try {
                    await().atMost(Duration.ofMinutes(3))
                            .pollInterval(Duration.ofMillis(500))
                            .until(() -> produced.isDone() && rows(db) >= messages);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError(
                            "not every record arrived after the takeover: produced " + produced.isDone() + ", "
                                    + rows(db) + " of " + messages + " rows in the target; readers " + readers(runId)
                                    + "; run " + runField(runId, "state"),
                            e);
                }
                System.out.printf(
                        "ReplicasSystemIT kafka: owner frozen at %d rows; run taken over after %.1f s, all %d rows"
                                + " %.1f s after the freeze%n",
                        atFreeze, (takenOver - frozenAt) / 1e9, messages, (System.nanoTime() - frozenAt) / 1e9);
            } finally {
                signal("CONT", owner);
            }
            produced.get(1, TimeUnit.MINUTES);
            assertThat(atFreeze).as("frozen mid-way").isBetween(1L, messages - 1L);
            // the thawed owner writes nothing it lost, and joins the run as a member: an instance joins a run only once
            // its own execution of it has ended, so any late write of the thawed owner has landed (or failed) by then
            await().atMost(Duration.ofMinutes(1))
                    .untilAsserted(() -> assertThat(readers(runId))
                            .anySatisfy(r ->
                                    assertThat(r.get("runOwner").asBoolean()).isFalse()));
            assertThat(single(db, "SELECT count(*) || '/' || count(DISTINCT id) FROM events"))
                    .isEqualTo(messages + "/" + messages);
            assertThat(runField(runId, "state")).isEqualTo("RUNNING");
            stop(runId);
        }
        sql("postgres", "DROP DATABASE " + db + " WITH (FORCE)");
    }

    @Test
    void anMqttJobIsSharedByTwoInstances() throws Exception {
        int messages = 20_000;
        String db = "datasync_replicas_mqtt";
        freshDatabases(db);
        jdbcConnections(db);
        String topic = "replicas/" + SUFFIX + "/events";
        String connection = connection("mqtt-replicas", "mqtt", "{\"uri\":\"tcp://127.0.0.1:1883\"}");
        String jobId = createJob("""
                name: mqtt-replicas-%s
                source: { type: mqtt, connection: %s, options: { topics: [%s], qos: 1, columns: %s, key: [id] } }
                target: { type: jdbc, connection: %s-%s, table: public.events, writeMode: upsert, keys: [id], createTable: true }
                batch: { maxRows: 500, maxDelay: 100ms }
                """.formatted(SUFFIX, connection, topic, COLUMNS, db, SUFFIX));

        MqttAsyncClient client =
                new MqttAsyncClient("tcp://127.0.0.1:1883", "replicas-pub-" + SUFFIX, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        client.connect(options).waitForCompletion(30_000);
        try {
            StreamingSystemIT.Publisher publisher = new StreamingSystemIT.Publisher(client, topic);
            String runId = startStream(jobId);
            await().atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        publisher.send(0);
                        return rows(db) > 0;
                    });
            // both members' sessions are in the shared subscription before most messages are sent
            await().atMost(Duration.ofMinutes(1)).until(() -> readers(runId).size() == 2);
            for (int i = 1; i < messages; i++) {
                if (i % 100 == 0) {
                    long next = i;
                    await().atMost(Duration.ofMinutes(2))
                            .pollInterval(Duration.ofMillis(20))
                            .until(() -> next - rows(db) < StreamingSystemIT.MQTT_WINDOW);
                }
                publisher.send(i);
            }
            publisher.drain();
            await().atMost(Duration.ofMinutes(2)).until(() -> rows(db) >= messages);
            awaitBothReaders(runId);
            assertThat(single(db, "SELECT count(*) || '/' || count(DISTINCT id) FROM events"))
                    .isEqualTo(messages + "/" + messages);
            stop(runId);
        } finally {
            client.disconnect().waitForCompletion(10_000);
            client.close();
        }
        sql("postgres", "DROP DATABASE " + db + " WITH (FORCE)");
    }

    @Test
    void aBatchRunWhoseOwnerIsFrozenIsTakenOverAndWritesEveryRowOnce() throws Exception {
        int total = 200_000;
        String src = "datasync_replicas_src";
        String dw = "datasync_replicas_dw";
        freshDatabases(src, dw);
        sql(
                src,
                "CREATE TABLE events (id BIGINT PRIMARY KEY, kind TEXT)",
                "INSERT INTO events SELECT g, 'kind-' || (g % 17) FROM generate_series(1, " + total + ") g");
        jdbcConnections(src, dw);
        String jobId = createJob("""
                name: batch-replicas-%s
                source: { type: jdbc, connection: %s-%s, table: public.events, split: { column: id, parallelism: 2 } }
                target: { type: jdbc, connection: %s-%s, table: public.events, writeMode: insert, createTable: true }
                limits: { rowsPerSecond: 10000 }
                """.formatted(SUFFIX, src, SUFFIX, dw, SUFFIX));
        String runId = startRun(jobId);
        await().atMost(Duration.ofMinutes(1)).until(() -> Long.parseLong(runField(runId, "rowsWritten")) >= 20_000);

        long owner = pid("sync-service");
        String frozenOwner = single("datasync_sync", "SELECT owner FROM sync_run WHERE id = '" + runId + "'");
        signal("STOP", owner);
        try {
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> !frozenOwner.equals(
                            single("datasync_sync", "SELECT owner FROM sync_run WHERE id = '" + runId + "'")));
            // the replica writes on while the first owner is still frozen in the middle of its chunks
            long atTakeOver = Long.parseLong(single(dw, "SELECT count(*) FROM events"));
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> Long.parseLong(single(dw, "SELECT count(*) FROM events")) > atTakeOver);
        } finally {
            signal("CONT", owner);
        }
        await().atMost(Duration.ofMinutes(3))
                .untilAsserted(() -> assertThat(runField(runId, "state")).isEqualTo("SUCCEEDED"));
        assertThat(single(dw, "SELECT count(*) || '/' || count(DISTINCT id) FROM events"))
                .isEqualTo(total + "/" + total);
        assertThat(runField(runId, "verified")).isEqualTo("true");
        sql("postgres", "DROP DATABASE " + src + " WITH (FORCE)", "DROP DATABASE " + dw + " WITH (FORCE)");
    }

    private static String startStream(String jobId) throws Exception {
        String runId = startRun(jobId);
        RUNS.add(runId);
        return runId;
    }

    /** Waits until the run's view lists two live readers, each with rows read. */
    private static void awaitBothReaders(String runId) {
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    List<JsonNode> readers = readers(runId);
                    assertThat(readers).hasSize(2);
                    assertThat(readers).allSatisfy(r -> {
                        assertThat(r.get("live").asBoolean()).isTrue();
                        assertThat(r.get("rowsRead").asLong()).as(r.toString()).isPositive();
                    });
                });
    }

    private static List<JsonNode> readers(String runId) throws Exception {
        JsonNode view =
                JSON.readTree(send("GET", "/api/sync/runs/" + runId, null, null).body());
        JsonNode readers = view.path("stream").path("readers");
        List<JsonNode> all = new java.util.ArrayList<>();
        readers.forEach(all::add);
        return all;
    }

    private static void stop(String runId) throws Exception {
        var stopped = send("POST", "/api/sync/runs/" + runId + "/stop", "", "application/json");
        assertThat(stopped.statusCode()).as(stopped.body()).isBetween(200, 299);
        await().atMost(Duration.ofMinutes(1))
                .until(() -> runField(runId, "state").equals("CANCELLED"));
    }

    private static long pid(String component) throws Exception {
        return Long.parseLong(Files.readAllLines(RUN_DIR.resolve("pids/" + component + ".pid"))
                .get(0)
                .trim());
    }

    private static void signal(String signal, long pid) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor();
    }

    /** The producer's pacing (a fixed rate of records), not a wait for something to happen. */
    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
