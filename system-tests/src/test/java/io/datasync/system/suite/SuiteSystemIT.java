package io.datasync.system.suite;

import static io.datasync.system.suite.Suite.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datasync.system.DatasyncApp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole suite started exactly as a user starts it ({@code ./datasync up}: a real KRaft broker from the Maven
 * Central jars, six service JVMs, local PostgreSQL or an embedded one), then every route checked through the gateway.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@org.junit.jupiter.api.extension.ExtendWith(Suite.Started.class)
class SuiteSystemIT {

    static List<DatasyncApp> backends() {
        return Arrays.stream(DatasyncApp.values())
                .filter(DatasyncApp::isBackend)
                .toList();
    }

    private static String apiBase(DatasyncApp app) {
        return "/api/" + app.module.replace("-service", "");
    }

    @Test
    @Order(1)
    void everyServiceIsReadyThroughTheGateway() throws Exception {
        HttpResponse<String> health = get("/actuator/health/services", "sys-health");
        assertThat(health.statusCode()).isEqualTo(200);
        for (DatasyncApp app : backends()) {
            assertThat(health.body()).contains("\"" + app.module + "\":{\"details\"");
        }
        assertThat(health.body()).doesNotContain("DOWN");
    }

    @ParameterizedTest
    @MethodSource("backends")
    @Order(2)
    void routesEachServiceAndPropagatesTheCorrelationId(DatasyncApp app) throws Exception {
        String correlationId = "sys-" + app.module;
        HttpResponse<String> outbox = get(apiBase(app) + "/outbox", correlationId);
        assertThat(outbox.statusCode()).isEqualTo(200);
        assertThat(outbox.body()).contains("\"service\":\"" + app.module + "\"");
        assertThat(outbox.headers().firstValue("X-Correlation-Id")).contains(correlationId);

        // The service itself saw the id: its own problem detail carries it back.
        HttpResponse<String> missing = get(apiBase(app) + "/no-such-resource", correlationId);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(missing.body())
                .contains("\"correlationId\":\"" + correlationId + "\"", "\"instance\":\"" + apiBase(app));
    }

    @ParameterizedTest
    @MethodSource("backends")
    @Order(3)
    void eachServicePublishesThroughItsOutboxToTheRealBroker(DatasyncApp app) throws Exception {
        HttpResponse<String> accepted =
                send(HttpRequest.newBuilder(URI.create(GATEWAY + apiBase(app) + "/outbox/probe"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"note\":\"system test\"}")));
        assertThat(accepted.statusCode()).isEqualTo(202);
        String eventId = accepted.body().replaceAll(".*\"eventId\":\"([^\"]+)\".*", "$1");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String status = get(apiBase(app) + "/outbox?limit=50", "sys-outbox").body();
            assertThat(status).containsPattern("\"id\":\"" + eventId + "\"[^}]*\"publishedAt\":\"20");
        });
    }

    @Test
    @Order(4)
    void neverRoutesInternalPathsAndAnswersUnknownOnesWithAProblem() throws Exception {
        for (String path :
                List.of("/internal/jobs/1", "/api/config/internal/jobs/1", "/api/config/%2e%2e/internal/x")) {
            HttpResponse<String> response = get(path, "sys-internal");
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.body()).as(path).contains("\"code\":\"COMMON-003\"");
        }
        HttpResponse<String> unknown = get("/no/such/api", "sys-unknown");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).contains("application/problem+json");
    }

    @Test
    @Order(5)
    void exportsPrometheusMetricsOnEveryService() throws Exception {
        for (DatasyncApp app : DatasyncApp.values()) {
            HttpResponse<String> metrics =
                    send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port + "/actuator/prometheus")));
            assertThat(metrics.statusCode()).as(app.module).isEqualTo(200);
            assertThat(metrics.body()).as(app.module).contains("jvm_memory_used_bytes");
        }
    }

    private static String job(String name) {
        return """
                name: %s
                source: { type: jdbc, connection: src-%s, table: public.orders }
                transforms: [ { derive: { total_cents: "amount * 100" } } ]
                target: { type: jdbc, connection: src-%s, table: dw.orders, writeMode: upsert, keys: [id] }
                schedule: { cron: "0 */15 * * * ?", timezone: Asia/Shanghai }
                """.formatted(name, SUFFIX, SUFFIX);
    }

    @Test
    @Order(5)
    void configApiWorksThroughTheGateway() throws Exception {
        HttpResponse<String> connection = send(
                "POST",
                "/api/config/connections",
                "{\"name\":\"src-" + SUFFIX + "\",\"type\":\"jdbc\",\"settings\":{\"url\":"
                        + "\"jdbc:postgresql://127.0.0.1:5432/postgres\",\"user\":\"postgres\",\"password\":\"s3cret-"
                        + SUFFIX + "\"}}",
                "application/json");
        assertThat(connection.statusCode()).as(connection.body()).isEqualTo(201);
        assertThat(connection.body()).doesNotContain("s3cret-" + SUFFIX).contains("******");

        HttpResponse<String> created = send("POST", "/api/config/jobs", job("gw-" + SUFFIX), "application/yaml");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        String etag = created.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> updated = send(
                "PUT",
                location,
                job("gw-" + SUFFIX).replace("dw.orders", "dw.orders2"),
                "application/yaml",
                "If-Match",
                etag);
        assertThat(updated.statusCode()).isEqualTo(200);
        HttpResponse<String> stale = send(
                "PUT",
                location,
                job("gw-" + SUFFIX).replace("dw.orders", "dw.orders3"),
                "application/yaml",
                "If-Match",
                etag);
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(send("GET", location + "/versions", null, null).body()).contains("\"version\":2");
    }

    static List<String[]> badConfigInputs() {
        String job = job("bad-" + SUFFIX);
        return List.of(
                new String[] {"invalid YAML", job.replace("name: bad", "name: [bad"), "/"},
                new String[] {
                    "unknown source type",
                    job.replace("type: jdbc, connection: src", "type: ftp, connection: src"),
                    "/source/type"
                },
                new String[] {"bad cron", job.replace("0 */15 * * * ?", "every quarter hour"), "/schedule/cron"},
                new String[] {
                    "CEL that does not compile",
                    job.replace("amount * 100", "amount * ("),
                    "/transforms/0/derive/total_cents"
                },
                new String[] {
                    "injected table name", job.replace("public.orders", "\"orders; drop table x\""), "/source/table"
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigInputs")
    @Order(5)
    void badJobDefinitionsGetA400NamingTheFieldThroughTheGateway(String what, String body, String pointer)
            throws Exception {
        HttpResponse<String> response = send("POST", "/api/config/jobs/validate", body, "application/yaml");
        assertThat(response.statusCode()).as(what).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(response.body()).as(what).contains("\"pointer\":\"" + pointer + "\"");
    }

    @Test
    @Order(5)
    void oversizedBodiesAndMissingTemplateParametersAreRefusedThroughTheGateway() throws Exception {
        String huge = job("huge-" + SUFFIX) + "# " + "x".repeat(2 * 1024 * 1024) + "\n";
        assertThat(send("POST", "/api/config/jobs", huge, "application/yaml").statusCode())
                .isEqualTo(413);

        HttpResponse<String> template = send(
                "POST",
                "/api/config/templates",
                "{\"name\":\"t-" + SUFFIX + "\",\"parameters\":[{\"name\":\"table\"}],\"definition\":"
                        + "{\"name\":\"t-${table}\",\"source\":{\"type\":\"push\"},\"target\":{\"type\":\"jdbc\","
                        + "\"connection\":\"src-" + SUFFIX + "\",\"table\":\"dw.${table}\"}}}",
                "application/json");
        assertThat(template.statusCode()).as(template.body()).isEqualTo(201);
        String id = template.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        HttpResponse<String> missing =
                send("POST", "/api/config/templates/" + id + "/instantiate", "{\"parameters\":{}}", "application/json");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("\"pointer\":\"/parameters/table\"");
    }

    @Test
    @Order(5)
    void ruleSetsDetectConflictsAndEvaluateThroughTheGateway() throws Exception {
        String conflicting = """
                {"name":"tiers-%s","rules":[
                  {"name":"gold","when":"amount > 100","priority":1,"then":{"set":{"tier":{"value":"gold"}}}},
                  {"name":"silver","when":"amount > 50","priority":1,"then":{"set":{"tier":{"value":"silver"}}}}]}""".formatted(SUFFIX);
        HttpResponse<String> conflict = send("POST", "/api/config/rulesets", conflicting, "application/json");
        assertThat(conflict.statusCode()).as(conflict.body()).isEqualTo(409);
        assertThat(conflict.body()).contains("\"pointer\":\"/rules/0\"", "\"pointer\":\"/rules/1\"", "example");

        HttpResponse<String> badCel = send(
                "POST", "/api/config/rulesets", conflicting.replace("amount > 50", "amount >"), "application/json");
        assertThat(badCel.statusCode()).isEqualTo(400);
        assertThat(badCel.body()).contains("\"pointer\":\"/rules/1/when\"");

        HttpResponse<String> created = send(
                "POST",
                "/api/config/rulesets",
                conflicting.replace("amount > 50", "amount > 50 && amount <= 100"),
                "application/json");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> evaluated = send(
                "POST", location + "/evaluate", "{\"records\":[{\"amount\":150},{\"amount\":70}]}", "application/json");
        assertThat(evaluated.statusCode()).isEqualTo(200);
        assertThat(evaluated.body()).contains("\"tier\":\"gold\"", "\"tier\":\"silver\"");
    }

    @Test
    @Order(5)
    void connectionSecretsNeverComeBackAndKeysRotateThroughTheGateway() throws Exception {
        HttpResponse<String> list = send("GET", "/api/config/connections?type=jdbc&size=200", null, null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("src-" + SUFFIX, "******").doesNotContain("s3cret-" + SUFFIX);

        HttpResponse<String> rotated = send("POST", "/api/config/keys/rotate", "", "application/json");
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        assertThat(rotated.body()).contains("activeKeyId");

        HttpResponse<String> badType = send(
                "POST",
                "/api/config/connections",
                "{\"name\":\"x-" + SUFFIX + "\",\"type\":\"ftp\",\"settings\":{}}",
                "application/json");
        assertThat(badType.statusCode()).isEqualTo(400);
        assertThat(badType.body()).contains("\"pointer\":\"/type\"");
    }

    @Test
    @Order(5)
    void aBatchJobCopiesATableIntoPostgresThroughTheGateway() throws Exception {
        String src = "datasync_e2e_src";
        String dw = "datasync_e2e_dw";
        freshDatabases(src, dw);
        sql(
                src,
                "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_name TEXT, amount NUMERIC(12,2), email TEXT)",
                "INSERT INTO orders SELECT g, 'customer ' || g, CASE WHEN g % 100 = 0 THEN NULL ELSE g * 1.25 END,"
                        + " CASE WHEN g % 7 = 0 THEN NULL ELSE ' User' || g || '@Example.com ' END"
                        + " FROM generate_series(1, 20000) g");
        jdbcConnections(src, dw);
        String job = """
                name: e2e-%s
                source: { type: jdbc, connection: %s-%s, table: public.orders, split: { column: id, parallelism: 4 } }
                transforms:
                  - rename: { customer_name: name }
                  - normalize: { email: lower-trim }
                  - derive: { amount_cents: "amount * 100" }
                target: { type: jdbc, connection: %s-%s, table: public.orders, writeMode: upsert, keys: [id], createTable: true }
                """.formatted(SUFFIX, src, SUFFIX, dw, SUFFIX);
        String jobId = createJob(job);

        HttpResponse<String> triggered = send("POST", "/api/sync/jobs/" + jobId + "/runs", "", "application/json");
        assertThat(triggered.statusCode()).as(triggered.body()).isEqualTo(202);
        String runId = triggered.body().replaceAll(".*?\"runId\":\"([^\"]+)\".*", "$1");

        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            String run = send("GET", "/api/sync/runs/" + runId, null, null).body();
            assertThat(run).doesNotContain("\"state\":\"FAILED\"").contains("\"state\":\"SUCCEEDED\"");
        });
        String run = send("GET", "/api/sync/runs/" + runId, null, null).body();
        assertThat(run)
                .contains("\"rowsRead\":20000", "\"rowsWritten\":20000", "\"splitsTotal\":4", "\"verified\":true");

        assertThat(single(dw, "SELECT count(*) || '/' || count(DISTINCT id) FROM orders"))
                .isEqualTo("20000/20000");
        assertThat(single(dw, "SELECT sum(hashtext(id || ':' || coalesce(amount::text, 'null')))::text FROM orders"))
                .isEqualTo(single(
                        src, "SELECT sum(hashtext(id || ':' || coalesce(amount::text, 'null')))::text FROM orders"));
        assertThat(single(
                        dw,
                        "SELECT name || '|' || email || '|' || (amount_cents::numeric = 375) FROM orders WHERE id = 3"))
                .isEqualTo("customer 3|user3@example.com|true");
        assertThat(send("GET", "/api/sync/jobs/" + jobId + "/runs", null, null).body())
                .contains(runId);

        // Break the target behind the platform's back: on-demand verification names the range that differs.
        sql(dw, "DELETE FROM orders WHERE id BETWEEN 7000 AND 7004");
        HttpResponse<String> verify = send("POST", "/api/sync/jobs/" + jobId + "/verify", "", "application/json");
        assertThat(verify.statusCode()).as(verify.body()).isEqualTo(200);
        assertThat(verify.body()).contains("\"verified\":false", "\"targetRows\":19995", "\"differences\":[{\"from\":");
    }

    @Test
    @Order(5)
    void aRunKilledWithSigkillMidWayResumesWithoutALostOrDoubledRow() throws Exception {
        String src = "datasync_kill_src";
        String dw = "datasync_kill_dw";
        freshDatabases(src, dw);
        sql(
                src,
                "CREATE TABLE events (id BIGINT PRIMARY KEY, kind TEXT, amount NUMERIC(12,2))",
                "INSERT INTO events SELECT g, 'kind-' || (g % 17), g * 0.01 FROM generate_series(1, 1000000) g");
        jdbcConnections(src, dw);
        // A target without a key: a chunk written twice would show as duplicate ids instead of being absorbed.
        String job = """
                name: kill-%s
                source: { type: jdbc, connection: %s-%s, table: public.events, split: { column: id, parallelism: 4 } }
                target: { type: jdbc, connection: %s-%s, table: public.events, writeMode: insert, createTable: true }
                limits: { rowsPerSecond: 60000 }
                """.formatted(SUFFIX, src, SUFFIX, dw, SUFFIX);
        String jobId = createJob(job);
        String runId = startRun(jobId);

        await().atMost(Duration.ofMinutes(2)).until(() -> Long.parseLong(runField(runId, "rowsWritten")) >= 100_000);
        long pid = Long.parseLong(Files.readAllLines(RUN_DIR.resolve("pids/sync-service.pid"))
                .get(0)
                .trim());
        assertThat(new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor())
                .isZero();
        long committedAtKill = Long.parseLong(single(dw, "SELECT count(*) FROM events"));
        assertThat(committedAtKill).as("killed mid-way").isBetween(1L, 999_999L);
        assertThat(single("datasync_sync", "SELECT state FROM sync_run WHERE id = '" + runId + "'"))
                .as("the run was going when its process died")
                .isEqualTo("RUNNING");

        assertThat(datasync("restart sync-service", Duration.ofMinutes(3))).isZero();

        await().atMost(Duration.ofMinutes(3))
                .untilAsserted(() -> assertThat(runField(runId, "state")).isEqualTo("SUCCEEDED"));
        assertThat(single(dw, "SELECT count(*) || '/' || count(DISTINCT id) FROM events"))
                .isEqualTo("1000000/1000000");
        assertThat(single(dw, "SELECT sum(hashtext(id || kind || amount))::text FROM events"))
                .isEqualTo(single(src, "SELECT sum(hashtext(id || kind || amount))::text FROM events"));
        assertThat(runField(runId, "rowsWritten")).isEqualTo("1000000");
        sql("postgres", "DROP DATABASE " + src + " WITH (FORCE)", "DROP DATABASE " + dw + " WITH (FORCE)");
    }

    /**
     * A graceful stop (SIGTERM, as a rolling deploy sends) is no failure: the run is released, not failed, and the
     * restarted service resumes it from its checkpoints — without counting a resume towards the crash-loop guard.
     */
    @Test
    @Order(5)
    void aRunStoppedGracefullyMidWayIsResumedNotFailed() throws Exception {
        String src = "datasync_term_src";
        String dw = "datasync_term_dw";
        freshDatabases(src, dw);
        sql(
                src,
                "CREATE TABLE events (id BIGINT PRIMARY KEY, kind TEXT)",
                "INSERT INTO events SELECT g, 'kind-' || (g % 17) FROM generate_series(1, 300000) g");
        jdbcConnections(src, dw);
        String job = """
                name: term-%s
                source: { type: jdbc, connection: %s-%s, table: public.events, split: { column: id, parallelism: 2 } }
                target: { type: jdbc, connection: %s-%s, table: public.events, writeMode: insert, createTable: true }
                limits: { rowsPerSecond: 20000 }
                """.formatted(SUFFIX, src, SUFFIX, dw, SUFFIX);
        String jobId = createJob(job);
        String runId = startRun(jobId);

        await().atMost(Duration.ofMinutes(2)).until(() -> Long.parseLong(runField(runId, "rowsWritten")) >= 20_000);
        assertThat(datasync("restart sync-service", Duration.ofMinutes(3))).isZero();
        assertThat(Long.parseLong(single(dw, "SELECT count(*) FROM events")))
                .as("stopped mid-way")
                .isBetween(1L, 299_999L);

        await().atMost(Duration.ofMinutes(3))
                .untilAsserted(() -> assertThat(runField(runId, "state")).isEqualTo("SUCCEEDED"));
        assertThat(single(dw, "SELECT count(*) || '/' || count(DISTINCT id) FROM events"))
                .isEqualTo("300000/300000");
        assertThat(single(
                        "datasync_sync", "SELECT resumes || '/' || released FROM sync_run WHERE id = '" + runId + "'"))
                .as("a graceful stop is not counted as a resume")
                .isEqualTo("0/false");
        sql("postgres", "DROP DATABASE " + src + " WITH (FORCE)", "DROP DATABASE " + dw + " WITH (FORCE)");
    }

    @Test
    @Order(5)
    void anIncrementalJobReadsOnlyWhatIsNewOnItsNextRun() throws Exception {
        String src = "datasync_incr_src";
        String dw = "datasync_incr_dw";
        freshDatabases(src, dw);
        sql(
                src,
                "CREATE TABLE items (id BIGINT PRIMARY KEY, v TEXT)",
                "INSERT INTO items SELECT g, 'v' || g FROM generate_series(1, 1000) g");
        jdbcConnections(src, dw);
        String job = """
                name: incr-%s
                source: { type: jdbc, connection: %s-%s, table: public.items, incremental: { mode: pk-range, column: id } }
                target: { type: jdbc, connection: %s-%s, table: public.items, writeMode: upsert, keys: [id], createTable: true }
                """.formatted(SUFFIX, src, SUFFIX, dw, SUFFIX);
        String jobId = createJob(job);

        assertThat(runField(runToEnd(jobId), "rowsRead")).isEqualTo("1000");
        sql(src, "INSERT INTO items SELECT g, 'v' || g FROM generate_series(1001, 1200) g");
        assertThat(runField(runToEnd(jobId), "rowsRead")).isEqualTo("200");
        assertThat(single(dw, "SELECT count(*) FROM items")).isEqualTo("1200");
        sql("postgres", "DROP DATABASE " + src + " WITH (FORCE)", "DROP DATABASE " + dw + " WITH (FORCE)");
    }

    @Test
    @Order(5)
    void aJobAppliesItsRuleSetAndPicksUpANewVersionOfIt() throws Exception {
        String src = "datasync_rules_src";
        String dw = "datasync_rules_dw";
        freshDatabases(src, dw);
        sql(
                src,
                "CREATE TABLE orders (id BIGINT PRIMARY KEY, amount NUMERIC(12,2), tier TEXT)",
                "INSERT INTO orders SELECT g, g - 5, NULL FROM generate_series(1, 200) g");
        jdbcConnections(src, dw);
        String ruleSet = """
                {"name":"order-tiers-%s","rules":[
                  {"name":"negative","when":"amount < 0","priority":10,"then":{"reject":"negative amount"}},
                  {"name":"big","when":"amount >= %d","priority":1,"then":{"set":{"tier":{"value":"big"}}}},
                  {"name":"small","when":"amount >= 0 && amount < %d","priority":1,"then":{"set":{"tier":{"value":"small"}}}}]}""";
        HttpResponse<String> rules =
                send("POST", "/api/config/rulesets", ruleSet.formatted(SUFFIX, 100, 100), "application/json");
        assertThat(rules.statusCode()).as(rules.body()).isEqualTo(201);
        String rulesLocation = rules.headers().firstValue("Location").orElseThrow();
        String job = """
                name: rules-%s
                source: { type: jdbc, connection: %s-%s, table: public.orders }
                transforms: [ { rules: { ruleSet: order-tiers-%s } } ]
                target: { type: jdbc, connection: %s-%s, table: public.orders, writeMode: upsert, keys: [id], createTable: true }
                """.formatted(SUFFIX, src, SUFFIX, SUFFIX, dw, SUFFIX);
        String jobId = createJob(job);

        String first = runToEnd(jobId);
        assertThat(runField(first, "rowsRejected")).isEqualTo("4");
        assertThat(send("GET", "/api/sync/runs/" + first + "/errors", null, null)
                        .body())
                .contains("negative amount");
        assertThat(single(dw, "SELECT tier FROM orders WHERE amount = 70")).isEqualTo("small");

        assertThat(send("PUT", rulesLocation, ruleSet.formatted(SUFFIX, 50, 50), "application/json")
                        .statusCode())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            runToEnd(jobId);
            assertThat(single(dw, "SELECT tier FROM orders WHERE amount = 70")).isEqualTo("big");
        });
        sql("postgres", "DROP DATABASE " + src + " WITH (FORCE)", "DROP DATABASE " + dw + " WITH (FORCE)");
    }

    @Test
    @Order(6)
    void aDownServiceGetsA503ProblemNotAHang() throws Exception {
        Path pidFile = RUN_DIR.resolve("pids/monitoring-service.pid");
        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        ProcessHandle service = ProcessHandle.of(pid).orElseThrow();
        service.destroy();
        service.onExit().get(30, TimeUnit.SECONDS);

        long started = System.nanoTime();
        HttpResponse<String> response = get("/api/monitoring/outbox", "sys-down");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("monitoring-service is unavailable", "\"correlationId\":\"sys-down\"");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));

        HttpResponse<String> health = get("/actuator/health/services", "sys-health-down");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("DOWN");

        // other system test classes share this suite: bring the service back for them
        assertThat(datasync("restart monitoring-service", Duration.ofMinutes(3)))
                .isZero();
    }

    private static String field(String json, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + name + "\":\"?([^,\"}]*)")
                .matcher(json);
        return m.find() ? m.group(1) : "";
    }

    private static boolean schedulerDatabasesReady;

    /** A job copying a small table between two databases made once for the scheduler cases, optionally scheduled. */
    private static String createCopyJob(String name, String schedule) throws Exception {
        String src = "datasync_sched_src";
        String dw = "datasync_sched_dw";
        synchronized (SuiteSystemIT.class) {
            if (!schedulerDatabasesReady) {
                freshDatabases(src, dw);
                sql(
                        src,
                        "CREATE TABLE items (id BIGINT PRIMARY KEY, v TEXT)",
                        "INSERT INTO items SELECT g, 'v' || g FROM generate_series(1, 500) g");
                jdbcConnections(src, dw);
                schedulerDatabasesReady = true;
            }
        }
        String job = """
                name: %s-%s
                source: { type: jdbc, connection: %s-%s, table: public.items }
                target: { type: jdbc, connection: %s-%s, table: public.items, writeMode: upsert, keys: [id], createTable: true }
                %s
                """.formatted(name, SUFFIX, src, SUFFIX, dw, SUFFIX, schedule == null ? "" : schedule);
        return createJob(job);
    }

    @Test
    @Order(5)
    void aCronJobFiresThroughTheSchedulerAndItsRunsSucceedInTheSyncEngine() throws Exception {
        String jobId = createCopyJob("cron", "schedule: { cron: \"* * * * * ?\", timezone: UTC, concurrency: skip }");

        // config-service's JobChanged reaches the scheduler, which asks config-service for the schedule.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            HttpResponse<String> schedule = send("GET", "/api/scheduler/schedules/" + jobId, null, null);
            assertThat(schedule.statusCode()).as(schedule.body()).isEqualTo(200);
            assertThat(schedule.body()).contains("\"state\":\"scheduled\"", "\"nextFireTimes\":[{\"at\":");
        });
        await().atMost(Duration.ofMinutes(2))
                .untilAsserted(
                        () -> assertThat(send("GET", "/api/scheduler/tasks?state=succeeded&jobId=" + jobId, null, null)
                                        .body())
                                .contains("\"trigger\":\"schedule\""));
        String succeeded = send("GET", "/api/scheduler/tasks?state=succeeded&limit=1&jobId=" + jobId, null, null)
                .body();
        assertThat(succeeded).contains("\"state\":\"queued\"", "\"state\":\"dispatched\"", "\"state\":\"running\"");
        String runId = field(succeeded, "runId");
        assertThat(runField(runId, "state")).isEqualTo("SUCCEEDED");
        assertThat(runField(runId, "rowsWritten")).isEqualTo("500");
        assertThat(single("datasync_sched_dw", "SELECT count(*) FROM items")).isEqualTo("500");
        // Fires while a run was going were skipped (concurrency: skip), and say so.
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(
                                send("GET", "/api/scheduler/tasks?state=skipped&limit=1&jobId=" + jobId, null, null)
                                        .body())
                        .contains("concurrency: skip"));

        assertThat(send("DELETE", "/api/config/jobs/" + jobId, null, null).statusCode())
                .isEqualTo(204);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> send("GET", "/api/scheduler/schedules/" + jobId, null, null)
                                .statusCode()
                        == 404);
    }

    @Test
    @Order(5)
    void aJobTriggeredThroughTheSchedulerRunsOnceAndBadInputGets4xxProblems() throws Exception {
        String jobId = createCopyJob("manual", null);

        HttpResponse<String> triggered =
                send("POST", "/api/scheduler/jobs/" + jobId + "/trigger", "", "application/json");
        assertThat(triggered.statusCode()).as(triggered.body()).isEqualTo(202);
        assertThat(triggered.body()).contains("\"trigger\":\"manual\"", "\"attempt\":1");
        String taskId = field(triggered.body(), "taskId");
        await().atMost(Duration.ofMinutes(2))
                .untilAsserted(() -> assertThat(send("GET", "/api/scheduler/tasks/" + taskId, null, null)
                                .body())
                        .contains("\"state\":\"succeeded\""));
        String runId =
                field(send("GET", "/api/scheduler/tasks/" + taskId, null, null).body(), "runId");
        assertThat(runField(runId, "state")).isEqualTo("SUCCEEDED");

        HttpResponse<String> badCron = send(
                "POST",
                "/api/scheduler/schedules/preview",
                "{\"schedule\":{\"cron\":\"every second\"}}",
                "application/json");
        assertThat(badCron.statusCode()).isEqualTo(400);
        assertThat(badCron.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(badCron.body()).contains("\"pointer\":\"/schedule/cron\"");
        HttpResponse<String> negative = send(
                "POST",
                "/api/scheduler/schedules/preview",
                "{\"schedule\":{\"cron\":\"0 * * * * ?\"},\"retry\":{\"initialDelay\":\"-1s\"}}",
                "application/json");
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(negative.body()).contains("\"pointer\":\"/retry/initialDelay\"");
        HttpResponse<String> unknown =
                send("POST", "/api/scheduler/jobs/" + java.util.UUID.randomUUID() + "/trigger", "", "application/json");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("\"code\":\"COMMON-003\"");
    }
}
