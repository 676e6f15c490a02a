package io.datasync.scheduler.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datasync.models.event.Topics;
import io.datasync.scheduler.SchedulerITSupport;
import io.datasync.scheduler.job.JobCatalog;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Cron schedules against real PostgreSQL, Quartz's JDBC store and Kafka: jobs scheduled and removed by
 * {@code JobChanged} events, a cron firing every second, time windows that skip or defer, pause and resume, previews
 * and bad input.
 */
class SchedulesIT extends SchedulerITSupport {

    @Autowired
    private ScheduleService schedules;

    @Autowired
    private JobCatalog catalog;

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private JsonNode schedule(String jobId) {
        HttpResponse<String> response = http.get("/api/scheduler/schedules/" + jobId);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return body(response);
    }

    private int quartzTriggers(String jobId) {
        return jdbc.queryForObject("SELECT count(*) FROM qrtz_triggers WHERE trigger_name = ?", Integer.class, jobId);
    }

    private void removeAndAwait(String jobId) {
        deleteJob(jobId);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> http.get("/api/scheduler/schedules/" + jobId).statusCode() == 404);
        assertThat(quartzTriggers(jobId)).isZero();
    }

    /** A window of one hour starting two hours from now (UTC): every fire during the test is outside it. */
    private static String windowLater() {
        return windowIn(2);
    }

    /** A window of one hour starting {@code hours} from now (UTC). */
    private static String windowIn(int hours) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return now.plusHours(hours).format(HH_MM) + "-"
                + now.plusHours(hours + 1).format(HH_MM);
    }

    @Test
    void aCronFiringEverySecondCreatesOneTaskAndOneRunRequestedPerFire() {
        String jobId = newJobId();
        saveJob(
                jobId,
                "{\"cron\":\"" + EVERY_SECOND + "\",\"timezone\":\"Europe/Berlin\",\"concurrency\":\"replace\"}",
                null);

        await().atMost(Duration.ofSeconds(30)).until(() -> tasksOf(jobId).size() >= 4);
        removeAndAwait(jobId);

        List<JsonNode> tasks = tasksOf(jobId);
        Set<Instant> fireTimes = new HashSet<>();
        Instant previous = null;
        for (JsonNode task : tasks) {
            assertThat(task.get("trigger").asString()).isEqualTo("schedule");
            Instant fire = instant(task.get("scheduledFor"));
            assertThat(fire.getNano()).as("fires on whole seconds").isZero();
            if (previous != null) {
                assertThat(fire).isAfterOrEqualTo(previous.plusSeconds(1));
            }
            previous = fire;
            fireTimes.add(fire);
        }
        assertThat(fireTimes).hasSameSizeAs(tasks);
        // replace: each fire cancels the previous run and waits for it to stop (no engine reports it here), so one
        // RunRequested per task that got an attempt, and never two
        List<String> requested = commandsFor(jobId).stream()
                .filter(c -> c.startsWith("requested|"))
                .toList();
        long dispatchedTasks = tasksOf(jobId).stream()
                .filter(t -> !t.get("attempts").isEmpty())
                .count();
        assertThat(requested).hasSize((int) dispatchedTasks).doesNotHaveDuplicates();
        Set<String> ids = new HashSet<>(jdbc.queryForList(
                "SELECT id::text FROM outbox_event WHERE message_key = ? AND type LIKE '%run.requested%'",
                String.class, jobId));
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(deliveries(Topics.SYNC_COMMANDS, ids))
                        .hasSize(ids.size())
                        .allSatisfy((id, copies) -> assertThat(copies).isEqualTo(1)));
        assertThat(state(tasks.get(tasks.size() - 1))).isEqualTo("cancelled").as("cancelled when the job was deleted");
    }

    @Test
    void listsSchedulesWithTheirNextFireTimesAndPausesAndResumesThem() {
        String jobId = newJobId();
        saveJob(jobId, "{\"cron\":\"0 */15 * * * ?\",\"timezone\":\"Asia/Shanghai\",\"misfire\":\"skip\"}", null);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> http.get("/api/scheduler/schedules/" + jobId).statusCode() == 200);

        JsonNode listed = schedule(jobId);
        assertThat(listed.get("state").asString()).isEqualTo("scheduled");
        assertThat(listed.get("cron").asString()).isEqualTo("0 */15 * * * ?");
        assertThat(listed.get("misfire").asString()).isEqualTo("skip");
        assertThat(listed.get("nextFireTimes")).hasSize(5);
        assertThat(jdbc.queryForObject(
                        "SELECT requests_recovery FROM qrtz_job_details WHERE job_name = ?", Boolean.class, jobId))
                .as("a fire whose instance dies is recovered by another")
                .isTrue();
        OffsetDateTime first =
                OffsetDateTime.parse(listed.at("/nextFireTimes/0/at").asString());
        OffsetDateTime second =
                OffsetDateTime.parse(listed.at("/nextFireTimes/1/at").asString());
        assertThat(first.getOffset()).isEqualTo(ZoneOffset.ofHours(8));
        assertThat(first.getMinute() % 15).isZero();
        assertThat(Duration.between(first, second)).isEqualTo(Duration.ofMinutes(15));
        assertThat(body(http.get("/api/scheduler/schedules"))
                        .get("items")
                        .valueStream()
                        .map(s -> s.get("jobId").asString()))
                .contains(jobId);

        assertThat(body(http.post("/api/scheduler/schedules/" + jobId + "/pause", ""))
                        .get("state")
                        .asString())
                .isEqualTo("paused");
        assertThat(jdbc.queryForObject(
                        "SELECT trigger_state FROM qrtz_triggers WHERE trigger_name = ?", String.class, jobId))
                .isEqualTo("PAUSED");
        // A change of the job keeps it paused.
        saveJob(jobId, "{\"cron\":\"0 */30 * * * ?\",\"timezone\":\"Asia/Shanghai\"}", null);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> schedule(jobId).get("cron").asString().equals("0 */30 * * * ?"));
        assertThat(schedule(jobId).get("state").asString()).isEqualTo("paused");

        assertThat(body(http.post("/api/scheduler/schedules/" + jobId + "/resume", ""))
                        .get("state")
                        .asString())
                .isEqualTo("scheduled");
        removeAndAwait(jobId);
    }

    @Test
    void pausedScheduleStopsFiringAndResumes() {
        String jobId = newJobId();
        saveJob(jobId, "{\"cron\":\"" + EVERY_SECOND + "\",\"concurrency\":\"skip\"}", null);
        await().atMost(Duration.ofSeconds(20)).until(() -> tasksOf(jobId).size() >= 2);

        http.post("/api/scheduler/schedules/" + jobId + "/pause", "");
        int whenPaused = tasksOf(jobId).size();
        await().during(Duration.ofMillis(2500))
                .atMost(Duration.ofSeconds(5))
                .until(() -> tasksOf(jobId).size() <= whenPaused + 1); // a fire already under way may land
        http.post("/api/scheduler/schedules/" + jobId + "/resume", "");
        int whenResumed = tasksOf(jobId).size();
        await().atMost(Duration.ofSeconds(20)).until(() -> tasksOf(jobId).size() >= whenResumed + 2);
        removeAndAwait(jobId);

        List<JsonNode> tasks = tasksOf(jobId);
        assertThat(state(tasks.get(0))).isEqualTo("cancelled"); // dispatched, never finished, job deleted
        assertThat(tasks.subList(1, tasks.size()))
                .allSatisfy(t -> assertThat(t.get("detail").asString()).contains("concurrency: skip"));
    }

    @Test
    void aFireOutsideTheWindowIsSkipped() {
        String jobId = newJobId();
        String window = windowLater();
        saveJob(
                jobId,
                "{\"cron\":\"" + EVERY_SECOND + "\",\"window\":\"" + window + "\",\"outsideWindow\":\"skip\"}",
                null);

        await().atMost(Duration.ofSeconds(30)).until(() -> tasksOf(jobId).size() >= 2);
        assertThat(schedule(jobId).at("/nextFireTimes/0/outcome").asString()).isEqualTo("skip");
        removeAndAwait(jobId);

        assertThat(tasksOf(jobId)).allSatisfy(t -> {
            assertThat(state(t)).isEqualTo("skipped");
            assertThat(t.get("detail").asString()).contains("outside the window " + window, "skipped");
            assertThat(timeline(t)).containsExactly("skipped");
        });
        assertThat(commandsFor(jobId)).isEmpty();
    }

    @Test
    void aFireOutsideTheWindowIsDeferredToItsStartOnce() {
        String jobId = newJobId();
        String window = windowLater();
        saveJob(
                jobId,
                "{\"cron\":\"" + EVERY_SECOND + "\",\"window\":\"" + window + "\",\"outsideWindow\":\"defer\","
                        + "\"concurrency\":\"queue\"}",
                null);

        await().atMost(Duration.ofSeconds(30)).until(() -> tasksOf(jobId).size() >= 3);
        List<JsonNode> tasks = tasksOf(jobId);
        JsonNode deferred = tasks.get(0);
        assertThat(state(deferred)).isEqualTo("queued");
        Instant start = instant(deferred.get("notBefore"));
        assertThat(start.atOffset(ZoneOffset.UTC).format(HH_MM)).isEqualTo(window.substring(0, 5));
        assertThat(start).isAfter(Instant.now().plus(Duration.ofMinutes(59)));
        assertThat(tasks.subList(1, tasks.size()))
                .allSatisfy(t -> assertThat(t.get("detail").asString()).contains("already deferred"));
        assertThat(commandsFor(jobId)).isEmpty();

        // At the window's start the deferred run is dispatched.
        clock.setInstant(start);
        awaitState(deferred.get("taskId").asString(), "dispatched");
        assertThat(commandsFor(jobId)).hasSize(1);
        removeAndAwait(jobId);
    }

    @Test
    void disablingAJobCancelsItsWaitingScheduledTasks() {
        String jobId = newJobId();
        // far beyond where other tests move the shared clock (a few hours ahead at most)
        String schedule = "{\"cron\":\"" + EVERY_SECOND + "\",\"window\":\"" + windowIn(12)
                + "\",\"outsideWindow\":\"defer\",\"concurrency\":\"queue\"}";
        saveJob(jobId, schedule, null);
        await().atMost(Duration.ofSeconds(30)).until(() -> !tasksOf(jobId).isEmpty());
        String deferred = tasksOf(jobId).get(0).get("taskId").asString();
        assertThat(state(task(deferred))).isEqualTo("queued");

        config.put(jobId, "job-" + jobId.substring(0, 8), 1, false, schedule, null);
        publish(new io.datasync.models.event.ConfigChange.JobChanged(
                jobId, "job-" + jobId.substring(0, 8), 1, io.datasync.models.event.ChangeKind.UPDATED));

        JsonNode cancelled = awaitState(deferred, "cancelled");
        assertThat(cancelled.get("detail").asString()).isEqualTo("the job was disabled");
        assertThat(schedule(jobId).get("state").asString()).isEqualTo("disabled");
        assertThat(commandsFor(jobId)).isEmpty();
        removeAndAwait(jobId);
    }

    @Test
    void aCronQuartzRefusesLeavesTheJobUnscheduledWithTheProblemShown() {
        String jobId = newJobId();
        saveJob(jobId, "{\"cron\":\"61 * * * * ?\"}", null);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> http.get("/api/scheduler/schedules/" + jobId).statusCode() == 200);
        JsonNode listed = schedule(jobId);
        assertThat(listed.get("state").asString()).isEqualTo("invalid");
        assertThat(listed.get("problem").asString()).contains("not a valid Quartz cron expression");
        assertThat(listed.get("nextFireTimes")).isEmpty();
        assertThat(quartzTriggers(jobId)).isZero();
        removeAndAwait(jobId);
    }

    @Test
    void missedJobChangesAreHealedByReconciliation() {
        String removedSilently = newJobId();
        saveJob(removedSilently, "{\"cron\":\"0 0 4 * * ?\"}", null);
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        http.get("/api/scheduler/schedules/" + removedSilently).statusCode() == 200);
        String addedSilently = newJobId();

        // Both changes happen in config-service while their events are lost.
        config.remove(removedSilently);
        config.put(addedSilently, "silent", 4, true, "{\"cron\":\"0 0 5 * * ?\"}", null);
        schedules.reconcile(catalog.fetchAll());

        assertThat(http.get("/api/scheduler/schedules/" + removedSilently).statusCode())
                .isEqualTo(404);
        assertThat(quartzTriggers(removedSilently)).isZero();
        JsonNode added = schedule(addedSilently);
        assertThat(added.get("version").asLong()).isEqualTo(4);
        assertThat(added.get("state").asString()).isEqualTo("scheduled");
        removeAndAwait(addedSilently);
    }

    @Test
    void previewsASchedulesFiresAndARetryPolicysDelays() {
        HttpResponse<String> preview = http.post(
                "/api/scheduler/schedules/preview",
                "{\"schedule\":{\"cron\":\"0 0 * * * ?\",\"timezone\":\"UTC\",\"window\":\"01:00-05:00\"},"
                        + "\"retry\":{\"maxAttempts\":4,\"initialDelay\":\"10s\",\"multiplier\":3.0,"
                        + "\"maxDelay\":\"1m\",\"jitter\":0.1},\"count\":24}");
        assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
        JsonNode body = body(preview);
        assertThat(body.get("nextFireTimes")).hasSize(24);
        assertThat(body.get("nextFireTimes")
                        .valueStream()
                        .filter(f -> f.get("outcome").asString().equals("run")))
                .hasSize(4);
        assertThat(body.at("/retryDelays/0/base").asString()).isEqualTo("10s");
        assertThat(body.at("/retryDelays/0/min").asString()).isEqualTo("9s");
        assertThat(body.at("/retryDelays/1/base").asString()).isEqualTo("30s");
        assertThat(body.at("/retryDelays/2/base").asString()).isEqualTo("1m");
        assertThat(body.at("/retryDelays/2/max").asString())
                .as("± 10% jitter applies to the capped 1m")
                .isEqualTo("66s");
    }

    @Test
    void aBadScheduleOrRetryPolicyGetsA400NamingTheField() {
        assertBad("{\"schedule\":{\"cron\":\"every minute\"}}", "/schedule/cron", "not a valid Quartz cron");
        assertBad(
                "{\"schedule\":{\"cron\":\"0 * * * * ?\",\"timezone\":\"Mars/Olympus\"}}", "/schedule/timezone", null);
        assertBad("{\"schedule\":{\"cron\":\"0 * * * * ?\",\"window\":\"25:00-26:00\"}}", "/schedule/window", "HH:mm");
        assertBad(
                "{\"schedule\":{\"cron\":\"0 * * * * ?\"},\"retry\":{\"initialDelay\":\"-10s\"}}",
                "/retry/initialDelay",
                "must not be negative");
        assertBad(
                "{\"schedule\":{\"cron\":\"0 * * * * ?\"},\"retry\":{\"maxDelay\":\"-1m\"}}",
                "/retry/maxDelay",
                "must not be negative");
        assertBad("{\"schedule\":{\"cron\":\"0 * * * * ?\"},\"retry\":{\"jitter\":2}}", "/retry/jitter", "between");
        assertBad("{\"schedule\":{\"cron\":\"0 * * * * ?\"},\"count\":0}", "/count", "between");
        assertBad("{\"retry\":{}}", "/schedule", "is required");
        assertBad("{\"schedule\":", "/", null);
    }

    private void assertBad(String body, String pointer, String text) {
        HttpResponse<String> response = http.post("/api/scheduler/schedules/preview", body);
        assertThat(response.statusCode()).as(body + " → " + response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(response.body()).as(body).contains("\"pointer\":\"" + pointer + "\"");
        if (text != null) {
            assertThat(response.body()).as(body).contains(text);
        }
    }
}
