package io.datasync.kit.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.datasync.kit.outbox.OutboxRelay;
import io.datasync.models.event.EventPayload;
import io.datasync.models.event.Topics;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * What every service built on the kit must do, checked against real PostgreSQL and a real in-JVM KRaft Kafka broker:
 * its database migrated at start, health groups, metrics, problem details, and its outbox delivering each event
 * exactly once in effect across a relay crash and restart. Each service has one IT extending this class.
 */
public abstract class AbstractServiceIT extends ServiceTestSupport {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping handlerMappings;

    @Test
    void publishesAnOpenApiSpecListingExactlyTheRoutesItAnswers() {
        HttpResponse<String> response = http.get("/v3/api-docs");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode spec = new ObjectMapper().readTree(response.body());
        assertThat(spec.path("openapi").asString()).startsWith("3.");
        assertThat(spec.path("components").path("securitySchemes").has("bearer"))
                .isTrue();

        Set<String> published = new java.util.TreeSet<>();
        spec.path("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(op -> {
                    if (Set.of("get", "put", "post", "delete", "patch", "head", "options")
                            .contains(op.getKey())) {
                        published.add(op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
                    }
                }));

        Set<String> answered = new java.util.TreeSet<>();
        handlerMappings.getHandlerMethods().forEach((info, method) -> {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/")) {
                    continue;
                }
                String path = pattern.replaceAll("\\{([^}:]+):[^}]*}", "{$1}");
                (methods.isEmpty() ? Set.of(RequestMethod.GET) : methods)
                        .forEach(m -> answered.add(m.name() + " " + path));
            }
        });
        assertThat(answered).as("the service answers some of its API").isNotEmpty();
        assertThat(published)
                .as("the spec at /v3/api-docs lists exactly the routes the service answers")
                .isEqualTo(answered);
    }

    @Test
    void migratesItsOwnDatabaseAtStart() {
        String database = jdbc.queryForObject("SELECT current_database()", String.class);
        assertThat(database).isEqualTo(properties.database() + "_it");
        List<String> changeSets = jdbc.queryForList("SELECT id FROM databasechangelog", String.class);
        assertThat(changeSets).contains("kit-001-outbox", "kit-002-inbox");
        assertThat(jdbc.queryForObject("SELECT to_regclass('outbox_event') IS NOT NULL", Boolean.class))
                .isTrue();
    }

    @Test
    void reportsLivenessAndReadinessWithDatabaseAndKafka() {
        HttpResponse<String> readiness = http.get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"status\":\"UP\"", "\"db\"", "\"kafka\"", "clusterId");

        HttpResponse<String> liveness = http.get("/actuator/health/liveness");
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(liveness.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void exportsPrometheusMetrics() {
        HttpResponse<String> metrics = http.get("/actuator/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains(
                        "datasync_outbox_published_total", "datasync_outbox_pending", "service=\"" + properties.name());
    }

    @Test
    void answersUnknownPathsWithAProblemDetail() {
        HttpResponse<String> response =
                http.get(properties.apiBase() + "/no-such-thing", "X-Correlation-Id", "it-correlation-1");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(response.headers().firstValue("X-Correlation-Id")).contains("it-correlation-1");
        assertThat(response.body())
                .contains("\"code\":\"COMMON-003\"", "\"correlationId\":\"it-correlation-1\"", "problems/not-found");
    }

    @Test
    void answersBadInputWithFieldErrorsNeverA500() {
        HttpResponse<String> badParam = http.get(properties.apiBase() + "/outbox?limit=999");
        assertThat(badParam.statusCode()).isEqualTo(400);
        assertThat(badParam.body()).contains("\"pointer\":\"?limit\"", "COMMON-001");

        HttpResponse<String> notNumber = http.get(properties.apiBase() + "/outbox?limit=lots");
        assertThat(notNumber.statusCode()).isEqualTo(400);
        assertThat(notNumber.body()).contains("?limit");

        HttpResponse<String> malformed = http.post(properties.apiBase() + "/outbox/probe", "{\"note\":");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("COMMON-002");

        HttpResponse<String> tooLong =
                http.post(properties.apiBase() + "/outbox/probe", "{\"note\":\"" + "x".repeat(201) + "\"}");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("\"pointer\":\"/note\"");
    }

    @Test
    void probePublishesThroughTheOutbox() {
        HttpResponse<String> accepted = http.post(properties.apiBase() + "/outbox/probe", "{\"note\":\"hello\"}");
        assertThat(accepted.statusCode()).isEqualTo(202);
        String id = accepted.body().replaceAll(".*\"eventId\":\"([^\"]+)\".*", "$1");

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(deliveries(Set.of(id))).containsEntry(id, 1));
        assertThat(http.get(properties.apiBase() + "/outbox").body()).contains(id, "\"publishedAt\":\"");
    }

    @Test
    void anEventCarriesTheCorrelationIdOfTheRequestThatCausedIt() {
        String correlationId = "it-corr-" + UUID.randomUUID();
        HttpResponse<String> accepted =
                http.post(properties.apiBase() + "/outbox/probe", "{}", "X-Correlation-Id", correlationId);
        assertThat(accepted.statusCode()).isEqualTo(202);
        String id = accepted.body().replaceAll(".*\"eventId\":\"([^\"]+)\".*", "$1");
        HttpResponse<String> anonymous = http.post(properties.apiBase() + "/outbox/probe", "{}");
        String anonymousId = anonymous.body().replaceAll(".*\"eventId\":\"([^\"]+)\".*", "$1");

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(events(Topics.PLATFORM_PROBES, Set.of(id, anonymousId)))
                        .hasSize(2));
        Map<String, String> carried = new HashMap<>();
        events(Topics.PLATFORM_PROBES, Set.of(id, anonymousId))
                .forEach(e -> carried.put(e.id(), String.valueOf(e.correlationId())));
        assertThat(carried).containsEntry(id, correlationId);
        assertThat(carried.get(anonymousId))
                .as("a request without one still gets an id of its own, and its event carries it")
                .isNotEqualTo(correlationId)
                .isEqualTo(anonymous.headers().firstValue("X-Correlation-Id").orElseThrow());
        assertThat(http.get(properties.apiBase() + "/outbox?limit=200").body())
                .contains("\"correlationId\":\"" + correlationId + "\"");
    }

    @Test
    void deliversEachEventOnceInEffectAcrossRelayCrashAndRestart() {
        // Start from an empty queue, so the crashing relay's batch is exactly the first ten events below.
        await().atMost(Duration.ofSeconds(30)).until(() -> outboxRepository.countPending() == 0);
        relay.stop();
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < 30; i++) {
                int n = i;
                ids.add(transactions
                        .execute(s -> outbox.append(new EventPayload.Probe(properties.name(), "event " + n)))
                        .id());
            }
            // A relay that dies after Kafka acknowledged its batch but before marking it published.
            OutboxRelay crashing =
                    new OutboxRelay(outboxRepository, kafkaTemplate, transactions, properties.outbox(), batch -> {
                        throw new IllegalStateException("simulated crash after send");
                    });
            assertThatThrownBy(crashing::relayBatch).hasMessageContaining("simulated crash");
            assertThat(outboxRepository.countPending()).isEqualTo(30);
        } finally {
            relay.start();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> outboxRepository.countPending() == 0);
        Map<String, Integer> delivered = deliveries(new HashSet<>(ids));
        assertThat(delivered).containsOnlyKeys(ids);
        // The crashed batch (the first 10) reached Kafka twice; everything the restarted relay sent, once.
        ids.subList(0, 10).forEach(id -> assertThat(delivered).containsEntry(id, 2));
        ids.subList(10, 30).forEach(id -> assertThat(delivered).containsEntry(id, 1));

        // A consumer deduplicating through the inbox processes each event exactly once.
        String consumer = "it-consumer-" + UUID.randomUUID();
        int processed = 0;
        for (String id : ids) {
            for (int copy = 0; copy < delivered.get(id); copy++) {
                if (Boolean.TRUE.equals(transactions.execute(s -> inbox.firstDelivery(consumer, id)))) {
                    processed++;
                }
            }
        }
        assertThat(processed).isEqualTo(ids.size());
    }
}
