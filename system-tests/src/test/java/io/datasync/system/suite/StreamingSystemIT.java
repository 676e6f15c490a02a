package io.datasync.system.suite;

import static io.datasync.system.suite.StreamFixtures.*;
import static io.datasync.system.suite.Suite.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Streaming jobs of the running suite, through the gateway: for each broker a job reads 100,000 messages into the local
 * PostgreSQL, sync-service is killed with SIGKILL in the middle and started again, and the run — still {@code RUNNING} —
 * resumes from the positions committed with the rows: the target then holds every message once (by key, and with the
 * same checksum as what was sent).
 *
 * <p>The user's brokers are the test's own: an in-JVM KRaft broker for Kafka (the platform's broker on 9092 is off
 * limits to jobs by the local egress policy), the local Redis and Mosquitto with a stream key and a topic unique to the
 * test JVM. Every message {@code i} is the row {@code (i, 'name-' || i, i * 7 % 1000)}, so PostgreSQL computes the
 * checksum of what was sent with the same expression over {@code generate_series}.
 */
@ExtendWith(Suite.Started.class)
class StreamingSystemIT {

    private static final int MESSAGES = 100_000;

    /** sync-service is killed once the target holds this many rows. */
    private static final int KILL_AT = 30_000;

    private static EmbeddedKafkaKraftBroker kafka;

    @BeforeAll
    static void startKafka() {
        kafka = userKafka();
    }

    /** The runs started here: a stream runs until stopped, so one a failed test left running is stopped at the end. */
    private static final List<String> RUNS = new java.util.concurrent.CopyOnWriteArrayList<>();

    @AfterAll
    static void stopRunsAndKafka() throws Exception {
        try {
            stopLive(RUNS);
        } finally {
            if (kafka != null) {
                kafka.destroy();
            }
        }
    }

    private static String startStream(String jobId) throws Exception {
        String runId = startRun(jobId);
        RUNS.add(runId);
        return runId;
    }

    /** What the target must hold: a row per message, once. */
    private static final String EXPECTED_CHECKSUM_SQL =
            "SELECT sum(hashtext(g || '/' || ('name-' || g) || '/' || (g * 7 % 1000)))::text"
                    + " FROM generate_series(0, " + (MESSAGES - 1) + ") g";

    private static final String CHECKSUM_SQL =
            "SELECT sum(hashtext(id || '/' || name || '/' || amount))::text FROM events";

    /**
     * Kafka into an insert-only table: a record applied twice would be a second row with its id, so
     * {@code count(*) = count(DISTINCT id)} is the effectively-once claim itself.
     */
    @Test
    void kafkaIntoAnInsertTableKeepsEveryRecordOnceAcrossASigkill() throws Exception {
        String db = "datasync_stream_kafka";
        freshDatabases(db);
        jdbcConnections(db);
        String topic = "sys-events-" + SUFFIX;
        kafka.addTopics(new NewTopic(topic, 4, (short) 1));
        String connection =
                connection("kafka", "kafka", "{\"bootstrapServers\":\"" + kafka.getBrokersAsString() + "\"}");
        String jobId = createJob("""
                name: kafka-%s
                source: { type: kafka, connection: %s, options: { topics: [%s], columns: %s, key: [id] } }
                target: { type: jdbc, connection: %s-%s, table: public.events, writeMode: insert, createTable: true }
                batch: { maxRows: 2000, maxDelay: 200ms }
                """.formatted(SUFFIX, connection, topic, COLUMNS, db, SUFFIX));

        try (KafkaProducer<String, String> producer = producer(kafka)) {
            // half before the run, half while sync-service is down: the kill always falls in the middle
            produce(producer, topic, 0, MESSAGES / 2);
            String runId = startStream(jobId);
            killAndRestartMidway(db, runId, () -> produce(producer, topic, MESSAGES / 2, MESSAGES), () -> {});
            assertEveryMessageOnce(db, runId);
        }
    }

    private static void produce(KafkaProducer<String, String> producer, String topic, int from, int to) {
        for (int i = from; i < to; i++) {
            producer.send(new ProducerRecord<>(topic, "k" + i, json(i)));
        }
        producer.flush();
    }

    /**
     * Records pushed over HTTP (NDJSON through the gateway, with an API key bound to the job) into an insert-only table:
     * each push is durable in the platform's topic once answered 202, and the run reads the topic like a Kafka source
     * across the SIGKILL, so every record lands once.
     */
    @Test
    void pushedRecordsLandOnceAcrossASigkill() throws Exception {
        String db = "datasync_stream_push";
        freshDatabases(db);
        jdbcConnections(db);
        String jobId = createJob("""
                name: push-%s
                source: { type: push, options: { columns: %s, key: [id] } }
                target: { type: jdbc, connection: %s-%s, table: public.events, writeMode: insert, createTable: true }
                batch: { maxRows: 2000, maxDelay: 200ms }
                """.formatted(SUFFIX, COLUMNS, db, SUFFIX));
        var created = send(
                "POST",
                "/api/config/api-keys",
                "{\"name\":\"push-" + SUFFIX + "\",\"role\":\"operator\",\"jobId\":\"" + jobId + "\"}",
                "application/json");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String key = created.body().replaceAll(".*?\"key\":\"([^\"]+)\".*", "$1");
        // every record is durable before the run starts (a push needs no run), so the kill falls mid-way
        for (int from = 0; from < MESSAGES; from += 5_000) {
            StringBuilder ndjson = new StringBuilder();
            for (int i = from; i < from + 5_000; i++) {
                ndjson.append(json(i)).append('\n');
            }
            var pushed = sendAs(
                    null,
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(GATEWAY + "/api/sync/push/" + jobId))
                            .header("X-API-Key", key)
                            .header("Content-Type", "application/x-ndjson")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(ndjson.toString())));
            assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(202);
        }
        String runId = startStream(jobId);
        killAndRestartMidway(db, runId, () -> {}, () -> {});
        assertEveryMessageOnce(db, runId);
    }

    /** Redis stream entries upserted by key: pending entries of the killed reader are read again by its successor. */
    @Test
    void redisStreamIntoAnUpsertTableKeepsEveryEntryOnceAcrossASigkill() throws Exception {
        String db = "datasync_stream_redis";
        freshDatabases(db);
        jdbcConnections(db);
        String stream = "sys-events-" + SUFFIX;
        String connection = connection("redis", "redis", "{\"uri\":\"redis://127.0.0.1:6379\"}");
        String jobId = createJob("""
                name: redis-%s
                source: { type: redis, connection: %s, options: { mode: stream, streams: [%s], startId: "0", columns: %s, key: [id] } }
                target: { type: jdbc, connection: %s-%s, table: public.events, writeMode: upsert, keys: [id], createTable: true }
                batch: { maxRows: 2000, maxDelay: 200ms }
                """.formatted(SUFFIX, connection, stream, COLUMNS, db, SUFFIX));

        RedisClient client = RedisClient.create("redis://127.0.0.1:6379");
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            add(redis, stream, 0, MESSAGES / 2);
            String runId = startStream(jobId);
            killAndRestartMidway(db, runId, () -> add(redis, stream, MESSAGES / 2, MESSAGES), () -> {});
            assertEveryMessageOnce(db, runId);
            redis.sync().del(stream);
        } finally {
            client.shutdown();
        }
    }

    /** XADDs the entries {@code [from, to)} pipelined, 5,000 at a time. */
    private static void add(StatefulRedisConnection<String, String> redis, String stream, int from, int to) {
        RedisAsyncCommands<String, String> async = redis.async();
        redis.setAutoFlushCommands(false);
        try {
            for (int start = from; start < to; start += 5000) {
                List<RedisFuture<String>> sent = new ArrayList<>();
                for (int i = start; i < Math.min(to, start + 5000); i++) {
                    sent.add(async.xadd(
                            stream,
                            Map.of(
                                    "id",
                                    Integer.toString(i),
                                    "name",
                                    "name-" + i,
                                    "amount",
                                    Long.toString(i * 7L % 1000))));
                }
                redis.flushCommands();
                for (RedisFuture<String> f : sent) {
                    assertThat(f.toCompletableFuture()
                                    .orTimeout(30, TimeUnit.SECONDS)
                                    .join())
                            .isNotBlank();
                }
            }
        } finally {
            redis.setAutoFlushCommands(true);
        }
    }

    /**
     * MQTT (QoS 1, persistent session, acknowledged after the commit) upserted by key.
     *
     * <p>Mosquitto (2.0) drops QoS 1 messages for a session once it holds {@code max_queued_messages} (1,000 by default)
     * beyond the few in flight — also while the reader is away, and nobody is told but its log ("Outgoing messages are
     * being dropped for client ds-…"). So the publisher publishes while the run is up, stays at most
     * {@value #MQTT_WINDOW} messages ahead of the committed rows and so waits while sync-service is down; sending all
     * 100,000 up front, or more than ~1,000 while the job is down, loses messages in the broker (with a window of
     * 2,000, exactly 1,000 messages published around the kill were dropped; with 900, 100 once: the messages the killed
     * reader held unacknowledged go back into its queue when its connection closes, and count). A producer that cannot
     * wait for the job
     * needs {@code max_queued_messages 0} (no bound; or one above the largest backlog, with {@code max_queued_bytes}) in
     * mosquitto.conf.
     */
    @Test
    void mqttIntoAnUpsertTableKeepsEveryMessageOnceAcrossASigkill() throws Exception {
        String db = "datasync_stream_mqtt";
        freshDatabases(db);
        jdbcConnections(db);
        String topic = "sys/" + SUFFIX + "/events";
        String connection = connection("mqtt", "mqtt", "{\"uri\":\"tcp://127.0.0.1:1883\"}");
        String jobId = createJob("""
                name: mqtt-%s
                source: { type: mqtt, connection: %s, options: { topics: [%s], qos: 1, columns: %s, key: [id] } }
                target: { type: jdbc, connection: %s-%s, table: public.events, writeMode: upsert, keys: [id], createTable: true }
                batch: { maxRows: 2000, maxDelay: 100ms }
                """.formatted(SUFFIX, connection, topic, COLUMNS, db, SUFFIX));

        MqttAsyncClient publisher =
                new MqttAsyncClient("tcp://127.0.0.1:1883", "sys-pub-" + SUFFIX, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(true);
        publisher.connect(options).waitForCompletion(30_000);
        try {
            Publisher publishing = new Publisher(publisher, topic);
            String runId = startStream(jobId);
            // a shared subscription keeps nothing published before it exists: message 0 until the job has it
            await().atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        publishing.send(0);
                        return rows(db) > 0;
                    });
            CompletableFuture<Void> published = CompletableFuture.runAsync(() -> {
                for (int i = 1; i < MESSAGES; i++) {
                    if (i % 100 == 0) {
                        long next = i;
                        await().atMost(Duration.ofMinutes(3))
                                .pollInterval(Duration.ofMillis(50))
                                .until(() -> next - rows(db) < MQTT_WINDOW);
                    }
                    publishing.send(i);
                }
                publishing.drain();
            });
            killAndRestartMidway(db, runId, () -> {}, () -> {
                if (published.isDone()) {
                    published.join(); // a publisher that failed fails the test now, with its cause
                }
            });
            published.get(4, TimeUnit.MINUTES);
            assertEveryMessageOnce(db, runId);
        } finally {
            publisher.disconnect().waitForCompletion(10_000);
            publisher.close();
        }
    }

    /**
     * The most messages the publisher keeps ahead of the target: with the reader's unacknowledged ones put back into its
     * queue at a kill, well under what Mosquitto queues (1,000 by default).
     */
    static final int MQTT_WINDOW = 500;

    /**
     * Publishes QoS 1 messages without waiting for each PUBACK, but with at most 10 unacknowledged, under Mosquitto's
     * default receive maximum of 20 (Paho refuses a publish beyond the broker's).
     */
    static final class Publisher {

        private final MqttAsyncClient client;
        private final String topic;
        private final Semaphore inFlight = new Semaphore(10);
        private final AtomicReference<Throwable> failed = new AtomicReference<>();

        Publisher(MqttAsyncClient client, String topic) {
            this.client = client;
            this.topic = topic;
        }

        void send(long i) {
            Throwable failure = failed.get();
            if (failure != null) {
                throw new IllegalStateException("publishing failed", failure);
            }
            try {
                if (!inFlight.tryAcquire(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("no PUBACK within 30 s before message " + i);
                }
                client.publish(
                        topic, json(i).getBytes(StandardCharsets.UTF_8), 1, false, null, new MqttActionListener() {
                            @Override
                            public void onSuccess(IMqttToken token) {
                                inFlight.release();
                            }

                            @Override
                            public void onFailure(IMqttToken token, Throwable e) {
                                failed.compareAndSet(null, new IllegalStateException("message " + i, e));
                                inFlight.release();
                            }
                        });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (MqttException e) {
                throw new IllegalStateException("publishing message " + i + " failed", e);
            }
        }

        /** Waits for every PUBACK. */
        void drain() {
            try {
                if (!inFlight.tryAcquire(10, 30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the last messages got no PUBACK within 30 s");
                }
                inFlight.release(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (failed.get() != null) {
                throw new IllegalStateException("publishing failed", failed.get());
            }
        }
    }

    /**
     * Waits until the target holds {@link #KILL_AT} rows, kills sync-service with SIGKILL, runs {@code whileDown} and
     * starts sync-service again; then waits until the target holds every message. {@code check} runs at each poll (a
     * background publisher's failure ends the wait at once).
     */
    private static void killAndRestartMidway(String db, String runId, Runnable whileDown, Runnable check)
            throws Exception {
        long startedAt = System.nanoTime();
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    check.run();
                    return rows(db) >= KILL_AT;
                });
        assertThat(runField(runId, "state")).isEqualTo("RUNNING");
        long pid = Long.parseLong(Files.readAllLines(RUN_DIR.resolve("pids/sync-service.pid"))
                .get(0)
                .trim());
        ProcessHandle service = ProcessHandle.of(pid).orElseThrow();
        assertThat(new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor())
                .isZero();
        service.onExit().get(30, TimeUnit.SECONDS);
        long atKill = rows(db);
        assertThat(atKill).as("killed mid-way").isBetween(1L, MESSAGES - 1L);
        assertThat(single("datasync_sync", "SELECT state FROM sync_run WHERE id = '" + runId + "'"))
                .isEqualTo("RUNNING");

        whileDown.run();
        long restarting = System.nanoTime();
        assertThat(datasync("restart sync-service", Duration.ofMinutes(3))).isZero();
        long ready = System.nanoTime();
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    check.run();
                    return rows(db) >= MESSAGES;
                });
        long done = System.nanoTime();
        System.out.printf(
                "StreamingSystemIT %s: %d rows at the kill (%.1f s after the run started), restart %.1f s,"
                        + " all %d rows %.1f s after the restart was ready%n",
                db, atKill, (restarting - startedAt) / 1e9, (ready - restarting) / 1e9, MESSAGES, (done - ready) / 1e9);
    }

    private static void assertEveryMessageOnce(String db, String runId) throws Exception {
        assertThat(single(db, "SELECT count(*) || '/' || count(DISTINCT id) FROM events"))
                .isEqualTo(MESSAGES + "/" + MESSAGES);
        assertThat(single(db, CHECKSUM_SQL)).isEqualTo(single(db, EXPECTED_CHECKSUM_SQL));
        assertThat(runField(runId, "state"))
                .as("the stream runs on after the restart")
                .isEqualTo("RUNNING");
        var stopped = send("POST", "/api/sync/runs/" + runId + "/stop", "", "application/json");
        assertThat(stopped.statusCode()).as(stopped.body()).isBetween(200, 299);
        await().atMost(Duration.ofMinutes(1))
                .until(() -> runField(runId, "state").equals("CANCELLED"));
        sql("postgres", "DROP DATABASE " + db + " WITH (FORCE)");
    }
}
