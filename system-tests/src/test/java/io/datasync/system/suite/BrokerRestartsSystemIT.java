package io.datasync.system.suite;

import static io.datasync.system.suite.StreamFixtures.*;
import static io.datasync.system.suite.Suite.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The user's broker restarts while a stream job reads it: a Kafka broker and a Redis server of their own (real
 * processes, each killed with SIGKILL mid-stream and started again on the same data) — the run retries while they are
 * away, resumes from the positions committed with its rows, and the target ends with every message once.
 */
@ExtendWith(Suite.Started.class)
class BrokerRestartsSystemIT {

    private static final int MESSAGES = 40_000;

    /** The broker is killed once the target holds this many rows. */
    private static final int KILL_AT = 8_000;

    private static final List<Process> STARTED = new ArrayList<>();

    private static final List<String> RUNS = new java.util.concurrent.CopyOnWriteArrayList<>();

    @AfterAll
    static void stopRunsAndBrokers() throws Exception {
        try {
            stopLive(RUNS);
        } finally {
            STARTED.forEach(Process::destroyForcibly);
        }
    }

    @Test
    void aKafkaBrokerKilledAndRestartedMidStreamLosesNothing() throws Exception {
        String db = "datasync_restart_kafka";
        freshDatabases(db);
        jdbcConnections(db);
        KafkaBroker broker = new KafkaBroker(RUN_DIR.resolve("user-kafka-" + SUFFIX));
        broker.start();
        String topic = "restart-" + SUFFIX;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 4, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        // half before the kill, half after the restart: the second half can only be read from the restarted broker (the
        // first fits into the consumer's fetch buffers)
        produce(broker, topic, 0, MESSAGES / 2);
        String connection =
                connection("kafka-restart", "kafka", "{\"bootstrapServers\":\"" + broker.bootstrap() + "\"}");
        // insert, no key in the target: a record applied twice would be a second row
        String jobId = createJob("""
                name: kafka-restart-%s
                source: { type: kafka, connection: %s, options: { topics: [%s], columns: %s, key: [id] } }
                target: { type: jdbc, connection: %s-%s, table: public.events, writeMode: insert, createTable: true }
                batch: { maxRows: 500, maxDelay: 100ms }
                limits: { rowsPerSecond: 4000 }
                """.formatted(SUFFIX, connection, topic, COLUMNS, db, SUFFIX));
        String runId = start(jobId);

        restartMidway(db, broker::kill, () -> {
            broker.start();
            produce(broker, topic, MESSAGES / 2, MESSAGES);
        });
        assertEveryMessageOnce(db, runId);
        broker.kill();
    }

    @Test
    void aRedisServerKilledAndRestartedMidStreamLosesNothing() throws Exception {
        String db = "datasync_restart_redis";
        freshDatabases(db);
        jdbcConnections(db);
        RedisServer server = new RedisServer(RUN_DIR.resolve("user-redis-" + SUFFIX));
        server.start();
        String stream = "restart-" + SUFFIX;
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + server.port);
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            for (int i = 0; i < MESSAGES; i++) {
                redis.async()
                        .xadd(
                                stream,
                                Map.of(
                                        "id",
                                        Integer.toString(i),
                                        "name",
                                        "name-" + i,
                                        "amount",
                                        Long.toString(i * 7L % 1000)));
            }
            await().atMost(Duration.ofMinutes(1)).until(() -> redis.sync().xlen(stream) == MESSAGES);
        } finally {
            client.shutdown();
        }
        String connection = connection("redis-restart", "redis", "{\"uri\":\"redis://127.0.0.1:" + server.port + "\"}");
        String jobId = createJob("""
                name: redis-restart-%s
                source: { type: redis, connection: %s, options: { mode: stream, streams: [%s], startId: "0", columns: %s, key: [id] } }
                target: { type: jdbc, connection: %s-%s, table: public.events, writeMode: upsert, keys: [id], createTable: true }
                batch: { maxRows: 500, maxDelay: 100ms }
                limits: { rowsPerSecond: 4000 }
                """.formatted(SUFFIX, connection, stream, COLUMNS, db, SUFFIX));
        String runId = start(jobId);

        restartMidway(db, server::kill, server::start);
        assertEveryMessageOnce(db, runId);
        server.kill();
    }

    private static void produce(KafkaBroker broker, String topic, int from, int to) {
        try (KafkaProducer<String, String> producer = producer(broker.bootstrap())) {
            for (int i = from; i < to; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, json(i)));
            }
            producer.flush();
        }
    }

    private static String start(String jobId) throws Exception {
        String runId = startRun(jobId);
        RUNS.add(runId);
        return runId;
    }

    private interface Step {
        void run() throws Exception;
    }

    /**
     * Kills the broker once the target holds {@link #KILL_AT} rows, starts it again ({@code start}) once the run stands
     * still without it, and waits for every row.
     */
    private static void restartMidway(String db, Step kill, Step start) throws Exception {
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> rows(db) >= KILL_AT);
        kill.run();
        long atKill = rows(db);
        assertThat(atKill).as("killed mid-way").isBetween(1L, MESSAGES - 1L);
        // the outage lasts until the run has written what it had read before the kill and stands still: it then
        // depends on the broker coming back
        long[] last = {-1};
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    long now = rows(db);
                    boolean still = now == last[0];
                    last[0] = now;
                    return still;
                });
        long whileDown = last[0];
        start.run();
        long restarted = System.nanoTime();
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> rows(db) >= MESSAGES);
        System.out.printf(
                "BrokerRestartsSystemIT %s: killed at %d rows (%d while down), all %d rows %.1f s after the restart%n",
                db, atKill, whileDown, MESSAGES, (System.nanoTime() - restarted) / 1e9);
    }

    private static void assertEveryMessageOnce(String db, String runId) throws Exception {
        assertThat(single(db, "SELECT count(*) || '/' || count(DISTINCT id) FROM events"))
                .isEqualTo(MESSAGES + "/" + MESSAGES);
        assertThat(single(db, "SELECT sum(hashtext(id || '/' || name || '/' || amount))::text FROM events"))
                .isEqualTo(single(
                        db,
                        "SELECT sum(hashtext(g || '/' || ('name-' || g) || '/' || (g * 7 % 1000)))::text"
                                + " FROM generate_series(0, " + (MESSAGES - 1) + ") g"));
        assertThat(runField(runId, "state")).as("the stream runs on").isEqualTo("RUNNING");
        var stopped = send("POST", "/api/sync/runs/" + runId + "/stop", "", "application/json");
        assertThat(stopped.statusCode()).as(stopped.body()).isBetween(200, 299);
        await().atMost(Duration.ofMinutes(1))
                .until(() -> runField(runId, "state").equals("CANCELLED"));
        sql("postgres", "DROP DATABASE " + db + " WITH (FORCE)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Process launch(Path log, List<String> command) throws IOException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        STARTED.add(process);
        return process;
    }

    /** Waits until {@code port} accepts connections on loopback. */
    private static void awaitListening(int port, Process process, Path log) {
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    assertThat(process.isAlive()).as("see " + log).isTrue();
                    try (var socket = new java.net.Socket("127.0.0.1", port)) {
                        return true;
                    } catch (IOException e) {
                        return false;
                    }
                });
    }

    private static void kill(Process process) throws InterruptedException {
        process.destroyForcibly(); // SIGKILL
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    /** A one-node KRaft broker in its own JVM (the classes ./datasync starts its broker with), data in {@code dir}. */
    private static final class KafkaBroker {
        private final Path dir;
        private final Path props;
        private final int port;
        private Process process;

        KafkaBroker(Path dir) throws IOException, InterruptedException {
            this.dir = Files.createDirectories(dir);
            this.props = dir.resolve("server.properties");
            this.port = freePort();
            int controller = freePort();
            Files.writeString(
                    props,
                    String.join(
                            "\n",
                            "process.roles=broker,controller",
                            "node.id=1",
                            "controller.quorum.bootstrap.servers=127.0.0.1:" + controller,
                            "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
                            "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                            "controller.listener.names=CONTROLLER",
                            "inter.broker.listener.name=PLAINTEXT",
                            "log.dirs=" + dir.resolve("data"),
                            "offsets.topic.replication.factor=1",
                            "transaction.state.log.replication.factor=1",
                            "transaction.state.log.min.isr=1",
                            "share.coordinator.state.topic.replication.factor=1",
                            "share.coordinator.state.topic.min.isr=1",
                            "group.initial.rebalance.delay.ms=0",
                            ""));
            Process format = new ProcessBuilder(java(
                            "kafka.tools.StorageTool",
                            "format",
                            "--standalone",
                            "-t",
                            org.apache.kafka.common.Uuid.randomUuid().toString(),
                            "-c",
                            props.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("format.log").toFile())
                    .start();
            assertThat(format.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(format.exitValue())
                    .as("see " + dir.resolve("format.log"))
                    .isZero();
        }

        String bootstrap() {
            return "127.0.0.1:" + port;
        }

        void start() throws IOException {
            process = launch(dir.resolve("kafka.log"), java("kafka.Kafka", props.toString()));
            awaitListening(port, process, dir.resolve("kafka.log"));
        }

        void kill() throws InterruptedException {
            BrokerRestartsSystemIT.kill(process);
        }

        /** The broker logs with log4j2.xml, the storage tool with log4j2-tools.xml (as ./datasync starts them). */
        private static List<String> java(String main, String... args) {
            Path devInfra = ROOT.resolve("dev-infra/target");
            List<String> command = new ArrayList<>(List.of(
                    ProcessHandle.current().info().command().orElse("java"),
                    "-Xmx256m",
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-Dlog4j2.configurationFile=classpath:"
                            + (main.equals("kafka.Kafka") ? "log4j2.xml" : "log4j2-tools.xml"),
                    "-cp",
                    devInfra.resolve("dev-infra-0.1.0-SNAPSHOT.jar")
                            + java.io.File.pathSeparator
                            + devInfra.resolve("lib/*"),
                    main));
            command.addAll(List.of(args));
            return command;
        }
    }

    /**
     * A redis-server of its own (the one on the PATH, else the embedded one {@code ./datasync up} unpacked) with an
     * append-only file written through on every command, so a restart keeps everything it acknowledged.
     */
    private static final class RedisServer {
        private final Path dir;
        private final int port;
        private Process process;

        RedisServer(Path dir) throws IOException {
            this.dir = Files.createDirectories(dir);
            this.port = freePort();
        }

        void start() throws IOException {
            process = launch(
                    dir.resolve("redis.log"),
                    List.of(
                            binary(),
                            "--bind",
                            "127.0.0.1",
                            "--port",
                            Integer.toString(port),
                            "--dir",
                            dir.toString(),
                            "--save",
                            "",
                            "--appendonly",
                            "yes",
                            "--appendfsync",
                            "always"));
            awaitListening(port, process, dir.resolve("redis.log"));
        }

        void kill() throws InterruptedException {
            BrokerRestartsSystemIT.kill(process);
        }

        private static String binary() {
            Path embedded = RUN_DIR.resolve("infra/redis/bin/redis-server");
            boolean onPath = java.util.Arrays.stream(
                            System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                    .anyMatch(dir -> Files.isExecutable(Path.of(dir, "redis-server")));
            return onPath || !Files.isExecutable(embedded) ? "redis-server" : embedded.toString();
        }
    }
}
