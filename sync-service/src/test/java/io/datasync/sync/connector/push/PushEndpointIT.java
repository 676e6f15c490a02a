package io.datasync.sync.connector.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.kit.test.ServiceTestSupport;
import io.datasync.models.internal.ResolvedJob;
import io.datasync.models.job.JobDefinitions;
import io.datasync.sync.config.FakeConfigService;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/sync/push/{jobId}} against the in-JVM Kafka broker: 202 only once every record is in the job's
 * topic, keyed by the job's key; a bad body is refused whole with the line of its first bad record; and every other
 * refusal (404, 413, 415, 429) is a problem that says what to do. The backlog limit is 6 records in the ITs.
 */
class PushEndpointIT extends ServiceTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    org.springframework.boot.kafka.autoconfigure.KafkaProperties kafkaProperties;

    private final String job = UUID.randomUUID().toString();

    private void pushJob(String id) {
        ResolvedJob resolved =
                new ResolvedJob(id, "pushed-" + id.substring(0, 8), 1, 1, true, JobDefinitions.fromYaml("""
                        name: pushed
                        source:
                          type: push
                          options:
                            columns: [ {name: id, type: bigint, field: deviceId}, {name: temp, type: numeric} ]
                            key: [id]
                        target: { type: jdbc, connection: dst, table: dw.readings, writeMode: upsert, keys: [id] }
                        """), Map.of());
        FakeConfigService.shared()
                .answer("/internal/jobs/" + id, FakeConfigService.Answer.of(200, JSON.writeValueAsString(resolved)));
    }

    private HttpResponse<String> push(String jobId, String body, String contentType) {
        return http.send("POST", "/api/sync/push/" + jobId, body, contentType);
    }

    @Test
    void recordsAreInTheJobsTopicKeyedByTheJobsKeyBeforeThe202() {
        pushJob(job);
        HttpResponse<String> ndjson = push(
                job,
                "{\"deviceId\": 7, \"temp\": 20.5}\n\n{\"deviceId\": 8, \"temp\": 21}\r\n",
                "application/x-ndjson");
        assertThat(ndjson.statusCode()).as(ndjson.body()).isEqualTo(202);
        assertThat(JSON.readTree(ndjson.body()).get("accepted").asInt()).isEqualTo(2);
        HttpResponse<String> array = push(job, "[{\"deviceId\": 7, \"temp\": 22}]", "application/json; charset=utf-8");
        assertThat(array.statusCode()).as(array.body()).isEqualTo(202);

        List<ConsumerRecord<byte[], byte[]>> records = read(PushTopics.topic(job), 3);
        assertThat(records)
                .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder(
                        "{\"deviceId\": 7, \"temp\": 20.5}",
                        "{\"deviceId\": 8, \"temp\": 21}",
                        "{\"deviceId\": 7, \"temp\": 22}");
        assertThat(records)
                .allSatisfy(r ->
                        assertThat(r.headers().lastHeader("ds-received-at")).isNotNull());
        List<ConsumerRecord<byte[], byte[]>> device7 = records.stream()
                .filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals("7"))
                .toList();
        assertThat(device7).as("one key, one partition, in push order").hasSize(2);
        assertThat(device7.get(0).partition()).isEqualTo(device7.get(1).partition());
        assertThat(device7.get(0).offset()).isLessThan(device7.get(1).offset());
    }

    @Test
    void aBadRecordRefusesTheWholePushNamingItsLine() {
        String jobId = UUID.randomUUID().toString();
        pushJob(jobId);
        HttpResponse<String> bad =
                push(jobId, "{\"deviceId\": 1}\n{\"deviceId\": 2}\n{\"deviceId\": \n", "application/x-ndjson");
        assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
        JsonNode problem = JSON.readTree(bad.body());
        assertThat(problem.get("line").asInt()).isEqualTo(3);
        assertThat(problem.get("detail").asString())
                .startsWith("line 3: not valid JSON")
                .contains("nothing");
        assertThat(problem.at("/errors/0/pointer").asString()).isEqualTo("/");

        HttpResponse<String> notObjects = push(jobId, "[{\"deviceId\": 1}, 2]", "application/json");
        assertThat(notObjects.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notObjects.body()).get("detail").asString())
                .isEqualTo("line 1: record 2 is a number, not a JSON object; nothing of this push was accepted");

        assertThat(endOffsets(PushTopics.topic(jobId)))
                .as("nothing of a refused push is taken")
                .isZero();
    }

    @Test
    void otherContentTypesTooLargeBodiesAndUnknownJobsAreRefusedWithAProblem() {
        String jobId = UUID.randomUUID().toString();
        pushJob(jobId);
        HttpResponse<String> csv = push(jobId, "deviceId\n1\n", "text/csv");
        assertThat(csv.statusCode()).isEqualTo(415);
        assertThat(JSON.readTree(csv.body()).get("detail").asString())
                .contains("application/x-ndjson")
                .contains("not text/csv");
        assertThat(push(jobId, "{}", null).statusCode()).isEqualTo(415);

        String line = "{\"deviceId\": 1, \"pad\": \"" + "x".repeat(1000) + "\"}\n";
        HttpResponse<String> large =
                push(jobId, line.repeat(10 * 1024 * 1024 / line.length() + 1), "application/x-ndjson");
        assertThat(large.statusCode()).as(large.body()).isEqualTo(413);
        assertThat(JSON.readTree(large.body()).get("detail").asString()).contains("split it");

        String unknown = UUID.randomUUID().toString();
        FakeConfigService.shared()
                .answer(
                        "/internal/jobs/" + unknown,
                        FakeConfigService.Answer.of(404, FakeConfigService.notFound("job")));
        assertThat(push(unknown, "{}", "application/x-ndjson").statusCode()).isEqualTo(404);
        assertThat(push("not-a-job", "{}", "application/x-ndjson").statusCode()).isEqualTo(404);

        String batchJob = UUID.randomUUID().toString();
        FakeConfigService.shared()
                .answer(
                        "/internal/jobs/" + batchJob,
                        FakeConfigService.Answer.of(
                                200,
                                JSON.writeValueAsString(
                                        FakeConfigService.unwritableJob(batchJob, "batch-" + batchJob, 1, 1))));
        HttpResponse<String> notPush = push(batchJob, "{}", "application/x-ndjson");
        assertThat(notPush.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(notPush.body()).get("detail").asString()).contains("not push");
    }

    @Test
    void aBacklogNoRunConsumesIsA429WithRetryAfter() {
        String jobId = UUID.randomUUID().toString();
        pushJob(jobId);
        String seven = "{\"deviceId\": 1}\n".repeat(7);
        assertThat(push(jobId, seven, "application/x-ndjson").statusCode()).isEqualTo(202);
        // the backlog is measured at most once a second: the pushes right after may still be taken
        java.util.concurrent.atomic.AtomicReference<HttpResponse<String>> last =
                new java.util.concurrent.atomic.AtomicReference<>();
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    HttpResponse<String> answer = push(jobId, "{\"deviceId\": 2}", "application/x-ndjson");
                    assertThat(answer.statusCode()).isIn(202, 429);
                    last.set(answer);
                    return answer.statusCode() == 429;
                });
        HttpResponse<String> refused = last.get();
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After"))
                .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 60L));
        assertThat(JSON.readTree(refused.body()).get("detail").asString())
                .contains("has not consumed yet")
                .contains("is its run running?");
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    private List<ConsumerRecord<byte[], byte[]>> read(String topic, int expected) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private long endOffsets(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            return consumer.endOffsets(partitions).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }

    /** This context's broker (its own settings, not a system property another test's broker may have set since). */
    private String brokers() {
        return String.join(",", kafkaProperties.getBootstrapServers());
    }
}
