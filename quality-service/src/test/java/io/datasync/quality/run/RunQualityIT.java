package io.datasync.quality.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.datasync.models.event.EventEnvelope;
import io.datasync.models.event.EventType;
import io.datasync.models.event.QualityEvent;
import io.datasync.models.event.SyncEvent;
import io.datasync.models.quality.CheckTally;
import io.datasync.models.quality.Dimension;
import io.datasync.models.quality.QualityTally;
import io.datasync.models.quality.QuarantinedRow;
import io.datasync.models.quality.Severity;
import io.datasync.models.quality.Violation;
import io.datasync.quality.QualityITSupport;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A run's quality from the gate's chunk events to its score, its QualityChecked event, its report and its meters. */
class RunQualityIT extends QualityITSupport {

    private String ruleSet;

    @BeforeEach
    void ruleSet() {
        ruleSet = unique("run-rules");
        HttpResponse<String> created = http.post(
                "/api/quality/rulesets",
                json("{'name':'" + ruleSet + "','weights':{'validity':3,'completeness':1},'checks':["
                        + "{'name':'amount_range','column':'amount','range':{'min':0},'severity':'quarantine'},"
                        + "{'name':'email_required','column':'email','required':true,'severity':'warn'}]}"));
        assertStatus(created, 201);
    }

    static QualityTally tally(long rowsIn, long badAmounts, long missingEmails) {
        Map<String, CheckTally> checks = new LinkedHashMap<>();
        checks.put("amount_range", new CheckTally(Dimension.VALIDITY, Severity.QUARANTINE, rowsIn, badAmounts));
        checks.put("email_required", new CheckTally(Dimension.COMPLETENESS, Severity.WARN, rowsIn, missingEmails));
        return new QualityTally(
                rowsIn,
                rowsIn - badAmounts - missingEmails,
                missingEmails,
                0,
                badAmounts,
                0,
                checks,
                Map.of("email", missingEmails));
    }

    private QualityEvent.ChunkChecked chunk(String job, String run, String chunkId, QualityTally tally) {
        return new QualityEvent.ChunkChecked(job, run, 7, ruleSet, 1, chunkId, 0, 1, tally, List.of(), null);
    }

    private Long chunkCount(String run) {
        return jdbc.queryForObject("SELECT count(*) FROM quality_chunk WHERE run_id = ?", Long.class, run);
    }

    @Test
    void aChunkDeliveredTwiceOrSentAgainIsStoredOnce() {
        String job = unique("job");
        String run = unique("run");
        QualityEvent.ChunkChecked first = new QualityEvent.ChunkChecked(
                job,
                run,
                7,
                ruleSet,
                1,
                "split-0@0",
                0,
                1,
                tally(10, 1, 0),
                List.of(new QuarantinedRow(
                        run + "-row-1",
                        Map.of("id", 1),
                        Map.of("id", 1, "amount", -5),
                        List.of(new Violation("amount_range", Dimension.VALIDITY, Severity.QUARANTINE, "below 0")))),
                null);
        EventEnvelope envelope = send(first);
        send(envelope);
        EventEnvelope sentAgain = send(first);

        // every copy has been handled once both consumers' inboxes hold the last one (the same facts, a new id)
        await().atMost(Duration.ofSeconds(20))
                .until(() -> jdbc.queryForObject(
                                "SELECT count(*) FROM inbox_event WHERE id = ?",
                                Long.class,
                                java.util.UUID.fromString(sentAgain.id()))
                        == 2);
        assertThat(chunkCount(run)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM quarantine_entry WHERE run_id = ?", Long.class, run))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM inbox_event WHERE id = ?",
                        Long.class,
                        java.util.UUID.fromString(envelope.id())))
                .as("the redelivered envelope is remembered once per consumer")
                .isEqualTo(2);
    }

    @Test
    void aCompletedRunIsScoredReportedAndAnnouncedOnce() {
        String job = unique("job");
        String run = unique("run");
        send(chunk(job, run, "split-0@0", tally(100, 10, 5)));
        send(chunk(job, run, "split-1@0", tally(100, 0, 5)));
        send(new QualityEvent.PostLoadChecked(
                job,
                run,
                ruleSet,
                1,
                "dw.orders",
                190,
                List.of(new QualityEvent.PostLoadResult(
                        "id_unique", "uniqueness", "warn", "SELECT count(*) …", 190, 0, null))));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> chunkCount(run) == 2
                        && jdbc.queryForObject(
                                        "SELECT count(*) FROM quality_post_load WHERE run_id = ?", Long.class, run)
                                == 1);

        EventEnvelope completed = send(new SyncEvent.RunCompleted(job, run, 200, 190, 10, 4200, true));
        send(completed);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() ->
                        assertThat(published(EventType.QUALITY_CHECKED, job)).hasSize(1));
        JsonNode checked = published(EventType.QUALITY_CHECKED, job).get(0);
        assertThat(checked.get("runId").asString()).isEqualTo(run);
        assertThat(checked.get("ruleSet").asString()).isEqualTo(ruleSet);
        assertThat(checked.get("rowsChecked").asLong()).isEqualTo(200);
        assertThat(checked.get("rowsPassed").asLong()).isEqualTo(190);
        assertThat(checked.get("rowsQuarantined").asLong()).isEqualTo(10);
        double score = checked.get("score").asDouble();
        assertThat(score).isBetween(0.0, 100.0);

        HttpResponse<String> report = http.get("/api/quality/reports/" + run);
        assertStatus(report, 200);
        JsonNode json = body(report);
        assertThat(json.get("jobId").asString()).isEqualTo(job);
        assertThat(json.get("outcome").asString()).isEqualTo("completed");
        assertThat(json.get("ruleSetVersion").asLong()).isEqualTo(1);
        assertThat(json.path("totals").get("rowsIn").asLong()).isEqualTo(200);
        JsonNode amount = json.path("checks").get(0);
        assertThat(amount.get("name").asString()).isEqualTo("amount_range");
        assertThat(amount.get("violations").asLong()).isEqualTo(10);
        assertThat(amount.get("rate").asDouble()).isCloseTo(0.05, within(1e-9));
        assertThat(amount.get("dimension").asString()).isEqualTo("validity");
        assertThat(json.path("score").get("overall").asDouble()).isCloseTo(score, within(1e-9));
        assertThat(json.path("score").path("weights").get("validity").asDouble())
                .isEqualTo(3.0);
        assertThat(json.path("postLoad").get(0).get("check").asString()).isEqualTo("id_unique");

        HttpResponse<String> html = http.get("/api/quality/reports/" + run + "?format=html");
        assertStatus(html, 200);
        assertThat(html.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(html.body()).contains("<svg", "amount_range", "id_unique").doesNotContain("<script");
        assertThat(http.get("/api/quality/reports/" + run, "Accept", "text/html,*/*")
                        .body())
                .startsWith("<!DOCTYPE html>");
        assertStatus(http.get("/api/quality/reports/" + run + "?format=xml"), 400);
        assertStatus(http.get("/api/quality/reports/" + unique("nothing")), 404);

        JsonNode trend = body(http.get("/api/quality/jobs/" + job + "/trend?limit=30"));
        assertThat(trend).hasSize(1);
        assertThat(trend.get(0).get("runId").asString()).isEqualTo(run);
        assertThat(trend.get(0).path("checks").get("amount_range").asDouble()).isCloseTo(0.05, within(1e-9));
        JsonNode runs = body(http.get("/api/quality/jobs/" + job + "/runs"));
        assertThat(runs.get(0).get("score").asDouble()).isCloseTo(score, within(1e-9));

        assertThat(jdbc.queryForList(
                        "SELECT metric FROM quality_metric_point WHERE job_id = ? ORDER BY metric", String.class, job))
                .containsExactly("duration_ms", "null_ratio.email", "rejection_rate", "row_count");

        String metrics = http.get("/actuator/prometheus").body();
        assertThat(metrics)
                .contains("datasync_quality_violations_total{")
                .contains("datasync_quality_checks_evaluated_total{")
                .contains("datasync_quality_score{");
        assertThat(metrics.lines()
                        .filter(l -> l.startsWith("datasync_quality_violations_total{")
                                && l.contains("job=\"" + job + "\"")
                                && l.contains("check=\"amount_range\""))
                        .findFirst()
                        .orElseThrow())
                .endsWith(" 10.0");
    }

    /** A stream runs until stopped: its RunFailed SYNC-020 is a cancellation, and the events after it still flow. */
    @Test
    void aStoppedStreamIsCancelledAndTheEventsAfterItAreStillApplied() {
        String job = unique("job");
        String run = unique("run");
        send(chunk(job, run, "split-0@0", tally(10, 0, 0)));
        send(new SyncEvent.RunFailed(job, run, "SYNC-020", "stopped (a stream runs until stopped)", false));
        String later = unique("run");
        send(new SyncEvent.RunCompleted(job, later, 5, 5, 0, 100, true));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.queryForObject(
                                "SELECT count(*) FROM quality_run WHERE run_id IN (?, ?)", Long.class, run, later)
                        == 2);
        assertThat(body(http.get("/api/quality/reports/" + run)).get("outcome").asString())
                .isEqualTo("cancelled");
    }

    @Test
    void aChunkArrivingAfterTheRunEndedStillScoresIt() {
        String job = unique("job");
        String run = unique("run");
        send(new SyncEvent.RunFailed(job, run, "SYNC-001", "target went away", true));
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        jdbc.queryForObject("SELECT count(*) FROM quality_run WHERE run_id = ?", Long.class, run) == 1);

        send(chunk(job, run, "split-0@0", tally(50, 0, 0)));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() ->
                        assertThat(published(EventType.QUALITY_CHECKED, job)).hasSize(1));
        assertThat(body(http.get("/api/quality/reports/" + run)).get("outcome").asString())
                .isEqualTo("failed");
    }

    @Test
    void anAnomalousRunIsRecordedAndAnnounced() {
        String job = "anomalous-" + unique("job");
        String run = unique("run");
        send(chunk(job, run, "split-0@0", tally(100, 80, 0)));
        await().atMost(Duration.ofSeconds(20)).until(() -> chunkCount(run) == 1);
        send(new SyncEvent.RunCompleted(job, run, 100, 20, 80, 1000, false));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(published(EventType.QUALITY_ANOMALY_DETECTED, job))
                        .hasSize(1));
        JsonNode event = published(EventType.QUALITY_ANOMALY_DETECTED, job).get(0);
        assertThat(event.get("metric").asString()).isEqualTo("rejection_rate");
        assertThat(event.get("observed").asDouble()).isCloseTo(0.8, within(1e-9));

        JsonNode anomalies = body(http.get("/api/quality/jobs/" + job + "/anomalies"));
        assertThat(anomalies).hasSize(1);
        assertThat(anomalies.get(0).get("runId").asString()).isEqualTo(run);
        assertThat(body(http.get("/api/quality/reports/" + run)).path("anomalies"))
                .hasSize(1);
    }

    /**
     * The detector on a job's real series: 30 daily runs whose row counts follow a weekly pattern (weekends 30 % lower)
     * with 1 % noise, and one day (20) on which half the rows are missing. Exactly that run is anomalous; the noise, the
     * weekends and the steady durations raise nothing.
     */
    @Test
    void thirtyDailyRunsWithARowCountDropOnDayTwentyRaiseOneAnomaly() {
        String job = unique("daily");
        java.util.Random noise = new java.util.Random(42);
        java.time.Instant day0 = java.time.Instant.parse("2026-11-01T02:00:00Z");
        String dropRun = null;
        for (int day = 1; day <= 30; day++) {
            java.time.Instant at = day0.plus(Duration.ofDays(day));
            java.time.DayOfWeek weekday = at.atZone(java.time.ZoneOffset.UTC).getDayOfWeek();
            double weekly =
                    weekday == java.time.DayOfWeek.SATURDAY || weekday == java.time.DayOfWeek.SUNDAY ? 0.7 : 1.0;
            long rows = Math.round(100_000 * weekly * (1 + 0.01 * noise.nextGaussian()) * (day == 20 ? 0.5 : 1.0));
            long duration = Math.round(60_000 * (1 + 0.01 * noise.nextGaussian()));
            String run = unique("day" + day);
            if (day == 20) {
                dropRun = run;
            }
            send(EventEnvelope.of(
                    "/datasync/sync-service",
                    new SyncEvent.RunCompleted(job, run, rows, rows, 0, duration, true),
                    java.time.Clock.fixed(at, java.time.ZoneOffset.UTC)));
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> jdbc.queryForObject(
                                "SELECT count(*) FROM quality_metric_point WHERE job_id = ? AND metric = 'row_count'",
                                Long.class,
                                job)
                        == 30);
        JsonNode anomalies = body(http.get("/api/quality/jobs/" + job + "/anomalies"));
        assertThat(anomalies).as(anomalies.toString()).hasSize(1);
        assertThat(anomalies.get(0).get("runId").asString()).isEqualTo(dropRun);
        assertThat(anomalies.get(0).get("metric").asString()).isEqualTo("row_count");
        assertThat(published(EventType.QUALITY_ANOMALY_DETECTED, job)).hasSize(1);
    }
}
