package io.datasync.sync.connector.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datasync.models.job.BatchSpec;
import io.datasync.models.job.LimitsSpec;
import io.datasync.models.job.RetrySpec;
import io.datasync.models.job.TargetSpec;
import io.datasync.models.job.TargetType;
import io.datasync.models.job.WriteMode;
import io.datasync.sync.connector.postgres.PostgresEndpoint;
import io.datasync.sync.connector.postgres.PostgresSink;
import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.ConnectionSpec;
import io.datasync.sync.connector.spi.Guarantee;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.run.RunControl;
import io.datasync.sync.run.RunEngine;
import io.datasync.sync.run.StreamEngine;
import io.datasync.sync.run.StreamView;
import io.datasync.sync.transform.spi.RowError;
import io.datasync.sync.transform.spi.Transform;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Kafka to PostgreSQL through the stream engine: an insert-mode target holds every record once across a stop and a
 * new run (positions commit with the rows, the new run resumes from them), and a malformed record is a reject that
 * does not hold its partition up.
 */
@Timeout(180)
class KafkaStreamRunIT {

    private static final String DATABASE = "datasync_kafka_stream_it";
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/" + DATABASE;
    private static final Transform NONE = new Transform() {
        @Override
        public Schema outputSchema(Schema input) {
            return input;
        }

        @Override
        public Result apply(Chunk chunk) {
            return Result.allRows(chunk);
        }
    };

    private static UserKafka userKafka;
    private static EmbeddedKafkaKraftBroker broker;
    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void start() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                Statement st = c.createStatement()) {
            ResultSet exists = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
            if (!exists.next()) {
                st.execute("CREATE DATABASE " + DATABASE);
            }
        }
        userKafka = new UserKafka(4);
        broker = userKafka.broker;
        producer = userKafka.producer;
    }

    @AfterAll
    static void stop() {
        if (userKafka != null) {
            userKafka.close();
        }
    }

    /** One engine run on its own thread. */
    private record Running(
            RunControl control,
            PostgresSink sink,
            CompletableFuture<RunEngine.Outcome> outcome,
            List<RowError> rejected) {

        RunEngine.Outcome stop() {
            control.cancel();
            try {
                return outcome.orTimeout(30, TimeUnit.SECONDS).join();
            } finally {
                sink.close();
            }
        }
    }

    @Test
    void anInsertTargetHoldsEveryRecordOnceAcrossAStopAndANewRun() throws SQLException {
        String topic = "events-" + UUID.randomUUID().toString().substring(0, 8);
        String schema = "ks_" + topic.substring(7);
        String job = "job-" + topic;
        sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE", "CREATE SCHEMA " + schema);
        broker.addTopics(new NewTopic(topic, 4, (short) 1));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> producer.partitionsFor(topic).stream().allMatch(p -> p.leader() != null));
        produce(topic, 0, 3000);
        producer.send(new ProducerRecord<>(topic, 2, "bad", "{not json".getBytes(StandardCharsets.UTF_8)));
        producer.flush();

        Running first = run(topic, schema, job);
        await().atMost(Duration.ofSeconds(60)).until(() -> count(schema) >= 500);
        assertThat(first.stop()).isEqualTo(RunEngine.Outcome.CANCELLED);
        long stoppedAt = count(schema);
        produce(topic, 3000, 1000);

        Running second = run(topic, schema, job);
        await().atMost(Duration.ofSeconds(90)).until(() -> count(schema) == 4000 && committed(schema, job) == 4001);
        second.stop();

        assertThat(stoppedAt).isBetween(500L, 3000L);
        assertThat(query("SELECT count(DISTINCT id) FROM " + schema + ".events"))
                .isEqualTo("4000");
        List<RowError> rejected = new CopyOnWriteArrayList<>(first.rejected());
        rejected.addAll(second.rejected());
        assertThat(rejected)
                .singleElement()
                .satisfies(e -> assertThat(e.toString()).contains(topic + "/2@"));
    }

    private Running run(String topic, String schema, String job) {
        KafkaSourceOptions options = KafkaSourceOptions.parse(Map.of(
                "topics", List.of(topic),
                "columns", List.of(Map.of("name", "id", "type", "bigint"), Map.of("name", "name", "type", "text")),
                "metaColumns", List.of("_partition", "_offset"),
                "key", List.of("id")));
        KafkaStreamSource source = new KafkaStreamSource(
                ConnectionSpec.unsaved("kafka", Map.of("bootstrapServers", broker.getBrokersAsString())), options);
        String scope = job + "/stream";
        PostgresSink sink = new PostgresSink(
                new PostgresEndpoint(URL, "postgres", ""),
                new TargetSpec(
                        TargetType.JDBC, "target-db", schema + ".events", WriteMode.INSERT, List.of(), true, Map.of()),
                scope,
                1);
        RunControl control = new RunControl();
        List<RowError> rejected = new CopyOnWriteArrayList<>();
        RunEngine.Plan plan = new RunEngine.Plan(
                scope,
                "run-" + UUID.randomUUID(),
                source,
                NONE,
                sink,
                1,
                1,
                LimitsSpec.UNLIMITED,
                RunEngine.NO_RETRIES,
                null);
        StreamEngine.Settings settings = new StreamEngine.Settings(
                job,
                "member-1",
                new BatchSpec(1000, Duration.ofMillis(100)),
                Duration.ofMinutes(5),
                new RetrySpec(100, Duration.ofMillis(50), 2.0, Duration.ofMillis(500), 0.0),
                Duration.ofHours(1),
                Guarantee.EFFECTIVELY_ONCE,
                null);
        StreamEngine.Listener listener = new StreamEngine.Listener() {
            @Override
            public void progress(RunEngine.Progress progress, Supplier<StreamView> stream, boolean force) {}

            @Override
            public void rejected(String splitId, List<RowError> rows) {
                rejected.addAll(rows);
            }
        };
        CompletableFuture<RunEngine.Outcome> outcome =
                CompletableFuture.supplyAsync(() -> new StreamEngine().run(plan, source, settings, control, listener));
        return new Running(control, sink, outcome, rejected);
    }

    private static void produce(String topic, int from, int count) {
        for (int i = from; i < from + count; i++) {
            byte[] value = ("{\"id\": " + i + ", \"name\": \"n" + i + "\"}").getBytes(StandardCharsets.UTF_8);
            producer.send(new ProducerRecord<>(topic, i % 4, "k" + i, value));
        }
        producer.flush();
    }

    private static long count(String schema) throws SQLException {
        String n = query("SELECT count(*) FROM pg_tables WHERE schemaname = '" + schema + "' AND tablename = 'events'");
        return "0".equals(n) ? 0 : Long.parseLong(query("SELECT count(*) FROM " + schema + ".events"));
    }

    /** The offsets committed for the job's partitions, summed: the records read past, rejects included. */
    private static long committed(String schema, String job) throws SQLException {
        String sum = query("SELECT coalesce(sum((position->>'offset')::bigint), 0) FROM " + schema
                + ".datasync_checkpoint WHERE job_id = '" + job + "/stream'");
        return Long.parseLong(sum);
    }

    private static String query(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, "postgres", "");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void sql(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, "postgres", "");
                Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }
}
