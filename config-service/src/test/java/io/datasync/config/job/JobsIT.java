package io.datasync.config.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datasync.kit.test.ServiceTestSupport;
import io.datasync.models.event.Topics;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Job definitions over HTTP against the real service, PostgreSQL and Kafka, bad input included. */
class JobsIT extends ServiceTestSupport {

    private static final String YAML = "application/yaml";
    private final JsonMapper json = JsonMapper.builder().build();
    private String suffix;

    @BeforeEach
    void connections() {
        suffix = UUID.randomUUID().toString().substring(0, 8);
        createConnection(
                "pg-" + suffix,
                "jdbc",
                "{\"url\":\"jdbc:postgresql://127.0.0.1:5432/src\",\"user\":\"u\",\"password\":\"p-" + suffix + "\"}");
        createConnection(
                "dw-" + suffix,
                "jdbc",
                "{\"url\":\"jdbc:postgresql://127.0.0.1:5432/dw\",\"user\":\"u\",\"password\":\"q\"}");
        createConnection("api-" + suffix, "http", "{\"baseUrl\":\"http://127.0.0.1:9/\",\"auth\":{\"type\":\"none\"}}");
    }

    private void createConnection(String name, String type, String settings) {
        HttpResponse<String> created = http.post(
                "/api/config/connections",
                "{\"name\":\"" + name + "\",\"type\":\"" + type + "\",\"settings\":" + settings + "}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private String job(String name, String table) {
        return """
                name: %s
                source: { type: jdbc, connection: pg-%s, table: public.orders }
                transforms:
                  - derive: { total_cents: "amount * 100" }
                target: { type: jdbc, connection: dw-%s, table: %s, writeMode: upsert, keys: [id] }
                schedule: { cron: "0 0 2 * * ?", timezone: Asia/Shanghai }
                """.formatted(name, suffix, suffix, table);
    }

    private HttpResponse<String> create(String body, String contentType) {
        return http.send("POST", "/api/config/jobs", body, contentType);
    }

    private JsonNode body(HttpResponse<String> response) {
        return json.readTree(response.body());
    }

    @Test
    void createsAJobFromYamlAndReadsItBackWithItsETag() {
        HttpResponse<String> created = create(job("orders-" + suffix, "dw.orders"), YAML);

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = body(created).get("id").asString();
        assertThat(created.headers().firstValue("Location")).contains("/api/config/jobs/" + id);
        assertThat(created.headers().firstValue("ETag")).contains("\"1\"");
        assertThat(body(created).at("/definition/target/table").asString()).isEqualTo("dw.orders");
        assertThat(body(created).get("version").asInt()).isEqualTo(1);

        HttpResponse<String> read = http.get("/api/config/jobs/" + id);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("ETag")).contains("\"1\"");
    }

    @Test
    void acceptsJsonBodiesToo() {
        String definition = """
                {"name":"json-%s","source":{"type":"jdbc","connection":"pg-%s","table":"orders"},
                 "target":{"type":"jdbc","connection":"dw-%s","table":"dw.copied"}}""".formatted(suffix, suffix, suffix);
        assertThat(create(definition, "application/json").statusCode()).isEqualTo(201);
    }

    @Test
    void refusesAtSaveAPushJobWithoutColumnsAndTyposInOptions() {
        HttpResponse<String> push = create("""
                {"name":"push-%s","source":{"type":"push"},
                 "target":{"type":"jdbc","connection":"dw-%s","table":"dw.pushed"}}""".formatted(suffix, suffix), "application/json");
        assertThat(push.statusCode()).as(push.body()).isEqualTo(400);
        assertThat(body(push).at("/errors/0/pointer").asString()).isEqualTo("/source/options/columns");
        assertThat(body(push).at("/errors/0/message").asString()).startsWith("are required");
        HttpResponse<String> pushWithColumns = create("""
                {"name":"push-ok-%s","source":{"type":"push","options":{"columns":[{"name":"id","type":"bigint"}],
                 "key":["id"]}},"target":{"type":"jdbc","connection":"dw-%s","table":"dw.pushed","writeMode":"upsert",
                 "keys":["id"]},"batch":{"maxRows":1000,"maxDelay":"100ms"}}""".formatted(suffix, suffix), "application/json");
        assertThat(pushWithColumns.statusCode())
                .as("a push job needs no connection: " + pushWithColumns.body())
                .isEqualTo(201);

        HttpResponse<String> typo = create("""
                name: typo-%s
                source: { type: jdbc, connection: pg-%s, table: orders, options: { fetchsize: 10 } }
                target: { type: jdbc, connection: dw-%s, table: dw.t }
                """.formatted(suffix, suffix, suffix), YAML);
        assertThat(typo.statusCode()).as(typo.body()).isEqualTo(400);
        assertThat(body(typo).at("/errors/0/pointer").asString()).isEqualTo("/source/options/fetchsize");
        assertThat(body(typo).at("/errors/0/message").asString()).contains("did you mean 'fetchSize'?");
        assertThat(http.get("/api/config/jobs?search=typo-" + suffix).body()).doesNotContain("typo-" + suffix);
    }

    @Test
    void everySaveIsAVersionThatCanBeDiffedAndRolledBack() {
        String id = body(create(job("v-" + suffix, "dw.a"), YAML)).get("id").asString();

        HttpResponse<String> updated =
                http.send("PUT", "/api/config/jobs/" + id, job("v-" + suffix, "dw.b"), YAML, "If-Match", "\"1\"");
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(body(updated).get("version").asInt()).isEqualTo(2);

        HttpResponse<String> same = http.send("PUT", "/api/config/jobs/" + id, job("v-" + suffix, "dw.b"), YAML);
        assertThat(body(same).get("version").asInt())
                .as("an identical save adds no version")
                .isEqualTo(2);

        assertThat(body(http.get("/api/config/jobs/" + id + "/versions")).size())
                .isEqualTo(2);
        JsonNode diff = body(http.get("/api/config/jobs/" + id + "/diff?from=1&to=2"));
        assertThat(diff.get("operations").toString())
                .contains(
                        "\"op\":\"replace\"",
                        "\"path\":\"/target/table\"",
                        "\"value\":\"dw.b\"",
                        "\"oldValue\":\"dw.a\"");

        HttpResponse<String> rolledBack =
                http.send("POST", "/api/config/jobs/" + id + "/rollback", "{\"version\":1}", "application/json");
        assertThat(body(rolledBack).get("version").asInt()).isEqualTo(3);
        assertThat(body(rolledBack).at("/definition/target/table").asString()).isEqualTo("dw.a");

        HttpResponse<String> yaml = http.get("/api/config/jobs/" + id + "/versions/1?format=yaml");
        assertThat(yaml.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith(YAML));
        assertThat(yaml.body()).contains("table: \"dw.a\"");
    }

    @Test
    void aStaleIfMatchIsA412() {
        String id = body(create(job("stale-" + suffix, "dw.a"), YAML)).get("id").asString();
        http.send("PUT", "/api/config/jobs/" + id, job("stale-" + suffix, "dw.b"), YAML, "If-Match", "\"1\"");

        HttpResponse<String> stale =
                http.send("PUT", "/api/config/jobs/" + id, job("stale-" + suffix, "dw.c"), YAML, "If-Match", "\"1\"");
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(stale.body()).contains("COMMON-007", "changed since you read it");
    }

    @Test
    void enablesDisablesListsAndDeletes() {
        String id = body(create(job("life-" + suffix, "dw.a"), YAML)).get("id").asString();
        assertThat(body(http.post("/api/config/jobs/" + id + "/disable", ""))
                        .get("enabled")
                        .asBoolean())
                .isFalse();
        JsonNode page = body(http.get("/api/config/jobs?q=life-" + suffix + "&enabled=false&size=5"));
        assertThat(page.get("totalItems").asLong()).isEqualTo(1);
        assertThat(page.at("/items/0/id").asString()).isEqualTo(id);

        assertThat(http.send("DELETE", "/api/config/jobs/" + id, null, null).statusCode())
                .isEqualTo(204);
        assertThat(http.get("/api/config/jobs/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void publishesJobChangedThroughTheOutbox() {
        String id =
                body(create(job("events-" + suffix, "dw.a"), YAML)).get("id").asString();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var events = jdbc.queryForList(
                    "SELECT id::text FROM outbox_event WHERE message_key = ? AND published_at IS NOT NULL",
                    String.class,
                    id);
            assertThat(events).hasSize(1);
            assertThat(deliveries(Topics.CONFIG_CHANGES, Set.copyOf(events))).containsValue(1);
        });
    }

    @Test
    void validatesWithoutSavingAndPreviewsFireTimes() {
        HttpResponse<String> report =
                http.send("POST", "/api/config/jobs/validate", job("dry-" + suffix, "dw.a"), YAML);
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(body(report).get("nextFireTimes").size()).isEqualTo(5);
        assertThat(body(report).at("/nextFireTimes/0").asString()).endsWith("+08:00");
        assertThat(http.get("/api/config/jobs?q=dry-" + suffix).body()).contains("\"totalItems\":0");
    }

    @Test
    void refusesBadDefinitionsNamingEveryField() {
        assertProblem(create("name: [unclosed", YAML), 400, "/", "not valid YAML");
        assertProblem(
                create(
                        job("t-" + suffix, "dw.a").replace("type: jdbc, connection: pg", "type: ftp, connection: pg"),
                        YAML),
                400,
                "/source/type",
                "ftp");
        assertProblem(
                create(job("c-" + suffix, "dw.a").replace("0 0 2 * * ?", "every night"), YAML),
                400,
                "/schedule/cron",
                "not a valid Quartz cron");
        assertProblem(
                create(job("l-" + suffix, "dw.a").replace("amount * 100", "amount * ("), YAML),
                400,
                "/transforms/0/derive/total_cents",
                "CEL");
        assertProblem(
                create(job("i-" + suffix, "dw.a").replace("public.orders", "\"orders; drop table x\""), YAML),
                400,
                "/source/table",
                "not a safe name");
        assertProblem(
                create(job("n-" + suffix, "dw.a").replace("connection: pg-", "connection: nope-"), YAML),
                400,
                "/source/connection",
                "no connection named");
        assertProblem(
                create(job("h-" + suffix, "dw.a").replace("connection: pg-", "connection: api-"), YAML),
                400,
                "/source/connection",
                "is a http connection");
        assertProblem(
                create(
                        job("f-" + suffix, "dw.a")
                                .replace("derive: { total_cents: \"amount * 100\" }", "filter: \"1 + 1\""),
                        YAML),
                400,
                "/transforms/0/filter",
                "must be a condition that gives true or false; it gives int");
        assertThat(create(
                                job("g-" + suffix, "dw.a")
                                        .replace("derive: { total_cents: \"amount * 100\" }", "filter: \"amount > 0\""),
                                YAML)
                        .statusCode())
                .as("a condition on a field")
                .isEqualTo(201);
        assertProblem(
                create(job("z-" + suffix, "dw.a").replace("timezone: Asia/Shanghai", "timezone: Mars/Olympus"), YAML),
                400,
                "/schedule/timezone",
                "is not a time zone");
    }

    @Test
    void refusesAnOversizedBodyAndAnUnknownContentType() {
        String huge = job("big-" + suffix, "dw.a") + "# " + "x".repeat(2 * 1024 * 1024) + "\n";
        assertThat(create(huge, YAML).statusCode()).isEqualTo(413);
        assertThat(create("name: x", "text/csv").statusCode()).isEqualTo(415);
    }

    @Test
    void answersAnUnknownJobWith404AndAMalformedIdWith400() {
        assertProblem(http.get("/api/config/jobs/" + UUID.randomUUID()), 404, null, "does not exist");
        assertProblem(http.get("/api/config/jobs/not-a-uuid"), 400, "?id", "not a valid UUID");
    }

    @Test
    void syncServiceGetsTheJobWithDecryptedConnectionsOnlyWithTheServiceToken() {
        String id =
                body(create(job("internal-" + suffix, "dw.a"), YAML)).get("id").asString();

        assertThat(http.get("/internal/jobs/" + id).statusCode()).isEqualTo(401);
        assertThat(http.get("/internal/jobs/" + id, "X-Service-Token", "wrong").statusCode())
                .isEqualTo(401);

        HttpResponse<String> resolved = http.get("/internal/jobs/" + id, "X-Service-Token", "it-internal-token-6f1c");
        assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
        JsonNode job = body(resolved);
        assertThat(job.get("version").asInt()).isEqualTo(1);
        assertThat(job.at("/definition/target/table").asString()).isEqualTo("dw.a");
        assertThat(job.at("/connections/pg-" + suffix + "/settings/password").asString())
                .isEqualTo("p-" + suffix);
        assertThat(http.get("/internal/jobs/" + id + "/versions/1", "X-Service-Token", "it-internal-token-6f1c")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void schedulerListsEveryJobsScheduleWithoutSecretsOnlyWithTheServiceToken() {
        String scheduled =
                body(create(job("sched-" + suffix, "dw.a"), YAML)).get("id").asString();
        String manual = body(create(
                        job("manual-" + suffix, "dw.b")
                                .replace("schedule: { cron: \"0 0 2 * * ?\", timezone: Asia/Shanghai }\n", ""),
                        YAML))
                .get("id")
                .asString();
        assertThat(http.send("DELETE", "/api/config/jobs/" + manual, null, null).statusCode())
                .isEqualTo(204);
        String token = "it-internal-token-6f1c";

        assertThat(http.get("/internal/jobs").statusCode()).isEqualTo(401);
        HttpResponse<String> one = http.get("/internal/jobs/" + scheduled + "/schedule", "X-Service-Token", token);
        assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
        assertThat(body(one).at("/schedule/cron").asString()).isEqualTo("0 0 2 * * ?");
        assertThat(body(one).at("/schedule/timezone").asString()).isEqualTo("Asia/Shanghai");
        assertThat(body(one).at("/retry/maxAttempts").asInt()).isEqualTo(3);
        assertThat(body(one).get("enabled").asBoolean()).isTrue();
        assertThat(one.body()).doesNotContain("password", "connections");
        assertThat(http.get("/internal/jobs/" + manual + "/schedule", "X-Service-Token", token)
                        .statusCode())
                .as("a deleted job has no schedule")
                .isEqualTo(404);

        java.util.List<JsonNode> all = new java.util.ArrayList<>();
        String after = "";
        do {
            JsonNode listed = body(http.get("/internal/jobs?size=2" + after, "X-Service-Token", token));
            listed.get("items").forEach(all::add);
            after = listed.get("next").isNull()
                    ? null
                    : "&after=" + listed.get("next").asString();
        } while (after != null);
        assertThat(all)
                .extracting(j -> j.get("jobId").asString())
                .as("by id, each job once")
                .isSorted()
                .doesNotHaveDuplicates()
                .contains(scheduled)
                .doesNotContain(manual);
        assertThat(http.get("/internal/jobs?size=0", "X-Service-Token", token).statusCode())
                .isEqualTo(400);

        // Every change bumps the revision, a disable too (the version stays), so the scheduler can refuse older data.
        long revision = body(one).get("revision").asLong();
        assertThat(http.post("/api/config/jobs/" + scheduled + "/disable", "").statusCode())
                .isEqualTo(200);
        JsonNode disabled = body(http.get("/internal/jobs/" + scheduled + "/schedule", "X-Service-Token", token));
        assertThat(disabled.get("enabled").asBoolean()).isFalse();
        assertThat(disabled.get("version").asLong())
                .isEqualTo(body(one).get("version").asLong());
        assertThat(disabled.get("revision").asLong()).isGreaterThan(revision);
    }

    @Test
    void aConnectionUsedByAJobCannotBeDeleted() {
        create(job("user-" + suffix, "dw.a"), YAML);
        String connectionId = body(http.get("/api/config/connections?size=200"))
                .get("items")
                .valueStream()
                .filter(c -> c.get("name").asString().equals("pg-" + suffix))
                .findFirst()
                .orElseThrow()
                .get("id")
                .asString();

        HttpResponse<String> refused = http.send("DELETE", "/api/config/connections/" + connectionId, null, null);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("user-" + suffix);
    }

    /** A change to a connection that would break its jobs at their next run is refused, naming field and jobs. */
    @Test
    void aConnectionUsedByAJobKeepsItsNameAndEnoughConnectionsForIt() {
        assertThat(create(
                                job("wide-" + suffix, "dw.a")
                                        .replace(
                                                "table: public.orders",
                                                "table: public.orders, split: { column: id, parallelism: 4 }"),
                                YAML)
                        .statusCode())
                .isEqualTo(201);
        String connectionId = body(http.get("/api/config/connections?size=200"))
                .get("items")
                .valueStream()
                .filter(c -> c.get("name").asString().equals("pg-" + suffix))
                .findFirst()
                .orElseThrow()
                .get("id")
                .asString();
        String settings = "{\"url\":\"jdbc:postgresql://127.0.0.1:5432/src\",\"user\":\"u\",\"maxPoolSize\":%d}";

        HttpResponse<String> renamed = http.send(
                "PUT",
                "/api/config/connections/" + connectionId,
                "{\"name\":\"renamed-" + suffix + "\",\"type\":\"jdbc\",\"settings\":" + settings.formatted(8) + "}",
                "application/json");
        assertProblem(renamed, 409, "/name", "wide-" + suffix);

        HttpResponse<String> narrowed = http.send(
                "PUT",
                "/api/config/connections/" + connectionId,
                "{\"name\":\"pg-" + suffix + "\",\"type\":\"jdbc\",\"settings\":" + settings.formatted(2) + "}",
                "application/json");
        assertProblem(narrowed, 409, "/settings/maxPoolSize", "wide-" + suffix + "=4");

        HttpResponse<String> fits = http.send(
                "PUT",
                "/api/config/connections/" + connectionId,
                "{\"name\":\"pg-" + suffix + "\",\"type\":\"jdbc\",\"settings\":" + settings.formatted(4) + "}",
                "application/json");
        assertThat(fits.statusCode()).as(fits.body()).isEqualTo(200);
    }

    @Test
    void aDuplicateJobNameIsAConflictNamingTheField() {
        create(job("twice-" + suffix, "dw.a"), YAML);
        assertProblem(create(job("twice-" + suffix, "dw.b"), YAML), 409, "/name", "already exists");
    }

    @Test
    void refusesAQueryThatIsNotOneSelect() {
        String withQuery =
                job("q-" + suffix, "dw.a").replace("table: public.orders", "query: \"select 1; drop table t\"");
        assertProblem(create(withQuery, YAML), 400, "/source/query", "without ';'");
    }

    @Test
    void publishesTheJsonSchema() {
        HttpResponse<String> schema = http.get("/api/config/schema/job");
        assertThat(schema.statusCode()).isEqualTo(200);
        assertThat(body(schema).get("$schema").asString()).contains("2020-12");
        assertThat(body(schema).at("/properties/source/properties/type/enum").toString())
                .contains("jdbc", "push");
    }

    private void assertProblem(HttpResponse<String> response, int status, String pointer, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        if (pointer != null) {
            assertThat(response.body()).contains("\"pointer\":\"" + pointer + "\"");
        }
        assertThat(response.body()).contains(message);
    }
}
