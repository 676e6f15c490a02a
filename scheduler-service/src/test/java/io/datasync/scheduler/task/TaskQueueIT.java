package io.datasync.scheduler.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.scheduler.SchedulerITSupport;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The task queue against real PostgreSQL and Kafka: each concurrency policy when a run is still going, the run
 * timeout, manual retries and the history. Runs are driven by publishing the sync engine's events.
 */
class TaskQueueIT extends SchedulerITSupport {

    @Autowired
    private Dispatcher dispatcher;

    private String manualJob(String concurrency) {
        String jobId = newJobId();
        // A schedule that never fires during the test: only its concurrency policy matters here.
        config.put(
                jobId,
                "job-" + jobId.substring(0, 8),
                3,
                true,
                "{\"cron\":\"0 0 3 1 1 ? 2099\",\"concurrency\":\"" + concurrency + "\"}",
                null);
        return jobId;
    }

    @Test
    void skipPolicyRecordsASkippedTaskWhileARunIsGoing() {
        String jobId = manualJob("skip");
        JsonNode first = trigger(jobId);
        JsonNode second = trigger(jobId);

        assertThat(state(first)).isEqualTo("dispatched");
        assertThat(first.get("jobVersion").asLong()).isEqualTo(3);
        assertThat(state(second)).isEqualTo("skipped");
        assertThat(second.get("detail").asString()).contains(first.get("taskId").asString(), "concurrency: skip");
        assertThat(timeline(second)).containsExactly("skipped");
        assertThat(commandsFor(jobId)).containsExactly(requested(first, 1));
    }

    @Test
    void queuePolicyRunsTheJobsTasksOneAfterAnother() {
        String jobId = manualJob("queue");
        JsonNode first = trigger(jobId);
        JsonNode second = trigger(jobId);
        JsonNode third = trigger(jobId);
        assertThat(List.of(state(first), state(second), state(third)))
                .containsExactly("dispatched", "queued", "queued");

        runStarted(first);
        awaitState(first.get("taskId").asString(), "running");
        runCompleted(first);
        JsonNode secondDispatched = awaitState(second.get("taskId").asString(), "dispatched");
        assertThat(state(task(third.get("taskId").asString()))).isEqualTo("queued");

        runCompleted(secondDispatched);
        JsonNode thirdDispatched = awaitState(third.get("taskId").asString(), "dispatched");
        assertThat(timeline(task(first.get("taskId").asString())))
                .containsExactly("queued", "dispatched", "running", "succeeded");
        assertThat(commandsFor(jobId))
                .containsExactly(requested(first, 1), requested(secondDispatched, 1), requested(thirdDispatched, 1));
    }

    @Test
    void aTaskWaitingForItsRetryIsNotOvertakenByALaterTaskOfItsJob() {
        String jobId = manualJob("queue");
        JsonNode first = trigger(jobId);
        JsonNode second = trigger(jobId);
        runStarted(first);
        runFailed(first, "SYNC-012", true);
        JsonNode retrying = awaitState(first.get("taskId").asString(), "retrying");

        dispatcher.dispatchDue();
        assertThat(state(task(second.get("taskId").asString())))
                .as("the job's older task goes first, after its retry delay")
                .isEqualTo("queued");

        clock.setInstant(instant(retrying.get("notBefore")));
        JsonNode again = awaitState(first.get("taskId").asString(), "dispatched");
        assertThat(again.get("attempt").asInt()).isEqualTo(2);
        assertThat(state(task(second.get("taskId").asString()))).isEqualTo("queued");

        runCompleted(again);
        JsonNode next = awaitState(second.get("taskId").asString(), "dispatched");
        assertThat(commandsFor(jobId)).containsExactly(requested(first, 1), requested(again, 2), requested(next, 1));
    }

    @Test
    void replacePolicyStartsTheNewRunOnlyOnceTheReplacedOneHasStopped() {
        String jobId = manualJob("replace");
        JsonNode first = trigger(jobId);
        runStarted(first);
        awaitState(first.get("taskId").asString(), "running");

        JsonNode second = trigger(jobId);

        assertThat(state(second)).as("waits for the replaced run to stop").isEqualTo("queued");
        JsonNode replaced = task(first.get("taskId").asString());
        assertThat(state(replaced)).isEqualTo("cancelled");
        assertThat(timeline(replaced)).containsExactly("queued", "dispatched", "running", "cancelled");
        assertThat(replaced.at("/attempts/0/state").asString()).isEqualTo("cancelled");
        assertThat(replaced.at("/attempts/0").hasNonNull("finishedAt")).isFalse();
        dispatcher.dispatchDue();
        assertThat(state(task(second.get("taskId").asString()))).isEqualTo("queued");
        assertThat(commandsFor(jobId)).containsExactly(requested(first, 1), cancelRequested(first));

        // The engine reports the cancelled run as failed (SYNC-020): now the new one starts.
        runFailed(replaced, "SYNC-020", false);
        JsonNode started = awaitState(second.get("taskId").asString(), "dispatched");
        assertThat(commandsFor(jobId))
                .containsExactly(requested(first, 1), cancelRequested(first), requested(started, 1));
        JsonNode stopped = task(first.get("taskId").asString());
        assertThat(state(stopped)).isEqualTo("cancelled");
        assertThat(stopped.at("/attempts/0/state").asString()).isEqualTo("cancelled");
        assertThat(stopped.at("/attempts/0/errorCode").asString()).isEqualTo("SYNC-020");
        assertThat(stopped.at("/attempts/0").hasNonNull("finishedAt")).isTrue();

        runCompleted(started);
        awaitState(second.get("taskId").asString(), "succeeded");
        assertThat(state(task(first.get("taskId").asString()))).isEqualTo("cancelled");
    }

    @Test
    void replacePolicyStartsTheNewRunAfterTheStopGracePeriodWhenTheOldOneNeverReports() {
        String jobId = manualJob("replace");
        JsonNode first = trigger(jobId);
        JsonNode second = trigger(jobId);
        assertThat(state(second)).isEqualTo("queued");

        clock.add(Duration.ofMinutes(2).minusMillis(1));
        dispatcher.tick();
        assertThat(state(task(second.get("taskId").asString())))
                .as("the grace period is not over")
                .isEqualTo("queued");

        clock.add(Duration.ofMillis(1));
        JsonNode started = awaitState(second.get("taskId").asString(), "dispatched");
        assertThat(task(first.get("taskId").asString())
                        .at("/attempts/0/message")
                        .asString())
                .contains("no end within the grace period");
        assertThat(commandsFor(jobId)).last().isEqualTo(requested(started, 1));
    }

    @Test
    void aRunPastTheTimeoutIsCancelledAndItsTaskTimedOutThenRetriedByHandOnceItStopped() {
        String jobId = manualJob("queue");
        JsonNode task = trigger(jobId);
        String taskId = task.get("taskId").asString();
        assertThat(instant(task.get("deadline"))).isEqualTo(clock.instant().plus(Duration.ofHours(1)));

        clock.add(Duration.ofHours(1).plusSeconds(1));
        JsonNode timedOut = awaitState(taskId, "timed-out");
        assertThat(timeline(timedOut)).containsExactly("queued", "dispatched", "timed-out");
        assertThat(commandsFor(jobId)).containsExactly(requested(task, 1), cancelRequested(task));

        var tooEarly = http.post("/api/scheduler/tasks/" + taskId + "/retry", "{\"delay\":\"0s\"}");
        assertThat(tooEarly.statusCode()).as(tooEarly.body()).isEqualTo(409);
        assertThat(tooEarly.body()).contains("COMMON-006", "has not stopped yet");

        runFailed(timedOut, "SYNC-020", false);
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> task(taskId).at("/attempts/0").hasNonNull("finishedAt"));
        var retried = http.post("/api/scheduler/tasks/" + taskId + "/retry", "{\"delay\":\"0s\"}");
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(202);
        JsonNode again = awaitState(taskId, "dispatched");
        assertThat(again.get("attempt").asInt()).isEqualTo(2);
        assertThat(timeline(again)).containsExactly("queued", "dispatched", "timed-out", "retrying", "dispatched");
        assertThat(again.get("attempts")).hasSize(2);
        assertThat(commandsFor(jobId)).last().isEqualTo(requested(again, 2));

        var notAgain = http.post("/api/scheduler/tasks/" + taskId + "/retry", "");
        assertThat(notAgain.statusCode()).isEqualTo(409);
        assertThat(notAgain.body()).contains("COMMON-006", "is dispatched");
    }

    @Test
    void aTaskCancelledWhileQueuedIsRetriedByHandAsItsFirstAttempt() {
        String jobId = manualJob("replace");
        JsonNode first = trigger(jobId);
        JsonNode second = trigger(jobId); // waits for the first to stop
        JsonNode third = trigger(jobId); // replaces the second while it waits
        assertThat(state(task(second.get("taskId").asString()))).isEqualTo("cancelled");
        runFailed(first, "SYNC-020", false);
        runCompleted(awaitState(third.get("taskId").asString(), "dispatched"));
        awaitState(third.get("taskId").asString(), "succeeded");

        var retried = http.post("/api/scheduler/tasks/" + second.get("taskId").asString() + "/retry", "");
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(202);
        JsonNode again = awaitState(second.get("taskId").asString(), "dispatched");
        assertThat(again.get("attempt").asInt()).isEqualTo(1);
        assertThat(again.get("attempts")).hasSize(1);
        assertThat(commandsFor(jobId)).last().isEqualTo(requested(again, 1));
    }

    @Test
    void aTaskOfADeletedJobCannotBeRetriedByHand() {
        String jobId = manualJob("queue");
        JsonNode task = trigger(jobId);
        runFailed(task, "SYNC-010", false);
        awaitState(task.get("taskId").asString(), "failed");
        deleteJob(jobId);
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> http.get("/api/scheduler/schedules/" + jobId).statusCode() == 404);

        var refused = http.post("/api/scheduler/tasks/" + task.get("taskId").asString() + "/retry", "");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(refused.body()).contains("COMMON-006", "no longer exists");
        assertThat(commandsFor(jobId)).containsExactly(requested(task, 1));
    }

    @Test
    void theFirstAttemptRunsTheJobsCurrentVersion() {
        String jobId = manualJob("queue");
        JsonNode first = trigger(jobId);
        JsonNode second = trigger(jobId);
        assertThat(second.get("jobVersion").asLong()).isEqualTo(3);
        // version 4 is saved while the second task waits
        config.put(
                jobId,
                "job-" + jobId.substring(0, 8),
                4,
                true,
                "{\"cron\":\"0 0 3 1 1 ? 2099\",\"concurrency\":\"queue\"}",
                null);
        publish(new io.datasync.models.event.ConfigChange.JobChanged(
                jobId, "job-" + jobId.substring(0, 8), 4, io.datasync.models.event.ChangeKind.UPDATED));
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> body(http.get("/api/scheduler/schedules/" + jobId))
                                .get("version")
                                .asLong()
                        == 4);

        runCompleted(first);
        JsonNode dispatched = awaitState(second.get("taskId").asString(), "dispatched");
        assertThat(dispatched.get("jobVersion").asLong()).isEqualTo(4);
    }

    @Test
    void aFullQueueRecordsFurtherTriggersAsSkipped() {
        String jobId = manualJob("queue");
        JsonNode running = trigger(jobId);
        for (int i = 0; i < 10; i++) {
            assertThat(state(trigger(jobId))).isEqualTo("queued");
        }

        JsonNode overflow = trigger(jobId);

        assertThat(state(overflow)).isEqualTo("skipped");
        assertThat(overflow.get("detail").asString()).contains("10 tasks of this job are queued already");
        assertThat(commandsFor(jobId)).containsExactly(requested(running, 1));
    }

    @Test
    void historyFiltersByJobStateAndTime() {
        String jobId = manualJob("skip");
        JsonNode first = trigger(jobId);
        clock.add(Duration.ofMinutes(1));
        JsonNode skipped = trigger(jobId);
        String later = clock.instant().toString();

        JsonNode all = body(http.get("/api/scheduler/tasks?jobId=" + jobId));
        assertThat(all.get("items")).hasSize(2);
        assertThat(all.at("/items/0/taskId").asString())
                .as("newest first")
                .isEqualTo(skipped.get("taskId").asString());

        JsonNode onlySkipped = body(http.get("/api/scheduler/tasks?jobId=" + jobId + "&state=skipped"));
        assertThat(onlySkipped.get("items")).hasSize(1);
        JsonNode beforeLater = body(http.get("/api/scheduler/tasks?jobId=" + jobId + "&to=" + later));
        assertThat(beforeLater.get("items")).hasSize(1);
        assertThat(beforeLater.at("/items/0/taskId").asString())
                .isEqualTo(first.get("taskId").asString());
        assertThat(body(http.get("/api/scheduler/tasks?jobId=" + jobId + "&from=" + later + "&state=SKIPPED"))
                        .get("items"))
                .hasSize(1);
    }

    @Test
    void badInputGetsA400OrA404ProblemNamingTheField() {
        String jobId = manualJob("queue");
        expectProblem(http.post("/api/scheduler/jobs/" + newJobId() + "/trigger", ""), 404, null, "does not exist");
        expectProblem(
                http.post("/api/scheduler/jobs/" + jobId + "/trigger", "{\"delay\":\"-5s\"}"),
                400,
                "/delay",
                "negative");
        expectProblem(
                http.post("/api/scheduler/jobs/" + jobId + "/trigger", "{\"delay\":\"soon\"}"),
                400,
                "/delay",
                "duration");
        expectProblem(
                http.post("/api/scheduler/jobs/" + jobId + "/trigger", "{\"when\":\"now\"}"),
                400,
                "/when",
                "unknown field");
        expectProblem(
                http.post("/api/scheduler/tasks/" + java.util.UUID.randomUUID() + "/retry", ""),
                404,
                null,
                "does not exist");
        expectProblem(http.post("/api/scheduler/tasks/not-a-task/retry", ""), 400, "?taskId", "UUID");
        expectProblem(http.get("/api/scheduler/tasks?state=exploded"), 400, "?state", "not a task state");
        expectProblem(http.get("/api/scheduler/tasks?from=yesterday"), 400, "?from", "not a valid");
        expectProblem(http.get("/api/scheduler/tasks?limit=0"), 400, "?limit", null);
        expectProblem(
                http.get("/api/scheduler/tasks?from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z"),
                400,
                "?to",
                "after");
        expectProblem(http.post("/api/scheduler/schedules/" + newJobId() + "/pause", ""), 404, null, "does not exist");
        assertThat(state(trigger(jobId))).isEqualTo("dispatched");
    }

    private void expectProblem(java.net.http.HttpResponse<String> response, int status, String pointer, String text) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        if (pointer != null) {
            assertThat(response.body()).contains("\"pointer\":\"" + pointer + "\"");
        }
        if (text != null) {
            assertThat(response.body()).contains(text);
        }
    }
}
