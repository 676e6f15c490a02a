package io.datasync.config.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.kit.test.ServiceHttp;
import io.datasync.kit.test.ServiceTestSupport;
import io.datasync.models.security.Identity;
import io.datasync.models.security.Role;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The audit log through the API: every change with who made it and the versions, and the admin-only reading. */
class AuditIT extends ServiceTestSupport {

    private static final String AUDIT = "/api/config/audit";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private String suffix;
    private String actor;
    private ServiceHttp alice;

    @BeforeEach
    void actor() {
        suffix = UUID.randomUUID().toString().substring(0, 8);
        actor = "alice-" + suffix;
        alice = http.as(Identity.token(actor, Role.ADMIN));
    }

    @Test
    void recordsEachConnectionChangeWithItsActorVersionsAndCorrelationId() {
        HttpResponse<String> created =
                alice.post("/api/config/connections", connection("c-" + suffix), "X-Correlation-Id", "corr-" + suffix);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created).get("id").asString();
        assertThat(alice.send("PUT", "/api/config/connections/" + id, connection("c-" + suffix), "application/json")
                        .statusCode())
                .isEqualTo(200);
        assertThat(alice.send("DELETE", "/api/config/connections/" + id, null, null)
                        .statusCode())
                .isEqualTo(204);

        JsonNode items = entries("?resourceType=connection&resourceId=" + id);
        assertThat(items.size()).isEqualTo(3);
        assertEntry(items.get(0), "delete", "DELETE", "/api/config/connections/" + id, 2L, null);
        assertEntry(items.get(1), "update", "PUT", "/api/config/connections/" + id, 1L, 2L);
        assertEntry(items.get(2), "create", "POST", "/api/config/connections", null, 1L);
        assertThat(items.get(2).get("correlationId").asString()).isEqualTo("corr-" + suffix);
        assertThat(items.get(2).get("service").asString()).isEqualTo("config-service");
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM outbox_event WHERE type = 'datasync.audit.recorded.v1'", Long.class))
                .as("config-service audits in its own transaction and publishes no audit events")
                .isZero();
        for (JsonNode e : items) {
            assertThat(e.get("actor").asString()).isEqualTo(actor);
            assertThat(e.get("actorRole").asString()).isEqualTo("admin");
            assertThat(e.get("via").asString()).isEqualTo("token");
            assertThat(e.get("resourceId").asString()).isEqualTo(id);
        }
    }

    @Test
    void recordsJobRuleSetTemplateKeyringAndApiKeyChanges() {
        for (String name : List.of("src-" + suffix, "dst-" + suffix)) {
            assertThat(alice.post("/api/config/connections", connection(name)).statusCode())
                    .isEqualTo(201);
        }
        HttpResponse<String> job = alice.send("POST", "/api/config/jobs", job("a"), "application/yaml");
        assertThat(job.statusCode()).as(job.body()).isEqualTo(201);
        String jobId = json(job).get("id").asString();
        assertThat(alice.send("PUT", "/api/config/jobs/" + jobId, job("b"), "application/yaml")
                        .statusCode())
                .isEqualTo(200);
        assertThat(alice.post("/api/config/jobs/" + jobId + "/disable", "").statusCode())
                .isEqualTo(200);
        assertThat(alice.post("/api/config/jobs/" + jobId + "/rollback", "{\"version\":1}")
                        .statusCode())
                .isEqualTo(200);
        JsonNode jobEntries = entries("?resourceType=job&resourceId=" + jobId);
        assertThat(jobEntries.size()).isEqualTo(4);
        assertEntry(jobEntries.get(0), "rollback", "POST", "/api/config/jobs/" + jobId + "/rollback", 2L, 3L);
        assertEntry(jobEntries.get(1), "disable", "POST", "/api/config/jobs/" + jobId + "/disable", 2L, 2L);
        assertEntry(jobEntries.get(2), "update", "PUT", "/api/config/jobs/" + jobId, 1L, 2L);
        assertEntry(jobEntries.get(3), "create", "POST", "/api/config/jobs", null, 1L);

        HttpResponse<String> ruleSet = alice.post(
                "/api/config/rulesets",
                "{\"name\":\"rs-" + suffix + "\",\"rules\":[{\"name\":\"r1\",\"when\":\"true\",\"priority\":1,\"then\":"
                        + "{\"tag\":\"x\"}}]}");
        assertThat(ruleSet.statusCode()).as(ruleSet.body()).isEqualTo(201);
        String ruleSetId = json(ruleSet).get("id").asString();
        assertThat(alice.send("DELETE", "/api/config/rulesets/" + ruleSetId, null, null)
                        .statusCode())
                .isEqualTo(204);
        JsonNode ruleSetEntries = entries("?resourceType=rule-set&resourceId=" + ruleSetId);
        assertThat(ruleSetEntries.size()).isEqualTo(2);
        assertEntry(ruleSetEntries.get(0), "delete", "DELETE", "/api/config/rulesets/" + ruleSetId, 1L, null);
        assertEntry(ruleSetEntries.get(1), "create", "POST", "/api/config/rulesets", null, 1L);

        assertThat(alice.post("/api/config/keys/rotate", "").statusCode()).isEqualTo(200);
        JsonNode rotation = entries("?resourceType=keyring&actor=" + actor);
        assertThat(rotation.size()).isEqualTo(1);
        assertEntry(rotation.get(0), "rotate", "POST", "/api/config/keys/rotate", null, null);

        HttpResponse<String> key =
                alice.post("/api/config/api-keys", "{\"name\":\"k-" + suffix + "\",\"role\":\"viewer\"}");
        String keyId = json(key).get("id").asString();
        assertThat(alice.send("DELETE", "/api/config/api-keys/" + keyId, null, null)
                        .statusCode())
                .isEqualTo(204);
        assertThat(alice.send("DELETE", "/api/config/api-keys/" + keyId, null, null)
                        .statusCode())
                .as("revoking again is harmless, and changes nothing the log would list")
                .isEqualTo(204);
        JsonNode keyEntries = entries("?resourceType=api-key&resourceId=" + keyId);
        assertThat(keyEntries.size()).isEqualTo(2);
        assertEntry(keyEntries.get(0), "revoke", "DELETE", "/api/config/api-keys/" + keyId, null, null);
        assertEntry(keyEntries.get(1), "create", "POST", "/api/config/api-keys", null, null);
        assertThat(jdbc.queryForList("SELECT path FROM audit_log", String.class))
                .noneMatch(p -> p.contains("dsk_"));
    }

    @Test
    void recordsTemplateChangesAndTheJobsTheyMake() {
        assertThat(alice.post("/api/config/connections", connection("dw-" + suffix))
                        .statusCode())
                .isEqualTo(201);
        String yaml = """
                name: t-%s
                parameters:
                  - { name: table }
                definition:
                  name: "copy-${table}-%s"
                  source: { type: jdbc, connection: dw-%s, table: "public.${table}" }
                  target: { type: jdbc, connection: dw-%s, table: "dw.${table}" }
                """.formatted(suffix, suffix, suffix, suffix);
        HttpResponse<String> created = alice.send("POST", "/api/config/templates", yaml, "application/yaml");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String templateId = json(created).get("id").asString();
        assertThat(alice.send("PUT", "/api/config/templates/" + templateId, yaml, "application/yaml")
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> job = alice.post(
                "/api/config/templates/" + templateId + "/instantiate", "{\"parameters\":{\"table\":\"orders\"}}");
        assertThat(job.statusCode()).as(job.body()).isEqualTo(201);
        String jobId = json(job).get("id").asString();
        assertThat(alice.send("DELETE", "/api/config/templates/" + templateId, null, null)
                        .statusCode())
                .isEqualTo(204);

        JsonNode templates = entries("?resourceType=template&resourceId=" + templateId);
        assertThat(templates.size()).isEqualTo(3);
        assertEntry(templates.get(0), "delete", "DELETE", "/api/config/templates/" + templateId, 2L, null);
        assertEntry(templates.get(1), "update", "PUT", "/api/config/templates/" + templateId, 1L, 2L);
        assertEntry(templates.get(2), "create", "POST", "/api/config/templates", null, 1L);
        JsonNode made = entries("?resourceType=job&resourceId=" + jobId);
        assertThat(made.size()).isEqualTo(1);
        assertEntry(
                made.get(0), "instantiate", "POST", "/api/config/templates/" + templateId + "/instantiate", null, 1L);
    }

    @Test
    void aRefusedChangeLeavesNoRow() {
        HttpResponse<String> created = alice.post("/api/config/connections", connection("c-" + suffix));
        String id = json(created).get("id").asString();
        assertThat(alice.post("/api/config/connections", connection("c-" + suffix))
                        .statusCode())
                .isEqualTo(409);
        assertThat(alice.send("PUT", "/api/config/connections/" + id, "{\"name\":1}", "application/json")
                        .statusCode())
                .isEqualTo(400);
        assertThat(alice.post("/api/config/jobs/validate", "{}").statusCode()).isEqualTo(400);
        assertThat(entries("?actor=" + actor).size()).isEqualTo(1);
    }

    @Test
    void recordsTheApiKeyACallerUsed() {
        String keyId = "abcdefghijkl";
        ServiceHttp robot = http.as(Identity.apiKey("robot-" + suffix, keyId, Role.ADMIN, null));
        assertThat(robot.post("/api/config/connections", connection("c-" + suffix))
                        .statusCode())
                .isEqualTo(201);
        JsonNode items = entries("?actor=api-key:robot-" + suffix);
        assertThat(items.size()).isEqualTo(1);
        assertThat(items.get(0).get("via").asString()).isEqualTo("api_key");
        assertThat(items.get(0).get("apiKeyId").asString()).isEqualTo(keyId);
    }

    @Test
    void filtersByActorAndTimeAndPagesNewestFirst() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(json(alice.post("/api/config/connections", connection("c" + i + "-" + suffix)))
                    .get("id")
                    .asString());
        }
        JsonNode first = page("?actor=" + actor + "&size=2");
        assertThat(first.get("totalItems").asLong()).isEqualTo(3);
        assertThat(first.get("totalPages").asLong()).isEqualTo(2);
        assertThat(first.get("items").size()).isEqualTo(2);
        assertThat(first.at("/items/0/resourceId").asString()).isEqualTo(ids.get(2));
        assertThat(first.at("/items/1/resourceId").asString()).isEqualTo(ids.get(1));
        JsonNode second = page("?actor=" + actor + "&size=2&page=1");
        assertThat(second.get("items").size()).isEqualTo(1);
        assertThat(second.at("/items/0/resourceId").asString()).isEqualTo(ids.get(0));
        assertThat(page("?actor=" + actor + "&page=5").get("items").size()).isZero();

        String oldest = second.at("/items/0/occurredAt").asString();
        String newest = first.at("/items/0/occurredAt").asString();
        JsonNode since = page("?actor=" + actor + "&from=" + encode(newest));
        assertThat(since.get("totalItems").asLong()).isEqualTo(1);
        JsonNode before = page("?actor=" + actor + "&to=" + encode(newest));
        assertThat(before.get("totalItems").asLong()).isEqualTo(2);
        JsonNode window = page("?actor=" + actor + "&from=" + encode(oldest) + "&to=" + encode(newest));
        assertThat(window.get("totalItems").asLong()).isEqualTo(2);
        assertThat(page("?actor=nobody-" + suffix).get("totalItems").asLong()).isZero();
        assertThat(page("?resourceType=connection&resourceId=" + ids.get(1))
                        .get("totalItems")
                        .asLong())
                .isEqualTo(1);
    }

    @Test
    void refusesBadParametersNamingThem() {
        assertBad("?from=yesterday", "?from");
        assertBad("?to=2026-13-01T00:00:00Z", "?to");
        assertBad("?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "?from");
        assertBad("?size=0", "?size");
        assertBad("?size=201", "?size");
        assertBad("?page=-1", "?page");
        assertBad("?page=x", "?page");
        assertBad("?actor=", "?actor");
    }

    @Test
    void onlyAdminsReadTheAuditLog() {
        assertThat(http.as(Role.VIEWER).get(AUDIT).statusCode()).isEqualTo(403);
        assertThat(http.as(Role.OPERATOR).get(AUDIT).statusCode()).isEqualTo(403);
        assertThat(http.anonymous().get(AUDIT).statusCode()).isEqualTo(401);
        assertThat(http.as(Role.ADMIN).get(AUDIT).statusCode()).isEqualTo(200);
    }

    private void assertBad(String query, String parameter) {
        HttpResponse<String> response = http.get(AUDIT + query);
        assertThat(response.statusCode()).as(query + " " + response.body()).isEqualTo(400);
        assertThat(response.body()).as(query).contains("\"pointer\":\"" + parameter + "\"");
    }

    private static void assertEntry(JsonNode e, String action, String method, String path, Long before, Long after) {
        assertThat(e.get("action").asString()).isEqualTo(action);
        assertThat(e.get("method").asString()).isEqualTo(method);
        assertThat(e.get("path").asString()).isEqualTo(path);
        assertThat(
                        e.get("beforeVersion").isNull()
                                ? null
                                : e.get("beforeVersion").asLong())
                .as(action + " before")
                .isEqualTo(before);
        assertThat(e.get("afterVersion").isNull() ? null : e.get("afterVersion").asLong())
                .as(action + " after")
                .isEqualTo(after);
    }

    private JsonNode entries(String query) {
        return page(query).get("items");
    }

    private JsonNode page(String query) {
        HttpResponse<String> response = http.get(AUDIT + query);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private String job(String table) {
        return """
                name: job-%s
                source: { type: jdbc, connection: src-%s, table: public.orders }
                target: { type: jdbc, connection: dst-%s, table: dw.%s, writeMode: upsert, keys: [id] }
                """.formatted(suffix, suffix, suffix, table);
    }

    private static String connection(String name) {
        return "{\"name\":\"" + name + "\",\"type\":\"jdbc\",\"settings\":{\"url\":"
                + "\"jdbc:postgresql://127.0.0.1:5432/x\",\"user\":\"u\",\"password\":\"p\"}}";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
