package io.datasync.sync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datasync.kit.correlation.Correlation;
import io.datasync.kit.test.ServiceTestSupport;
import io.datasync.models.event.SyncCommand;
import io.datasync.models.event.Topics;
import io.datasync.models.internal.ResolvedJob;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * sync-service asking config-service (played by {@link FakeConfigService} over real HTTP) for the jobs it runs: what
 * each answer means for a manual trigger and for the scheduler's command, that no problem ever shows config-service's
 * address or raw answer, and that the correlation id of the request or command travels to config-service and onto
 * the run's events.
 */
class ConfigServiceCallsIT extends ServiceTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final FakeConfigService config = FakeConfigService.shared();

    private HttpResponse<String> trigger(String jobId, String correlationId) {
        return http.post("/api/sync/jobs/" + jobId + "/runs", "", "X-Correlation-Id", correlationId);
    }

    /** The problem, checked to be one and to show nothing of config-service's address or internal API. */
    private JsonNode problem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(response.body())
                .doesNotContain("127.0.0.1", ":" + config.port(), "/internal", "http://", "10.9.8.7", "boom");
        return JSON.readTree(response.body());
    }

    @Test
    void aMalformedJobIdIsA400NamingThePathParameterAndConfigServiceIsNotAsked() {
        JsonNode problem = problem(trigger("nope", "it-nope"), 400);

        assertThat(problem.get("code").asString()).isEqualTo("COMMON-001");
        assertThat(problem.at("/errors/0/pointer").asString()).isEqualTo("?jobId");
        assertThat(problem.at("/errors/0/message").asString()).contains("'nope'", "UUID");
        assertThat(config.received("/internal/jobs/nope")).isEmpty();
        assertThat(problem(http.get("/api/sync/jobs/nope/runs"), 400)
                        .at("/errors/0/pointer")
                        .asString())
                .isEqualTo("?jobId");
    }

    @Test
    void anUnknownJobIsA404SayingSoWithTheCorrelationIdSentToConfigService() {
        String jobId = UUID.randomUUID().toString();
        HttpResponse<String> response = trigger(jobId, "it-unknown-" + jobId);

        JsonNode problem = problem(response, 404);
        assertThat(problem.get("code").asString()).isEqualTo("COMMON-003");
        assertThat(problem.get("detail").asString()).isEqualTo("job '" + jobId + "' does not exist");
        assertThat(problem.get("correlationId").asString()).isEqualTo("it-unknown-" + jobId);
        assertThat(config.received("/internal/jobs/" + jobId))
                .extracting(FakeConfigService.Received::correlationId)
                .containsExactly("it-unknown-" + jobId);
    }

    @Test
    void configServiceFailingOrNotAnsweringIsARetriable503NamingIt() {
        String failing = UUID.randomUUID().toString();
        config.answer("/internal/jobs/" + failing, FakeConfigService.Answer.of(500, "boom at 10.9.8.7"));
        JsonNode failed = problem(trigger(failing, "it-500"), 503);
        assertThat(failed.get("code").asString()).isEqualTo("COMMON-014");
        assertThat(failed.get("syncCode").asString()).isEqualTo("SYNC-012");
        assertThat(failed.get("detail").asString())
                .isEqualTo("cannot get job " + failing + ": config-service did not answer: it failed (status 500)");

        String silent = UUID.randomUUID().toString();
        config.answer("/internal/jobs/" + silent, FakeConfigService.Answer.hanging());
        JsonNode timedOut = problem(trigger(silent, "it-silent"), 503);
        assertThat(timedOut.get("syncCode").asString()).isEqualTo("SYNC-012");
        assertThat(timedOut.get("detail").asString()).endsWith("config-service did not answer within 2000 ms");

        String garbled = UUID.randomUUID().toString();
        config.answer("/internal/jobs/" + garbled, FakeConfigService.Answer.of(200, "{\"jobId\": boom"));
        assertThat(problem(trigger(garbled, "it-garbled"), 503).get("detail").asString())
                .endsWith("config-service did not answer: its answer could not be read");
    }

    @Test
    void aRefusedServiceTokenIsPermanentSync010() {
        String jobId = UUID.randomUUID().toString();
        config.answer(
                "/internal/jobs/" + jobId,
                FakeConfigService.Answer.of(401, "{\"status\":401,\"code\":\"COMMON-010\",\"detail\":\"no\"}"));
        JsonNode problem = problem(trigger(jobId, "it-401"), 409);
        assertThat(problem.get("syncCode").asString()).isEqualTo("SYNC-010");
        assertThat(problem.get("detail").asString()).contains("datasync.sync.internal-token");
    }

    @Test
    void aRunCarriesItsRequestsCorrelationIdToConfigServiceAndOntoItsEvents() {
        String jobId = UUID.randomUUID().toString();
        String correlationId = "it-run-" + jobId;
        // A job whose target this sync-service cannot write: the run starts, then fails at once (SYNC-005).
        ResolvedJob job = FakeConfigService.unwritableJob(jobId, "corr-" + jobId.substring(0, 8), 2, 5);
        config.answer("/internal/jobs/" + jobId, FakeConfigService.Answer.of(200, JSON.writeValueAsString(job)));

        HttpResponse<String> accepted = trigger(jobId, correlationId);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String runId = JSON.readTree(accepted.body()).get("runId").asString();
        assertThat(JSON.readTree(accepted.body()).get("jobVersion").asLong()).isEqualTo(2);

        assertThat(config.received("/internal/jobs/" + jobId))
                .extracting(FakeConfigService.Received::correlationId)
                .containsExactly(correlationId);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> eventsOfRun(runId).stream().anyMatch(e -> e.type().endsWith("run.failed.v1")));
        List<OutboxEvent> events = eventsOfRun(runId);
        assertThat(events)
                .extracting(OutboxEvent::type)
                .containsExactly("datasync.sync.run.started.v1", "datasync.sync.run.failed.v1");
        assertThat(events)
                .as("appended on the run's own thread, with the request's id")
                .extracting(OutboxEvent::correlationId)
                .containsOnly(correlationId);
        assertThat(events.get(1).payload()).contains("SYNC-001", "only PostgreSQL targets are written");

        Set<String> ids = Set.of(events.get(0).id(), events.get(1).id());
        await().atMost(Duration.ofSeconds(20))
                .until(() -> events(Topics.SYNC_EVENTS, ids).size() == 2);
        assertThat(events(Topics.SYNC_EVENTS, ids))
                .extracting(Delivered::correlationId)
                .containsOnly(correlationId);
    }

    @Test
    void aCommandForAJobThatCannotBeResolvedIsAnsweredWithRunFailedCarryingItsCorrelationId() {
        String unknown = UUID.randomUUID().toString();
        String failing = UUID.randomUUID().toString();
        String refused = UUID.randomUUID().toString();
        config.answer("/internal/jobs/" + failing, FakeConfigService.Answer.of(503, "down"));
        config.answer(
                "/internal/jobs/" + refused,
                FakeConfigService.Answer.of(403, "{\"status\":403,\"code\":\"COMMON-011\",\"detail\":\"no\"}"));

        Map<String, String> runs = Map.of(
                "nope",
                request("nope", "cmd-nope"),
                unknown,
                request(unknown, "cmd-unknown"),
                failing,
                request(failing, "cmd-failing"),
                refused,
                request(refused, "cmd-refused"));

        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        runs.values().stream().allMatch(run -> eventsOfRun(run).size() == 1));
        assertThat(failure(runs.get("nope"))).containsExactly("COMMON-003", "false", "cmd-nope");
        assertThat(failure(runs.get(unknown))).containsExactly("COMMON-003", "false", "cmd-unknown");
        assertThat(failure(runs.get(failing))).containsExactly("SYNC-012", "true", "cmd-failing");
        assertThat(failure(runs.get(refused))).containsExactly("SYNC-010", "false", "cmd-refused");
        assertThat(config.received("/internal/jobs/" + unknown))
                .extracting(FakeConfigService.Received::correlationId)
                .containsExactly("cmd-unknown");
        assertThat(eventsOfRun(runs.get(failing)).get(0).payload()).doesNotContain("127.0.0.1", "/internal", "down");
    }

    /** Publishes the scheduler's command for a run of the job, with a correlation id; returns the run id. */
    private String request(String jobId, String correlationId) {
        String runId = UUID.randomUUID().toString();
        try (Correlation.Scope ignored = Correlation.open(correlationId)) {
            transactions.executeWithoutResult(s -> outbox.append(new SyncCommand.RunRequested(
                    jobId, runId, 0, UUID.randomUUID().toString(), 1, "schedule")));
        }
        return runId;
    }

    /** {@code [code, retriable, correlation id]} of the run's RunFailed. */
    private List<String> failure(String runId) {
        OutboxEvent event = eventsOfRun(runId).get(0);
        assertThat(event.type()).isEqualTo("datasync.sync.run.failed.v1");
        JsonNode data = JSON.readTree(event.payload()).get("data");
        return List.of(
                data.get("errorCode").asString(),
                data.get("retriable").asString(),
                String.valueOf(event.correlationId()));
    }

    private record OutboxEvent(String id, String type, String payload, String correlationId) {}

    /** This service's events about the run, oldest first. */
    private List<OutboxEvent> eventsOfRun(String runId) {
        return jdbc.query(
                "SELECT id, type, payload, correlation_id FROM outbox_event WHERE topic = ?"
                        + " AND payload::jsonb #>> '{data,runId}' = ? ORDER BY seq",
                (rs, row) -> new OutboxEvent(
                        rs.getString("id"),
                        rs.getString("type"),
                        rs.getString("payload"),
                        rs.getString("correlation_id")),
                Topics.SYNC_EVENTS,
                runId);
    }
}
