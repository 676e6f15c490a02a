package io.datasync.scheduler.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datasync.models.event.Topics;
import io.datasync.scheduler.SchedulerITSupport;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A manual trigger of a job the scheduler has not seen yet, which it looks up in config-service (played by
 * {@code FakeConfigService} over real HTTP): the answer for a malformed, an unknown and an unreachable job, never
 * showing config-service's address or raw answer, and the request's correlation id on the lookup and on the
 * {@code RunRequested} it sends.
 */
class TriggerIT extends SchedulerITSupport {

    @AfterEach
    void answerNormally() {
        config.answerNormally();
    }

    private HttpResponse<String> trigger(String jobId, String correlationId) {
        return http.post("/api/scheduler/jobs/" + jobId + "/trigger", "", "X-Correlation-Id", correlationId);
    }

    /** The problem, checked to be one and to show nothing of config-service's address or internal API. */
    private JsonNode problem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(response.body())
                .doesNotContain("127.0.0.1", ":" + config.port(), "/internal", "http://", "10.9.8.7", "boom");
        return body(response);
    }

    @Test
    void aMalformedJobIdIsA400NamingThePathParameterAndConfigServiceIsNotAsked() {
        int before = config.lookups();
        JsonNode problem = problem(trigger("nope", "it-nope"), 400);

        assertThat(problem.get("code").asString()).isEqualTo("COMMON-001");
        assertThat(problem.at("/errors/0/pointer").asString()).isEqualTo("?jobId");
        assertThat(problem.at("/errors/0/message").asString()).contains("'nope'", "UUID");
        assertThat(config.lookups()).isEqualTo(before);
    }

    @Test
    void anUnknownJobIsA404SayingSo() {
        String jobId = newJobId();
        JsonNode problem = problem(trigger(jobId, "it-unknown"), 404);

        assertThat(problem.get("code").asString()).isEqualTo("COMMON-003");
        assertThat(problem.get("detail").asString()).isEqualTo("job '" + jobId + "' does not exist");
        assertThat(config.correlationIdsOfLookups(jobId)).containsExactly("it-unknown");
    }

    @Test
    void configServiceFailingOrAnsweringOddlyIsA503NamingIt() {
        String jobId = newJobId();
        config.answerLookupsWith(500, "boom at 10.9.8.7");
        assertThat(problem(trigger(jobId, "it-500"), 503).get("detail").asString())
                .isEqualTo("cannot look up job '" + jobId + "': config-service did not answer: it failed (status 500)");

        config.answerLookupsWith(404, "<html>no route to 10.9.8.7</html>"); // a proxy, not config-service's verdict
        assertThat(problem(trigger(jobId, "it-proxy"), 503).get("code").asString())
                .isEqualTo("COMMON-014");

        config.answerLookupsWith(200, "{\"jobId\": boom");
        assertThat(problem(trigger(jobId, "it-garbled"), 503).get("detail").asString())
                .endsWith("config-service did not answer: its answer could not be read");

        config.answerLookupsWith(
                409, "{\"status\":409,\"code\":\"COMMON-006\",\"detail\":\"job '" + jobId + "' is being deleted\"}");
        JsonNode conflict = problem(trigger(jobId, "it-409"), 409);
        assertThat(conflict.get("code").asString())
                .as("config-service's own verdict is passed on")
                .isEqualTo("COMMON-006");
        assertThat(conflict.get("detail").asString()).isEqualTo("job '" + jobId + "' is being deleted");
    }

    @Test
    void theTriggersCorrelationIdReachesConfigServiceAndTheRunRequestedCommand() {
        String jobId = newJobId();
        config.put(jobId, "corr-" + jobId.substring(0, 8), 3, true, null, null);
        String correlationId = "it-trigger-" + jobId;

        HttpResponse<String> accepted = trigger(jobId, correlationId);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(accepted.headers().firstValue("X-Correlation-Id")).contains(correlationId);
        assertThat(config.correlationIdsOfLookups(jobId)).containsExactly(correlationId);

        List<String> commands = jdbc.queryForList(
                "SELECT id::text FROM outbox_event WHERE topic = ? AND message_key = ? AND correlation_id = ?",
                String.class,
                Topics.SYNC_COMMANDS,
                jobId,
                correlationId);
        assertThat(commands).as("the RunRequested appended by the trigger").hasSize(1);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> events(Topics.SYNC_COMMANDS, Set.copyOf(commands)).size() == 1);
        assertThat(events(Topics.SYNC_COMMANDS, Set.copyOf(commands)).get(0).correlationId())
                .isEqualTo(correlationId);
    }
}
