package io.datasync.config.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datasync.kit.test.ServiceTestSupport;
import io.datasync.models.event.AuditEvent.AuditRecorded;
import io.datasync.models.event.EventCodec;
import io.datasync.models.event.EventEnvelope;
import io.datasync.models.event.Topics;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Changes made in other services reach the audit log as AuditRecorded events over the real Kafka, each once. */
class AuditEventsIT extends ServiceTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final EventCodec codec = new EventCodec();

    @Test
    void storesAnotherServicesChangeOnceHoweverOftenItIsDelivered() throws Exception {
        String job = UUID.randomUUID().toString();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        EventEnvelope pause = envelope(new AuditRecorded(
                "scheduler-service",
                "api-key:ci",
                "operator",
                "api_key",
                "abcdefghijkl",
                "pause",
                "schedules",
                job,
                "POST",
                "/api/scheduler/schedules/" + job + "/pause",
                200,
                at,
                "corr-" + job));
        String json = codec.toJson(pause);
        kafkaTemplate.send(Topics.AUDIT, job, json).get();
        kafkaTemplate.send(Topics.AUDIT, job, json).get();
        EventEnvelope resume = envelope(new AuditRecorded(
                "scheduler-service",
                "bob",
                "operator",
                "token",
                null,
                "resume",
                "schedules",
                job,
                "POST",
                "/api/scheduler/schedules/" + job + "/resume",
                200,
                at.plusMillis(5),
                null));
        kafkaTemplate.send(Topics.AUDIT, job, codec.toJson(resume)).get();

        // one partition, in order: once the later event is stored, both deliveries of the first were handled
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(items("schedules", job).size()).isEqualTo(2));
        JsonNode items = items("schedules", job);
        assertThat(items.at("/0/action").asString()).isEqualTo("resume");
        assertThat(items.at("/0/actor").asString()).isEqualTo("bob");
        JsonNode first = items.get(1);
        assertThat(first.get("service").asString()).isEqualTo("scheduler-service");
        assertThat(first.get("actor").asString()).isEqualTo("api-key:ci");
        assertThat(first.get("via").asString()).isEqualTo("api_key");
        assertThat(first.get("apiKeyId").asString()).isEqualTo("abcdefghijkl");
        assertThat(first.get("action").asString()).isEqualTo("pause");
        assertThat(first.get("path").asString()).isEqualTo("/api/scheduler/schedules/" + job + "/pause");
        assertThat(first.get("occurredAt").asString()).isEqualTo(at.toString());
        assertThat(first.get("correlationId").asString()).isEqualTo("corr-" + job);
        assertThat(first.get("beforeVersion").isNull()).isTrue();
    }

    @Test
    void skipsAMalformedRecordAndGoesOn() throws Exception {
        String job = UUID.randomUUID().toString();
        kafkaTemplate.send(Topics.AUDIT, job, "{not json").get();
        EventEnvelope trigger = envelope(new AuditRecorded(
                "scheduler-service",
                "carol",
                "operator",
                "token",
                null,
                "trigger",
                "jobs",
                job,
                "POST",
                "/api/scheduler/jobs/" + job + "/trigger",
                202,
                Instant.now(),
                null));
        kafkaTemplate.send(Topics.AUDIT, job, codec.toJson(trigger)).get();
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(items("jobs", job).size()).isEqualTo(1));
    }

    private static EventEnvelope envelope(AuditRecorded event) {
        return EventEnvelope.of("/datasync/scheduler-service", event, Clock.systemUTC());
    }

    private JsonNode items(String resourceType, String resourceId) {
        HttpResponse<String> response =
                http.get("/api/config/audit?resourceType=" + resourceType + "&resourceId=" + resourceId + "&size=10");
        if (!response.body().contains("\"items\"")) {
            throw new AssertionError(response.body());
        }
        JsonNode page = JSON.readTree(response.body());
        return page.get("items");
    }
}
