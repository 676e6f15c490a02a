package io.datasync.kit.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datasync.kit.test.ServiceTestSupport;
import io.datasync.kit.testapp.KitTestApplication;
import io.datasync.models.event.EventType;
import io.datasync.models.security.Identity;
import io.datasync.models.security.Role;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The kit's test service publishes an AuditRecorded event for each done change through its API, and only those. */
@ContextConfiguration(classes = KitTestApplication.class)
@TestPropertySource(
        properties = {
            "spring.application.name=kit-test",
            "datasync.service.name=kit-test",
            "datasync.service.api-base=/api/kit",
            "datasync.service.database=datasync_kit",
            "spring.liquibase.change-log=classpath:db/changelog/kit-test-master.yaml",
            "datasync.service.cel.time-limit=250ms"
        })
class AuditPublishingIT extends ServiceTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void publishesADoneChangeWithItsCaller() {
        String id = UUID.randomUUID().toString();
        assertThat(http.as(Identity.apiKey("ci", "abcdefghijkl", Role.ADMIN, null))
                        .post("/api/kit/things/" + id + "/pause", "", "X-Correlation-Id", "corr-" + id)
                        .statusCode())
                .isEqualTo(200);

        // the answer can reach the client before the filter, which runs after the handler, has appended the event
        await().atMost(Duration.ofSeconds(10)).until(() -> events(id).size() == 1);
        List<String> events = events(id);
        JsonNode data = JSON.readTree(events.get(0)).get("data");
        assertThat(data.get("service").asString()).isEqualTo("kit-test");
        assertThat(data.get("actor").asString()).isEqualTo("api-key:ci");
        assertThat(data.get("actorRole").asString()).isEqualTo("admin");
        assertThat(data.get("via").asString()).isEqualTo("api_key");
        assertThat(data.get("apiKeyId").asString()).isEqualTo("abcdefghijkl");
        assertThat(data.get("action").asString()).isEqualTo("pause");
        assertThat(data.get("resourceType").asString()).isEqualTo("thing");
        assertThat(data.get("resourceId").asString()).isEqualTo(id);
        assertThat(data.get("method").asString()).isEqualTo("POST");
        assertThat(data.get("path").asString()).isEqualTo("/api/kit/things/" + id + "/pause");
        assertThat(data.get("status").asInt()).isEqualTo(200);
        assertThat(data.get("correlationId").asString()).isEqualTo("corr-" + id);
    }

    @Test
    void publishesNothingForRefusedReadOrExemptRequests() {
        String id = UUID.randomUUID().toString();
        java.sql.Timestamp start = new java.sql.Timestamp(System.currentTimeMillis() - 1000);
        assertThat(http.post("/api/kit/things/" + id + "/refuse", "").statusCode())
                .isEqualTo(409);
        assertThat(http.as(Role.VIEWER)
                        .post("/api/kit/things/" + id + "/pause", "")
                        .statusCode())
                .isEqualTo(403);
        assertThat(http.anonymous().post("/api/kit/things/" + id + "/pause", "").statusCode())
                .isEqualTo(401);
        assertThat(http.post("/api/kit/things/preview", "").statusCode()).isEqualTo(200);
        assertThat(http.post("/api/kit/outbox/probe", "{\"note\":\"audit-" + id + "\"}")
                        .statusCode())
                .isEqualTo(202);
        // a done change after them: once its event is in, anything the requests before it appended would be too
        String marker = UUID.randomUUID().toString();
        assertThat(http.post("/api/kit/things/" + marker + "/pause", "").statusCode())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> events(marker).size() == 1);
        assertThat(events(id)).isEmpty();
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM outbox_event WHERE type = ? AND payload LIKE '%/preview%'",
                        Long.class, EventType.AUDIT_RECORDED.typeName()))
                .isZero();
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM outbox_event WHERE type = ? AND payload LIKE '%/outbox/probe%'"
                                + " AND created_at >= ?",
                        Long.class, EventType.AUDIT_RECORDED.typeName(), start))
                .isZero();
    }

    private List<String> events(String resourceId) {
        return jdbc.queryForList(
                "SELECT payload FROM outbox_event WHERE type = ? AND message_key = ?",
                String.class,
                EventType.AUDIT_RECORDED.typeName(),
                resourceId);
    }
}
