package io.datasync.quality.quarantine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datasync.models.event.EventType;
import io.datasync.models.event.QualityEvent;
import io.datasync.models.event.SyncEvent;
import io.datasync.models.quality.Dimension;
import io.datasync.models.quality.QualityTally;
import io.datasync.models.quality.QuarantinedRow;
import io.datasync.models.quality.Severity;
import io.datasync.models.quality.Violation;
import io.datasync.quality.QualityITSupport;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The quarantine end to end: rows from the gate's events, fixes and replays over HTTP, the sync engine's answers. */
class QuarantineIT extends QualityITSupport {

    private static final String BASE = "/api/quality/quarantine";

    @Autowired
    private QuarantineRetention retention;

    private String job;
    private String run;

    private static Violation amount() {
        return new Violation("amount_range", Dimension.VALIDITY, Severity.QUARANTINE, "below 0");
    }

    private static Violation email() {
        return new Violation("email_required", Dimension.COMPLETENESS, Severity.QUARANTINE, "missing");
    }

    private static Map<String, Object> row(int id, Object amount, String email) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("amount", amount);
        row.put("email", email);
        return row;
    }

    @BeforeEach
    void quarantinedRows() {
        job = unique("job");
        run = unique("run");
        send(new QualityEvent.ChunkChecked(
                job,
                run,
                3,
                "orders",
                2,
                "split-0@0",
                0,
                1,
                QualityTally.EMPTY,
                List.of(
                        new QuarantinedRow(id(1), Map.of("id", 1), row(1, -5, "a@x.io"), List.of(amount())),
                        new QuarantinedRow(id(2), Map.of("id", 2), row(2, -7, null), List.of(amount(), email())),
                        new QuarantinedRow(id(3), Map.of("id", 3), row(3, 10, null), List.of(email()))),
                null));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> list("job=" + job).path("totalItems").asLong() == 3);
    }

    private String id(int n) {
        return run + "-" + n;
    }

    private JsonNode list(String query) {
        HttpResponse<String> response = http.get(BASE + "?" + query);
        assertStatus(response, 200);
        return body(response);
    }

    private JsonNode entry(int n) {
        return body(http.get(BASE + "/" + id(n)));
    }

    private HttpResponse<String> patch(int n, String body) {
        return http.send("PATCH", BASE + "/" + id(n), json(body), "application/json");
    }

    @Test
    void listsNewestFirstNarrowedByJobRunRuleAndStatus() {
        JsonNode all = list("job=" + job);
        JsonNode first = all.path("items").get(0);
        assertThat(first.get("jobId").asString()).isEqualTo(job);
        assertThat(first.get("runId").asString()).isEqualTo(run);
        assertThat(first.get("jobVersion").asLong()).isEqualTo(3);
        assertThat(first.get("ruleSet").asString()).isEqualTo("orders");
        assertThat(first.get("status").asString()).isEqualTo("open");
        assertThat(first.has("createdAt")).isTrue();

        assertThat(list("job=" + job + "&rule=amount_range").path("totalItems").asLong())
                .isEqualTo(2);
        assertThat(list("run=" + run + "&rule=email_required")
                        .path("totalItems")
                        .asLong())
                .isEqualTo(2);
        assertThat(list("job=" + job + "&status=fixed").path("totalItems").asLong())
                .isZero();
        assertThat(list("job=" + job + "&size=1&page=2")
                        .path("items")
                        .get(0)
                        .get("id")
                        .asString())
                .isIn(id(1), id(2), id(3));

        assertStatus(http.get(BASE + "?size=201"), 400);
        HttpResponse<String> badStatus = http.get(BASE + "?status=lost");
        assertStatus(badStatus, 400);
        assertThat(badStatus.body()).contains("?status");
        assertStatus(http.get(BASE + "/" + unique("missing")), 404);

        JsonNode one = entry(2);
        assertThat(one.path("row").get("amount").asInt()).isEqualTo(-7);
        assertThat(one.path("key").get("id").asInt()).isEqualTo(2);
        assertThat(one.path("violations").get(1).get("check").asString()).isEqualTo("email_required");
        assertThat(one.path("violations").get(1).get("dimension").asString()).isEqualTo("completeness");
    }

    @Test
    void aFixIsMergedIntoTheRowWhichStaysAsItWas() {
        HttpResponse<String> fixed = patch(1, "{'row':{'amount':5}}");
        assertStatus(fixed, 200);
        JsonNode entry = body(fixed);
        assertThat(entry.get("status").asString()).isEqualTo("fixed");
        assertThat(entry.path("fixedRow").get("amount").asInt()).isEqualTo(5);
        assertThat(entry.path("fixedRow").get("email").asString()).isEqualTo("a@x.io");
        assertThat(entry.path("row").get("amount").asInt()).isEqualTo(-5);

        assertStatus(patch(1, "{'row':{'email':'b@x.io'}}"), 200);
        assertThat(entry(1).path("fixedRow").get("amount").asInt())
                .as("fixes add up")
                .isEqualTo(5);

        HttpResponse<String> unknown = patch(1, "{'row':{'colour':'red'}}");
        assertStatus(unknown, 400);
        assertThat(unknown.body()).contains("\"pointer\":\"/row/colour\"");
        assertStatus(http.send("PATCH", BASE + "/" + id(1), "{\"row\":", "application/json"), 400);
        assertStatus(patch(9, "{'row':{'amount':1}}"), 404);
    }

    @Test
    void replaysFixedRowsAndAppliesTheSyncEnginesAnswer() {
        assertStatus(patch(1, "{'row':{'amount':5}}"), 200);
        assertStatus(patch(2, "{'row':{'amount':7,'email':'c@x.io'}}"), 200);

        HttpResponse<String> accepted = http.post(BASE + "/replay", json("{'job':'" + job + "'}"));
        assertStatus(accepted, 202);
        String replayId = body(accepted).get("replayId").asString();
        assertThat(body(accepted).get("rows").asInt()).isEqualTo(2);
        assertThat(entry(1).get("status").asString()).isEqualTo("replaying");
        assertThat(entry(3).get("status").asString())
                .as("open rows stay unless named")
                .isEqualTo("open");

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(published(EventType.QUARANTINE_REPLAY_REQUESTED, job))
                        .hasSize(1));
        JsonNode command = published(EventType.QUARANTINE_REPLAY_REQUESTED, job).get(0);
        assertThat(command.get("runId").asString()).isEqualTo(replayId);
        Map<String, JsonNode> rows = new LinkedHashMap<>();
        command.path("rows").forEach(r -> rows.put(r.get("id").asString(), r.get("row")));
        assertThat(rows).containsOnlyKeys(id(1), id(2));
        assertThat(rows.get(id(1)).get("amount").asInt())
                .as("the fixed row goes")
                .isEqualTo(5);

        HttpResponse<String> again = http.post(BASE + "/replay", json("{'job':'" + job + "','ids':['" + id(1) + "']}"));
        assertStatus(again, 409);
        assertThat(again.body()).contains("/ids/0");

        send(new SyncEvent.QuarantineReplayed(
                job, replayId, List.of(id(1)), Map.of(id(2), "email: bounced"), null, null));
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> assertThat(entry(1).get("status").asString()).isEqualTo("replayed"));
        JsonNode refused = entry(2);
        assertThat(refused.get("status").asString()).isEqualTo("open");
        assertThat(refused.get("lastError").asString()).isEqualTo("email: bounced");
        assertThat(entry(1).get("replayedAt").isNull()).isFalse();

        JsonNode summary = body(http.get(BASE + "/replays/" + replayId));
        assertThat(summary.get("rows").asInt()).isEqualTo(2);
        assertThat(summary.path("statuses").get("replayed").asLong()).isEqualTo(1);
        assertThat(summary.path("statuses").get("open").asLong()).isEqualTo(1);
        assertStatus(http.get(BASE + "/replays/" + java.util.UUID.randomUUID()), 404);
    }

    @Test
    void anOpenRowNamedGoesAsItIsAndAFailedReplayLeavesRowsFixed() {
        HttpResponse<String> accepted =
                http.post(BASE + "/replay", json("{'job':'" + job + "','ids':['" + id(3) + "']}"));
        assertStatus(accepted, 202);
        String replayId = body(accepted).get("replayId").asString();

        send(new SyncEvent.QuarantineReplayed(job, replayId, List.of(), Map.of(), "SYNC-004", "target unreachable"));
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> assertThat(entry(3).get("status").asString()).isEqualTo("fixed"));
        assertThat(entry(3).get("lastError").asString()).contains("SYNC-004", "target unreachable");
        assertThat(body(http.get(BASE + "/replays/" + replayId))
                        .get("errorCode")
                        .asString())
                .isEqualTo("SYNC-004");

        HttpResponse<String> nothing = http.post(BASE + "/replay", json("{'job':'" + unique("idle") + "'}"));
        assertStatus(nothing, 409);
        HttpResponse<String> unknown =
                http.post(BASE + "/replay", json("{'job':'" + job + "','ids':['" + id(3) + "','nope']}"));
        assertStatus(unknown, 404);
        assertThat(unknown.body()).contains("/ids/1");
        assertStatus(http.post(BASE + "/replay", json("{'ids':[1]}")), 400);
    }

    @Test
    void discardsRowsAndDeletesThemAfterTheRetention() {
        HttpResponse<String> discarded =
                http.post(BASE + "/discard", json("{'job':'" + job + "','ids':['" + id(1) + "','" + id(2) + "']}"));
        assertStatus(discarded, 200);
        assertThat(body(discarded).get("discarded").asInt()).isEqualTo(2);
        assertThat(entry(1).get("status").asString()).isEqualTo("discarded");

        assertStatus(http.send("DELETE", BASE + "/" + id(3), null, null), 204);
        assertStatus(http.send("DELETE", BASE + "/" + id(3), null, null), 204);
        assertThat(entry(3).get("status").asString()).isEqualTo("discarded");
        assertStatus(http.send("DELETE", BASE + "/" + unique("missing"), null, null), 404);

        jdbc.update(
                "UPDATE quarantine_entry SET created_at = ? WHERE id = ?",
                Timestamp.from(Instant.now().minus(31, ChronoUnit.DAYS)),
                id(1));
        assertThat(retention.deleteExpired()).isPositive();
        assertStatus(http.get(BASE + "/" + id(1)), 404);
        assertStatus(http.get(BASE + "/" + id(2)), 200);
    }
}
