package io.datasync.system.suite;

import static io.datasync.system.suite.Suite.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The quality gate end to end through the gateway on the suite from {@code ./datasync up}: a source table of 1,000
 * orders carrying known defects — 20 malformed emails (2 %), 7 negative amounts, 5 repeated order numbers, 9 missing
 * customers, one stale timestamp, each on rows of its own — checked by a rule set of five checks.
 *
 * <ul>
 *   <li>inline: each check finds exactly its defects; the target holds the good rows; the quarantine holds the 36 rows
 *       broken by quarantine checks; fixed and replayed, they land once (a second replay changes nothing);
 *   <li>a {@code fail} check stops the run with SYNC-051, a missing rule set with SYNC-050;
 *   <li>post-load: the same checks pushed down as SQL on a loaded target count the same defects;
 *   <li>bad rule sets get 400s naming the field.
 * </ul>
 */
@ExtendWith(Suite.Started.class)
class QualitySystemIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SRC = "datasync_quality_src";
    private static final String DW = "datasync_quality_dw";
    private static final int ROWS = 1000;

    /** Rows per defect; each defect on rows of its own, so every count is exact. */
    private static final int BAD_EMAILS = 20;

    private static final int NEGATIVE = 7;
    private static final int DUPLICATES = 5;
    private static final int NO_CUSTOMER = 9;
    private static final int QUARANTINED = BAD_EMAILS + NEGATIVE + NO_CUSTOMER;

    @BeforeAll
    static void sourceWithKnownDefects() throws Exception {
        freshDatabases(SRC, DW);
        jdbcConnections(SRC, DW);
        // ids 1..1000; emails bad on ids 2, 52, 102, … (20); amounts negative on 11, 21, …, 71 (7, none on a bad email
        // row); order numbers of ids 991..995 repeat those of ids 1..5; customers missing on 13, 113, …, 913 (9);
        // id 500 was last updated 400 days ago
        sql(
                SRC,
                "CREATE TABLE orders (id bigint PRIMARY KEY, order_no text NOT NULL, email text, amount numeric(10,2),"
                        + " customer text, updated_at timestamptz NOT NULL,"
                        // more digits than a double holds: a quarantined row must come back exactly
                        + " big numeric(20,2) NOT NULL DEFAULT 123456789012345678.91)",
                "INSERT INTO orders SELECT i,"
                        + " 'ORD-' || CASE WHEN i BETWEEN 991 AND 995 THEN i - 990 ELSE i END,"
                        + " CASE WHEN i % 50 = 2 THEN 'broken-' || i || '.example.com' ELSE 'user' || i || '@example.com' END,"
                        + " CASE WHEN i % 10 = 1 AND i BETWEEN 11 AND 71 THEN -i ELSE i * 1.25 END,"
                        + " CASE WHEN i % 100 = 13 AND i < 900 THEN NULL ELSE 'customer ' || i END,"
                        + " CASE WHEN i = 500 THEN now() - interval '400 days' ELSE now() - interval '1 hour' END"
                        + " FROM generate_series(1, " + ROWS + ") i");
    }

    @AfterAll
    static void dropDatabases() throws Exception {
        sql("postgres", "DROP DATABASE " + SRC + " WITH (FORCE)", "DROP DATABASE " + DW + " WITH (FORCE)");
    }

    private static String ruleSet(String name, String amountSeverity) throws Exception {
        HttpResponse<String> created =
                send("POST", "/api/quality/rulesets", """
                {"name": "%s",
                 "cleansing": [ {"normalize": {"column": "email", "op": "lower-trim"}} ],
                 "checks": [
                   {"name": "email-format", "column": "email", "format": "email", "severity": "quarantine"},
                   {"name": "amount-positive", "column": "amount", "range": {"min": 0}, "severity": "%s"},
                   {"name": "order-unique", "column": "order_no", "unique": "run", "severity": "drop"},
                   {"name": "customer-required", "column": "customer", "required": true, "severity": "quarantine"},
                   {"name": "fresh", "column": "updated_at", "freshness": {"maxAge": "30d"}, "severity": "warn"}
                 ]}
                """.formatted(name, amountSeverity), "application/json");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return name;
    }

    private static String job(String name, String ruleSet, String mode, String table) throws Exception {
        return createJob("""
                name: %s-%s
                source: { type: jdbc, connection: %s-%s, table: public.orders }
                quality: { ruleSet: %s, mode: %s, onViolation: quarantine, maxErrorRatio: 0.1 }
                target: { type: jdbc, connection: %s-%s, table: public.%s, writeMode: upsert, keys: [id], createTable: true }
                """.formatted(name, SUFFIX, SRC, SUFFIX, ruleSet, mode, DW, SUFFIX, table));
    }

    @Test
    void eachCheckFindsExactlyItsDefectsAndFixedRowsReplayIntoTheTargetOnce() throws Exception {
        String rules = ruleSet("orders-quality-" + SUFFIX, "quarantine");
        String jobId = job("quality-inline", rules, "inline", "orders_inline");

        String runId = runToEnd(jobId);

        assertThat(runField(runId, "rowsRead")).isEqualTo(String.valueOf(ROWS));
        int good = ROWS - QUARANTINED - DUPLICATES;
        assertThat(single(DW, "SELECT count(*) FROM orders_inline")).isEqualTo(String.valueOf(good));
        assertThat(single(DW, "SELECT count(*) FROM orders_inline WHERE email <> lower(trim(email))"))
                .as("cleansed")
                .isEqualTo("0");
        // the run's report: per check exactly its defects
        JsonNode report = awaitReport(runId);
        Map<String, Long> violations = new HashMap<>();
        report.get("checks")
                .forEach(c -> violations.put(
                        c.get("name").asString(), c.get("violations").asLong()));
        assertThat(violations)
                .containsEntry("email-format", (long) BAD_EMAILS)
                .containsEntry("amount-positive", (long) NEGATIVE)
                .containsEntry("order-unique", (long) DUPLICATES)
                .containsEntry("customer-required", (long) NO_CUSTOMER)
                .containsEntry("fresh", 1L);
        assertThat(report.at("/totals/rowsQuarantined").asLong()).isEqualTo(QUARANTINED);
        assertThat(report.at("/score/overall").asDouble()).isBetween(90.0, 100.0);
        HttpResponse<String> html = send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(GATEWAY + "/api/quality/reports/" + runId))
                        .header("Accept", "text/html"));
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.body()).contains("<svg", "email-format");

        // the quarantine: every broken row, whole, filterable by rule
        List<JsonNode> quarantined = quarantine("job=" + jobId + "&run=" + runId);
        assertThat(quarantined).hasSize(QUARANTINED);
        assertThat(quarantine("job=" + jobId + "&rule=email-format")).hasSize(BAD_EMAILS);
        JsonNode one = quarantine("job=" + jobId + "&rule=customer-required").get(0);
        assertThat(one.at("/row/order_no").asString()).startsWith("ORD-");

        // fix every row, then replay them all
        for (JsonNode entry : quarantined) {
            String id = entry.get("id").asString();
            long key = entry.at("/row/id").asLong();
            String fix = "{\"row\": {\"email\": \"fixed" + key + "@example.com\", \"amount\": " + key
                    + ", \"customer\": \"customer " + key + "\", \"big\": 98765432109876543.21}}";
            HttpResponse<String> patched = send("PATCH", "/api/quality/quarantine/" + id, fix, "application/json");
            assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        }
        HttpResponse<String> unknownColumn = send(
                "PATCH",
                "/api/quality/quarantine/" + quarantined.get(0).get("id").asString(),
                "{\"row\": {\"no_such_column\": 1}}",
                "application/json");
        assertThat(unknownColumn.statusCode()).isEqualTo(400);
        assertThat(unknownColumn.body()).contains("/row/no_such_column");
        HttpResponse<String> newKey = send(
                "PATCH",
                "/api/quality/quarantine/" + quarantined.get(0).get("id").asString(),
                "{\"row\": {\"id\": 999999}}",
                "application/json");
        assertThat(newKey.statusCode()).isEqualTo(400);
        assertThat(newKey.body()).contains("/row/id", "key column");
        HttpResponse<String> asViewer = sendAs(
                "viewer",
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(GATEWAY + "/api/quality/quarantine?job=" + jobId)));
        assertThat(asViewer.statusCode())
                .as("quarantined rows hold unmasked values: operators only")
                .isEqualTo(403);

        replayAll(jobId);
        await().atMost(Duration.ofMinutes(1))
                .until(() -> quarantine("job=" + jobId + "&status=replayed").size() == QUARANTINED);
        assertThat(single(DW, "SELECT count(*) || '/' || count(DISTINCT id) FROM orders_inline"))
                .isEqualTo((ROWS - DUPLICATES) + "/" + (ROWS - DUPLICATES));
        assertThat(single(DW, "SELECT count(*) FROM orders_inline WHERE email LIKE 'fixed%'"))
                .isEqualTo(String.valueOf(QUARANTINED));
        assertThat(single(DW, "SELECT count(*) FROM orders_inline WHERE big = 123456789012345678.91"))
                .as("decimals kept exactly through the gate")
                .isEqualTo(String.valueOf(ROWS - DUPLICATES - QUARANTINED));
        assertThat(single(DW, "SELECT count(*) FROM orders_inline WHERE big = 98765432109876543.21"))
                .as("decimals kept exactly through a fix and the replay")
                .isEqualTo(String.valueOf(QUARANTINED));
        // a second replay of the same rows leaves the target as it is
        HttpResponse<String> again = send(
                "POST",
                "/api/quality/quarantine/replay",
                "{\"job\": \"" + jobId + "\", \"ids\": [\""
                        + quarantined.get(0).get("id").asString() + "\"]}",
                "application/json");
        assertThat(again.statusCode()).isIn(202, 409);
        assertThat(single(DW, "SELECT count(*) FROM orders_inline")).isEqualTo(String.valueOf(ROWS - DUPLICATES));
    }

    @Test
    void aFailCheckStopsTheRunAndAMissingRuleSetIsNamed() throws Exception {
        String strict = ruleSet("orders-strict-" + SUFFIX, "fail");
        String runId = runFinished(job("quality-fail", strict, "inline", "orders_fail"));
        assertThat(runField(runId, "state")).isEqualTo("FAILED");
        assertThat(runField(runId, "errorCode")).isEqualTo("SYNC-051");

        String missing = runFinished(job("quality-missing", "no-such-rules-" + SUFFIX, "inline", "orders_missing"));
        assertThat(runField(missing, "state")).isEqualTo("FAILED");
        assertThat(runField(missing, "errorCode")).isEqualTo("SYNC-050");
        assertThat(send("GET", "/api/sync/runs/" + missing, null, null).body()).contains("does not exist");
    }

    @Test
    void postLoadChecksCountTheSameDefectsAsSql() throws Exception {
        String rules = ruleSet("orders-post-" + SUFFIX, "quarantine");
        String jobId = job("quality-post", rules, "post-load", "orders_post");
        String runId = runToEnd(jobId);
        assertThat(single(DW, "SELECT count(*) FROM orders_post")).isEqualTo(String.valueOf(ROWS));
        JsonNode report = await().atMost(Duration.ofMinutes(1))
                .until(
                        () -> report(runId),
                        r -> r != null
                                && r.get("postLoad") != null
                                && r.get("postLoad").size() > 0);
        Map<String, Long> counted = new HashMap<>();
        report.get("postLoad")
                .forEach(c -> counted.put(
                        c.get("check").asString(), c.get("violations").asLong()));
        assertThat(counted)
                .containsEntry(
                        "amount-positive",
                        Long.parseLong(single(DW, "SELECT count(*) FROM orders_post WHERE amount < 0")))
                .containsEntry(
                        "customer-required",
                        Long.parseLong(single(
                                DW, "SELECT count(*) FROM orders_post WHERE customer IS NULL OR trim(customer) = ''")))
                .containsEntry("amount-positive", (long) NEGATIVE)
                .containsEntry("customer-required", (long) NO_CUSTOMER)
                .containsEntry("fresh", 1L);
        // on demand, for any job with a rule set
        HttpResponse<String> now = send("POST", "/api/sync/jobs/" + jobId + "/quality-checks", null, null);
        assertThat(now.statusCode()).as(now.body()).isEqualTo(200);
        assertThat(now.body()).contains("amount-positive");
    }

    /**
     * The gate on a stream: records pushed over HTTP into an insert-only table with an inline rule set; each
     * micro-batch is checked, the records with an amount above 900 are quarantined, the rest written once.
     */
    @Test
    void aStreamsMicroBatchesPassTheGateToo() throws Exception {
        String db = "datasync_quality_stream";
        freshDatabases(db);
        jdbcConnections(db);
        HttpResponse<String> rules = send("POST", "/api/quality/rulesets", """
                {"name": "events-quality-%s", "checks": [
                  {"name": "amount-max", "column": "amount", "range": {"max": 900}, "severity": "quarantine"},
                  {"name": "name-required", "column": "name", "required": true}]}
                """.formatted(SUFFIX), "application/json");
        assertThat(rules.statusCode()).as(rules.body()).isEqualTo(201);
        String jobId = createJob("""
                name: quality-push-%s
                source: { type: push, options: { columns: %s, key: [id] } }
                quality: { ruleSet: events-quality-%s }
                target: { type: jdbc, connection: %s-%s, table: public.events, writeMode: insert, createTable: true }
                batch: { maxRows: 100, maxDelay: 100ms }
                """.formatted(SUFFIX, StreamFixtures.COLUMNS, SUFFIX, db, SUFFIX));
        HttpResponse<String> key = send(
                "POST",
                "/api/config/api-keys",
                "{\"name\":\"quality-push-" + SUFFIX + "\",\"role\":\"operator\",\"jobId\":\"" + jobId + "\"}",
                "application/json");
        assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
        String apiKey = key.body().replaceAll(".*?\"key\":\"([^\"]+)\".*", "$1");
        int messages = 1000;
        long quarantined = java.util.stream.LongStream.range(0, messages)
                .filter(i -> i * 7 % 1000 > 900)
                .count();
        String runId = startRun(jobId);
        try {
            StringBuilder ndjson = new StringBuilder();
            for (int i = 0; i < messages; i++) {
                ndjson.append(StreamFixtures.json(i)).append('\n');
            }
            HttpResponse<String> pushed = sendAs(
                    null,
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(GATEWAY + "/api/sync/push/" + jobId))
                            .header("X-API-Key", apiKey)
                            .header("Content-Type", "application/x-ndjson")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(ndjson.toString())));
            assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(202);
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> StreamFixtures.rows(db) == messages - quarantined
                            && quarantine("job=" + jobId).size() == quarantined);
            assertThat(single(db, "SELECT count(*) || '/' || count(DISTINCT id) || '/' || max(amount) FROM events"))
                    .isEqualTo((messages - quarantined) + "/" + (messages - quarantined) + "/900");
            assertThat(quarantine("job=" + jobId + "&rule=amount-max"))
                    .allSatisfy(q -> assertThat(q.at("/row/amount").asLong()).isGreaterThan(900));
        } finally {
            send("POST", "/api/sync/runs/" + runId + "/stop", "", "application/json");
        }
        await().atMost(Duration.ofMinutes(1))
                .until(() -> runField(runId, "state").equals("CANCELLED"));
        sql("postgres", "DROP DATABASE " + db + " WITH (FORCE)");
    }

    @Test
    void badRuleSetsAreRefusedNamingTheField() throws Exception {
        HttpResponse<String> bad = send("POST", "/api/quality/rulesets", """
                {"name": "bad-%s", "checks": [
                  {"name": "r", "column": "email", "format": {"regex": "("}},
                  {"name": "r", "column": "amount", "range": {}},
                  {"name": "x", "column": "a", "required": true, "severity": "sometimes"}
                ]}
                """.formatted(SUFFIX), "application/json");
        assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
        assertThat(bad.body()).contains("/checks/0/format/regex", "/checks/1/name", "/checks/2/severity");
        HttpResponse<String> malformed = send("POST", "/api/quality/rulesets", "{\"name\": ", "application/json");
        assertThat(malformed.statusCode()).isEqualTo(400);
        HttpResponse<String> viewer = sendAs(
                "viewer",
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(GATEWAY + "/api/quality/rulesets"))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                        .header("Content-Type", "application/json"));
        assertThat(viewer.statusCode()).isEqualTo(403);
    }

    private static void replayAll(String jobId) throws Exception {
        HttpResponse<String> replay =
                send("POST", "/api/quality/quarantine/replay", "{\"job\": \"" + jobId + "\"}", "application/json");
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(202);
    }

    private static List<JsonNode> quarantine(String query) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        for (int page = 0; ; page++) {
            HttpResponse<String> answer =
                    send("GET", "/api/quality/quarantine?" + query + "&size=200&page=" + page, null, null);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(answer.body());
            body.get("items").forEach(all::add);
            if (page + 1 >= body.get("totalPages").asLong()) {
                return all;
            }
        }
    }

    private static JsonNode report(String runId) throws Exception {
        HttpResponse<String> answer = send("GET", "/api/quality/reports/" + runId, null, null);
        return answer.statusCode() == 200 ? JSON.readTree(answer.body()) : null;
    }

    /** The run's report once every chunk's tally arrived (they travel apart from the run's end). */
    private static JsonNode awaitReport(String runId) {
        return await().atMost(Duration.ofMinutes(1))
                .until(
                        () -> report(runId),
                        r -> r != null && r.at("/totals/rowsIn").asLong() == ROWS);
    }
}
