package io.datasync.config.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.kit.test.ServiceTestSupport;
import io.datasync.models.security.Role;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** API keys over the real API (as admins through the gateway) and the gateway's verify call, on real PostgreSQL. */
class ApiKeysIT extends ServiceTestSupport {

    private static final String BASE = "/api/config/api-keys";
    private static final String VERIFY = "/internal/api-keys/verify";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Value("${datasync.config.internal.token}")
    String internalToken;

    private String suffix;

    @BeforeEach
    void suffix() {
        suffix = UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void showsTheKeyOnceAndStoresOnlyItsHash() {
        HttpResponse<String> created = create("{\"name\":\"ci-" + suffix + "\",\"role\":\"operator\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = json(created);
        String id = body.get("id").asString();
        String key = body.get("key").asString();
        assertThat(key).matches("dsk_[a-z0-9]{12}_[A-Za-z0-9_-]{43}").startsWith("dsk_" + id + "_");
        assertThat(body.get("role").asString()).isEqualTo("operator");
        assertThat(body.get("state").asString()).isEqualTo("active");
        assertThat(body.get("createdBy").asString()).isEqualTo("it-admin");
        assertThat(created.headers().firstValue("Location")).hasValue(BASE + "/" + id);
        assertThat(created.headers().firstValue("Cache-Control")).hasValue("no-store");

        HttpResponse<String> read = http.get(BASE + "/" + id);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json(read).has("key")).isFalse();
        assertThat(read.body()).doesNotContain(secretOf(key));
        HttpResponse<String> list = http.get(BASE + "?size=200");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains(id).doesNotContain(secretOf(key)).doesNotContain("keyHash");

        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM api_key WHERE id = ?", id);
        assertThat(row.get("key_hash")).isEqualTo(ApiKeyFormat.hash(key));
        assertThat(row.values()).noneMatch(v -> v != null && v.toString().contains(secretOf(key)));
    }

    @Test
    void verifiesAnActiveKeyAndRecordsItsUseAtMostOncePerInterval() {
        JsonNode created = json(create("{\"name\":\"ci-" + suffix + "\",\"role\":\"viewer\"}"));
        String id = created.get("id").asString();
        String key = created.get("key").asString();

        HttpResponse<String> verified = verify(key, internalToken);
        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        assertThat(json(verified).get("id").asString()).isEqualTo(id);
        assertThat(json(verified).get("name").asString()).isEqualTo("ci-" + suffix);
        assertThat(json(verified).get("role").asString()).isEqualTo("viewer");
        assertThat(json(verified).get("jobId").isNull()).isTrue();
        Timestamp firstUse = jdbc.queryForObject("SELECT last_used_at FROM api_key WHERE id = ?", Timestamp.class, id);
        assertThat(firstUse).isNotNull();

        assertThat(verify(key, internalToken).statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT last_used_at FROM api_key WHERE id = ?", Timestamp.class, id))
                .as("a second use within the interval writes nothing")
                .isEqualTo(firstUse);
        assertThat(json(http.get(BASE + "/" + id)).get("lastUsedAt").isNull()).isFalse();
    }

    @Test
    void aRevokedKeyIsRefusedAndRevokingTwiceIsFine() {
        JsonNode created = json(create("{\"name\":\"ci-" + suffix + "\",\"role\":\"admin\"}"));
        String id = created.get("id").asString();
        String key = created.get("key").asString();

        assertThat(http.send("DELETE", BASE + "/" + id, null, null).statusCode())
                .isEqualTo(204);
        assertThat(http.send("DELETE", BASE + "/" + id, null, null).statusCode())
                .isEqualTo(204);

        HttpResponse<String> refused = verify(key, internalToken);
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(json(refused).get("detail").asString()).contains("revoked");
        JsonNode read = json(http.get(BASE + "/" + id));
        assertThat(read.get("state").asString()).isEqualTo("revoked");
        assertThat(read.get("revokedBy").asString()).isEqualTo("it-admin");
        assertThat(read.get("revokedAt").isNull()).isFalse();

        // the name is free again once its key is revoked
        assertThat(create("{\"name\":\"ci-" + suffix + "\",\"role\":\"admin\"}").statusCode())
                .isEqualTo(201);
        assertThat(http.send("DELETE", BASE + "/nokey0000000", null, null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void anExpiredKeyIsRefusedAndFreesItsName() {
        JsonNode created = json(create("{\"name\":\"ci-" + suffix + "\",\"role\":\"viewer\",\"expiresAt\":\""
                + Instant.now().plusSeconds(3600) + "\"}"));
        String id = created.get("id").asString();
        assertThat(created.get("expiresAt").isNull()).isFalse();
        assertThat(verify(created.get("key").asString(), internalToken).statusCode())
                .isEqualTo(200);
        // let the hour pass
        jdbc.update("UPDATE api_key SET expires_at = now() - interval '1 minute' WHERE id = ?", id);

        HttpResponse<String> refused = verify(created.get("key").asString(), internalToken);
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(json(refused).get("detail").asString()).contains("expired");
        assertThat(json(http.get(BASE + "/" + id)).get("state").asString()).isEqualTo("expired");

        HttpResponse<String> again = create("{\"name\":\"ci-" + suffix + "\",\"role\":\"viewer\"}");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
        assertThat(json(http.get(BASE + "/" + id)).get("revokedBy").asString()).isEqualTo("system:expired");
    }

    @Test
    void anUnknownKeyIsNotFoundAndSomethingElseIsABadRequest() {
        String unknown = "dsk_abcdefghijkl_" + "A".repeat(43);
        HttpResponse<String> refused = verify(unknown, internalToken);
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(json(refused).get("detail").asString()).contains("unknown");

        // a real id with a wrong secret is unknown too: the hash decides, not the id
        String real = json(create("{\"name\":\"ci-" + suffix + "\",\"role\":\"viewer\"}"))
                .get("key")
                .asString();
        String forged = real.substring(0, real.length() - 43) + "B".repeat(43);
        assertThat(json(verify(forged, internalToken)).get("detail").asString()).contains("unknown");

        for (String malformed : List.of("nope", "dsk_short_secret", real + "x", "")) {
            HttpResponse<String> bad = verify(malformed, internalToken);
            assertThat(bad.statusCode()).as(malformed).isEqualTo(400);
            assertThat(bad.body()).contains("\"pointer\":\"/key\"");
        }
        HttpResponse<String> noKey =
                http.anonymous().send("POST", VERIFY, "{}", "application/json", "X-Service-Token", internalToken);
        assertThat(noKey.statusCode()).isEqualTo(400);
        assertThat(noKey.body()).contains("\"pointer\":\"/key\"");
    }

    @Test
    void verifyNeedsTheInternalToken() {
        String key = json(create("{\"name\":\"ci-" + suffix + "\",\"role\":\"viewer\"}"))
                .get("key")
                .asString();
        assertThat(verify(key, "wrong-token").statusCode()).isEqualTo(401);
        HttpResponse<String> none =
                http.anonymous().send("POST", VERIFY, "{\"key\":\"" + key + "\"}", "application/json");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
    }

    @Test
    void refusesBadInputNamingEachField() {
        HttpResponse<String> empty = create("{\"color\":\"red\"}");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body())
                .contains("\"pointer\":\"/name\"")
                .contains("\"pointer\":\"/role\"")
                .contains("\"pointer\":\"/color\"");

        assertThat(create("{\"name\":\"a b\",\"role\":\"viewer\"}").body()).contains("\"pointer\":\"/name\"");
        assertThat(create("{\"name\":\"ok-" + suffix + "\",\"role\":\"root\"}").body())
                .contains("\"pointer\":\"/role\"");
        assertThat(create("{\"name\":\"ok-" + suffix + "\",\"role\":\"viewer\",\"jobId\":\"x\"}")
                        .body())
                .contains("\"pointer\":\"/jobId\"");
        HttpResponse<String> noJob =
                create("{\"name\":\"ok-" + suffix + "\",\"role\":\"viewer\",\"jobId\":\"" + UUID.randomUUID() + "\"}");
        assertThat(noJob.statusCode()).isEqualTo(400);
        assertThat(noJob.body()).contains("\"pointer\":\"/jobId\"");
        HttpResponse<String> past =
                create("{\"name\":\"ok-" + suffix + "\",\"role\":\"viewer\",\"expiresAt\":\"2020-01-01T00:00:00Z\"}");
        assertThat(past.statusCode()).isEqualTo(400);
        assertThat(past.body()).contains("\"pointer\":\"/expiresAt\"");
        assertThat(create("{\"name\":\"ok-" + suffix + "\",\"role\":\"viewer\",\"expiresAt\":\"soon\"}")
                        .body())
                .contains("\"pointer\":\"/expiresAt\"");
        assertThat(create("[1]").statusCode()).isEqualTo(400);
        assertThat(create("{\"name\":").statusCode()).isEqualTo(400);

        assertThat(create("{\"name\":\"ok-" + suffix + "\",\"role\":\"viewer\"}")
                        .statusCode())
                .isEqualTo(201);
        HttpResponse<String> taken = create("{\"name\":\"ok-" + suffix + "\",\"role\":\"admin\"}");
        assertThat(taken.statusCode()).isEqualTo(409);
        assertThat(taken.body()).contains("\"pointer\":\"/name\"");

        HttpResponse<String> tooBig = http.get(BASE + "?size=1000");
        assertThat(tooBig.statusCode()).isEqualTo(400);
        assertThat(tooBig.body()).contains("\"pointer\":\"?size\"");
        assertThat(http.get(BASE + "?page=x").body()).contains("\"pointer\":\"?page\"");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM api_key WHERE name = ?", Long.class, "ok-" + suffix))
                .isEqualTo(1);
    }

    @Test
    void onlyAdminsManageKeys() {
        for (Role role : List.of(Role.VIEWER, Role.OPERATOR)) {
            assertThat(http.as(role)
                            .post(BASE, "{\"name\":\"ci-" + suffix + "\",\"role\":\"viewer\"}")
                            .statusCode())
                    .isEqualTo(403);
            assertThat(http.as(role).get(BASE).statusCode()).isEqualTo(403);
        }
        assertThat(http.anonymous().get(BASE).statusCode()).isEqualTo(401);
    }

    @Test
    void aJobBoundKeyNamesItsJobAndIsRevokedWithIt() {
        String job = createJob();
        JsonNode created =
                json(create("{\"name\":\"ci-" + suffix + "\",\"role\":\"operator\",\"jobId\":\"" + job + "\"}"));
        assertThat(created.get("jobId").asString()).isEqualTo(job);
        String key = created.get("key").asString();
        String id = created.get("id").asString();
        assertThat(json(verify(key, internalToken)).get("jobId").asString()).isEqualTo(job);

        assertThat(http.send("DELETE", "/api/config/jobs/" + job, null, null).statusCode())
                .isEqualTo(204);

        HttpResponse<String> refused = verify(key, internalToken);
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(json(refused).get("detail").asString()).contains("revoked");
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM audit_log WHERE resource_type = 'api-key' AND resource_id = ?"
                                + " AND action = 'revoke' AND actor = 'it-admin' AND path = ?",
                        Long.class,
                        id,
                        "/api/config/jobs/" + job))
                .isEqualTo(1);
    }

    /** A job with two connections of its own; its id. */
    private String createJob() {
        for (String name : List.of("src-" + suffix, "dst-" + suffix)) {
            HttpResponse<String> c = http.post(
                    "/api/config/connections",
                    "{\"name\":\"" + name + "\",\"type\":\"jdbc\",\"settings\":{\"url\":"
                            + "\"jdbc:postgresql://127.0.0.1:5432/x\",\"user\":\"u\",\"password\":\"p\"}}");
            assertThat(c.statusCode()).as(c.body()).isEqualTo(201);
        }
        String yaml = """
                name: job-%s
                source: { type: jdbc, connection: src-%s, table: public.orders }
                target: { type: jdbc, connection: dst-%s, table: dw.orders, writeMode: upsert, keys: [id] }
                """.formatted(suffix, suffix, suffix);
        HttpResponse<String> created = http.send("POST", "/api/config/jobs", yaml, "application/yaml");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).get("id").asString();
    }

    private HttpResponse<String> create(String body) {
        return http.post(BASE, body);
    }

    private HttpResponse<String> verify(String key, String token) {
        return http.anonymous()
                .send(
                        "POST",
                        VERIFY,
                        JSON.writeValueAsString(Map.of("key", key)),
                        "application/json",
                        "X-Service-Token",
                        token);
    }

    private static String secretOf(String key) {
        return key.substring(key.length() - 43);
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
