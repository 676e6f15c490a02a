package io.datasync.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datasync.kit.test.ServiceTestSupport;
import io.datasync.models.event.ChangeKind;
import io.datasync.models.event.ConfigChange;
import io.datasync.models.event.EventPayload;
import io.datasync.models.event.SyncEvent;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.threeten.extra.MutableClock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of the scheduler's feature ITs: the shared service context, the fake config-service it asks about jobs, the
 * test clock, and helpers that act as config-service and the sync engine do, through real Kafka events.
 */
public abstract class SchedulerITSupport extends ServiceTestSupport {

    static {
        FakeConfigService.shared(); // before the shared context, whichever IT class creates it
    }

    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final String EVERY_SECOND = "* * * * * ?";

    protected final FakeConfigService config = FakeConfigService.shared();

    @Autowired
    protected MutableClock clock;

    /** A new job id, as config-service makes them. */
    protected static String newJobId() {
        return UUID.randomUUID().toString();
    }

    /** Puts a job into the fake config-service and announces it as config-service would. */
    protected void saveJob(String jobId, String scheduleJson, String retryJson) {
        config.put(jobId, "job-" + jobId.substring(0, 8), 1, true, scheduleJson, retryJson);
        publish(new ConfigChange.JobChanged(jobId, "job-" + jobId.substring(0, 8), 1, ChangeKind.UPDATED));
    }

    protected void deleteJob(String jobId) {
        config.remove(jobId);
        publish(new ConfigChange.JobChanged(jobId, "job-" + jobId.substring(0, 8), 1, ChangeKind.DELETED));
    }

    /** Publishes an event through this service's outbox, so it reaches the listeners over the real broker. */
    protected void publish(EventPayload event) {
        transactions.executeWithoutResult(s -> outbox.append(event));
    }

    protected void runStarted(JsonNode task) {
        publish(new SyncEvent.RunStarted(jobId(task), runId(task), 1, clock.instant()));
    }

    protected void runCompleted(JsonNode task) {
        publish(new SyncEvent.RunCompleted(jobId(task), runId(task), 10, 10, 0, 5, true));
    }

    protected void runFailed(JsonNode task, String code, boolean retriable) {
        publish(new SyncEvent.RunFailed(jobId(task), runId(task), code, "it failure", retriable));
    }

    protected static String jobId(JsonNode task) {
        return task.get("jobId").asString();
    }

    protected static String runId(JsonNode task) {
        return task.get("runId").asString();
    }

    protected static String state(JsonNode task) {
        return task.get("state").asString();
    }

    protected JsonNode body(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    protected JsonNode task(String taskId) {
        HttpResponse<String> response = http.get("/api/scheduler/tasks/" + taskId);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return body(response);
    }

    /** The job's tasks, oldest first. */
    protected List<JsonNode> tasksOf(String jobId) {
        HttpResponse<String> response = http.get("/api/scheduler/tasks?limit=500&jobId=" + jobId);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        body(response).get("items").forEach(items::add);
        java.util.Collections.reverse(items);
        return items;
    }

    protected JsonNode trigger(String jobId) {
        HttpResponse<String> response = http.post("/api/scheduler/jobs/" + jobId + "/trigger", "");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return body(response);
    }

    protected JsonNode awaitState(String taskId, String state) {
        await().atMost(Duration.ofSeconds(20)).until(() -> state(task(taskId)).equals(state));
        return task(taskId);
    }

    /** The states of a task's timeline, in order. */
    protected static List<String> timeline(JsonNode task) {
        List<String> states = new ArrayList<>();
        task.get("timeline").forEach(e -> states.add(e.get("state").asString()));
        return states;
    }

    /** The timeline entries of one state, in order. */
    protected static List<JsonNode> entries(JsonNode task, String state) {
        List<JsonNode> found = new ArrayList<>();
        task.get("timeline").forEach(e -> {
            if (e.get("state").asString().equals(state)) {
                found.add(e);
            }
        });
        return found;
    }

    /** The commands this scheduler appended to its outbox for a task or run, as {@code type|runId|attempt} lines. */
    protected List<String> commandsFor(String jobId) {
        return jdbc.queryForList(
                "SELECT substring(type from 'run\\.([a-z-]+)\\.v1') || '|' || (payload::jsonb #>> '{data,runId}')"
                        + " || '|' || coalesce(payload::jsonb #>> '{data,attempt}', '-') FROM outbox_event"
                        + " WHERE topic = 'datasync.sync.commands' AND message_key = ? ORDER BY seq",
                String.class,
                jobId);
    }

    /** The {@link #commandsFor} line of the task's current run being requested as {@code attempt}. */
    protected static String requested(JsonNode task, int attempt) {
        return "requested|" + runId(task) + "|" + attempt;
    }

    /** The {@link #commandsFor} line of the task's current run being cancelled. */
    protected static String cancelRequested(JsonNode task) {
        return "cancel-requested|" + runId(task) + "|-";
    }

    protected static Instant instant(JsonNode node) {
        return Instant.parse(node.asString());
    }
}
