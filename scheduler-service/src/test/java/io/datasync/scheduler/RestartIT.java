package io.datasync.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datasync.kit.test.ServiceHttp;
import io.datasync.models.event.SyncEvent;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A scheduler instance with a global limit of two concurrent runs is stopped with runs going and tasks queued; the
 * instance started in its place (without reconciling with config-service) still has the schedules and the queue, and
 * dispatches the queued tasks, oldest first and one per job at a time, as the running ones end.
 */
class RestartIT extends SchedulerITSupport {

    @Test
    void aRestartKeepsSchedulesAndQueuedTasksAndDispatchesThemAsSlotsFree() {
        String database = properties.database() + "_restart";
        SchedulerInstance.dropDatabase(database);
        String group = "scheduler-restart-" + UUID.randomUUID();
        String scheduled = newJobId();
        String one = newJobId();
        String two = newJobId();
        String three = newJobId();
        String[] limitOfTwo = {"--datasync.scheduler.max-concurrent-runs=2"};
        JsonNode t1;
        JsonNode t2;
        JsonNode t3;
        JsonNode r1;
        JsonNode r2;
        try (FakeConfigService config = FakeConfigService.start()) {
            config.put(scheduled, "nightly", 1, true, "{\"cron\":\"0 0 3 * * ?\",\"concurrency\":\"queue\"}", null);
            for (String jobId : List.of(one, two, three)) {
                config.put(jobId, "manual-" + jobId.substring(0, 8), 1, true, null, null);
            }
            try (SchedulerInstance first =
                    SchedulerInstance.start("first", database, brokers, config, group, limitOfTwo)) {
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> first.http
                                        .get("/api/scheduler/schedules/" + scheduled)
                                        .statusCode()
                                == 200);
                t1 = trigger(first.http, one);
                t2 = trigger(first.http, two);
                t3 = trigger(first.http, three);
                r1 = trigger(first.http, scheduled);
                r2 = trigger(first.http, scheduled);
                assertThat(List.of(state(t1), state(t2), state(t3), state(r1), state(r2)))
                        .as("two slots: the rest wait")
                        .containsExactly("dispatched", "dispatched", "queued", "queued", "queued");
            }

            try (SchedulerInstance second = SchedulerInstance.start(
                    "second",
                    database,
                    brokers,
                    config,
                    group,
                    "--datasync.scheduler.max-concurrent-runs=2",
                    "--datasync.scheduler.reconcile-on-start=false")) {
                ServiceHttp http2 = second.http;
                JsonNode schedule = JSON.readTree(
                        http2.get("/api/scheduler/schedules/" + scheduled).body());
                assertThat(schedule.get("state").asString()).isEqualTo("scheduled");
                assertThat(schedule.at("/nextFireTimes/0/at").asString()).endsWith("T03:00:00Z");
                assertThat(List.of(t1, t2, t3, r1, r2))
                        .extracting(t -> state(task(http2, t)))
                        .containsExactly("dispatched", "dispatched", "queued", "queued", "queued");

                complete(t1);
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> state(task(http2, t3)).equals("dispatched"));
                assertThat(state(task(http2, r1))).isEqualTo("queued");

                complete(t2);
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> state(task(http2, r1)).equals("dispatched"));
                complete(task(http2, t3));
                await().during(Duration.ofSeconds(1))
                        .atMost(Duration.ofSeconds(5))
                        .until(() -> state(task(http2, r2)).equals("queued")); // a slot is free, but its job runs

                complete(task(http2, r1));
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> state(task(http2, r2)).equals("dispatched"));
                assertThat(timeline(task(http2, r1))).containsExactly("queued", "dispatched", "succeeded");
            }
        }
    }

    private void complete(JsonNode task) {
        publish(new SyncEvent.RunCompleted(jobId(task), runId(task), 1, 1, 0, 1, true));
    }

    private static JsonNode trigger(ServiceHttp http, String jobId) {
        HttpResponse<String> response = http.post("/api/scheduler/jobs/" + jobId + "/trigger", "");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body());
    }

    private static JsonNode task(ServiceHttp http, JsonNode task) {
        return JSON.readTree(
                http.get("/api/scheduler/tasks/" + task.get("taskId").asString())
                        .body());
    }
}
