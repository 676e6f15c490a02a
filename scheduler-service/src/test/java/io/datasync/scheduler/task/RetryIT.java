package io.datasync.scheduler.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.scheduler.SchedulerITSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Retries against real PostgreSQL and Kafka with the test clock: each delay follows
 * {@code min(maxDelay, initialDelay × multiplier^(attempt−1))} ± jitter (so up to jitter × maxDelay past maxDelay), no
 * attempt is dispatched a millisecond early,
 * and a permanent failure is never retried.
 */
class RetryIT extends SchedulerITSupport {

    private static final String RETRY =
            "{\"maxAttempts\":4,\"initialDelay\":\"10s\",\"multiplier\":2.0,\"maxDelay\":\"25s\",\"jitter\":0.2}";

    @Autowired
    private Dispatcher dispatcher;

    private String job(String retry) {
        String jobId = newJobId();
        config.put(jobId, "retry-" + jobId.substring(0, 8), 1, true, null, retry);
        return jobId;
    }

    @Test
    void retriesAfterTheBackoffFormulaWithJitterUntilNoAttemptIsLeft() {
        String jobId = job(RETRY);
        JsonNode current = trigger(jobId);
        String taskId = current.get("taskId").asString();
        List<String> runIds = new ArrayList<>(List.of(runId(current)));

        for (int attempt = 1; attempt <= 3; attempt++) {
            runStarted(current);
            runFailed(current, "SYNC-012", true);
            JsonNode retrying = awaitState(taskId, "retrying");
            Instant failedAt = clock.instant();
            Instant due = instant(retrying.get("notBefore"));

            long baseMs = Math.min(25_000, (long) (10_000 * Math.pow(2.0, attempt - 1)));
            assertThat(Duration.between(failedAt, due).toMillis())
                    .as("delay after attempt %d: base %d ms (capped at maxDelay) ± 20%%", attempt, baseMs)
                    .isBetween(Math.round(baseMs * 0.8), Math.round(baseMs * 1.2));
            assertThat(entries(retrying, "retrying")
                            .get(attempt - 1)
                            .get("detail")
                            .asString())
                    .contains("attempt " + (attempt + 1) + " of 4");

            clock.setInstant(due.minusMillis(1));
            dispatcher.dispatchDue();
            assertThat(state(task(taskId)))
                    .as("not dispatched before its delay is over")
                    .isEqualTo("retrying");

            clock.setInstant(due);
            current = awaitState(taskId, "dispatched");
            assertThat(current.get("attempt").asInt()).isEqualTo(attempt + 1);
            assertThat(entries(current, "dispatched").get(attempt).get("at").asString())
                    .isEqualTo(due.toString());
            runIds.add(runId(current));
        }
        runStarted(current);
        runFailed(current, "SYNC-012", true);
        JsonNode failed = awaitState(taskId, "failed");

        assertThat(failed.get("detail").asString()).contains("attempt 4 of 4 failed, none left", "SYNC-012");
        assertThat(timeline(failed))
                .containsExactly(
                        "queued",
                        "dispatched",
                        "running",
                        "failed",
                        "retrying",
                        "dispatched",
                        "running",
                        "failed",
                        "retrying",
                        "dispatched",
                        "running",
                        "failed",
                        "retrying",
                        "dispatched",
                        "running",
                        "failed");
        assertThat(failed.get("attempts")).hasSize(4);
        failed.get("attempts").forEach(a -> {
            assertThat(a.get("state").asString()).isEqualTo("failed");
            assertThat(a.get("errorCode").asString()).isEqualTo("SYNC-012");
            assertThat(a.get("retriable").asBoolean()).isTrue();
        });
        assertThat(runIds).doesNotHaveDuplicates();
        assertThat(commandsFor(jobId))
                .containsExactly(
                        "requested|" + runIds.get(0) + "|1",
                        "requested|" + runIds.get(1) + "|2",
                        "requested|" + runIds.get(2) + "|3",
                        "requested|" + runIds.get(3) + "|4");
    }

    @Test
    void aPermanentFailureIsNotRetried() {
        String jobId = job(RETRY);
        JsonNode task = trigger(jobId);
        runStarted(task);
        runFailed(task, "SYNC-010", false);

        JsonNode failed = awaitState(task.get("taskId").asString(), "failed");
        assertThat(failed.get("detail").asString()).contains("permanent failure, not retried", "SYNC-010");
        assertThat(timeline(failed)).containsExactly("queued", "dispatched", "running", "failed");

        clock.add(Duration.ofMinutes(30));
        dispatcher.dispatchDue();
        assertThat(state(task(task.get("taskId").asString()))).isEqualTo("failed");
        assertThat(commandsFor(jobId)).containsExactly("requested|" + runId(task) + "|1");
    }

    @Test
    void aRetriableFailureOfTheOnlyAttemptEndsTheTask() {
        String jobId = job(RETRY.replace("\"maxAttempts\":4", "\"maxAttempts\":1"));
        JsonNode task = trigger(jobId);
        runFailed(task, "SYNC-012", true);

        JsonNode failed = awaitState(task.get("taskId").asString(), "failed");
        assertThat(failed.get("detail").asString()).contains("attempt 1 of 1 failed, none left");
        assertThat(commandsFor(jobId)).hasSize(1);
    }
}
