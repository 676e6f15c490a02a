package io.datasync.scheduler.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.datasync.models.event.ChangeKind;
import io.datasync.models.event.ConfigChange;
import io.datasync.scheduler.SchedulerITSupport;
import io.datasync.scheduler.job.ConfigUnavailableException;
import io.datasync.scheduler.job.JobCatalog;
import io.datasync.scheduler.job.JobPlan;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Reconciliation and job changes that race each other: a listing that misses a live job, an answer read before a
 * newer change, a listing read before a deletion, and config-service answers that are not "no such job". None of them
 * may remove a live job or bring back a deleted one.
 */
class ReconciliationIT extends SchedulerITSupport {

    private static final String NIGHTLY = "{\"cron\":\"0 0 4 * * ?\"}";
    private static final String MORNINGS = "{\"cron\":\"0 0 7 * * ?\"}";

    @Autowired
    private ScheduleService schedules;

    @Autowired
    private JobCatalog catalog;

    @AfterEach
    void answerNormally() {
        config.answerNormally();
    }

    private HttpResponse<String> schedule(String jobId) {
        return http.get("/api/scheduler/schedules/" + jobId);
    }

    private String cron(String jobId) {
        return body(schedule(jobId)).get("cron").asString();
    }

    private void saveAndAwait(String jobId, String scheduleJson) {
        String cron = JSON.readTree(scheduleJson).get("cron").asString();
        saveJob(jobId, scheduleJson, null);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> schedule(jobId).statusCode() == 200 && cron(jobId).equals(cron));
    }

    private int quartzTriggers(String jobId) {
        return jdbc.queryForObject("SELECT count(*) FROM qrtz_triggers WHERE trigger_name = ?", Integer.class, jobId);
    }

    @Test
    void aLiveJobAListingMissedIsKeptBecauseItIsLookedUpFirst() {
        String jobId = newJobId();
        saveAndAwait(jobId, NIGHTLY);

        schedules.reconcile(List.of()); // a listing that missed the job, as offset paging could

        assertThat(schedule(jobId).statusCode()).isEqualTo(200);
        assertThat(body(schedule(jobId)).get("state").asString()).isEqualTo("scheduled");
        assertThat(quartzTriggers(jobId)).isOne();
    }

    @Test
    void anAnswerReadBeforeANewerChangeDoesNotUndoIt() {
        String jobId = newJobId();
        saveAndAwait(jobId, NIGHTLY);
        JobPlan older = catalog.fetch(jobId).orElseThrow();
        saveAndAwait(jobId, MORNINGS);

        schedules.reconcile(List.of(older));

        assertThat(cron(jobId)).isEqualTo("0 0 7 * * ?");
        assertThat(jdbc.queryForObject(
                        "SELECT cron_expression FROM qrtz_cron_triggers WHERE trigger_name = ?", String.class, jobId))
                .isEqualTo("0 0 7 * * ?");
    }

    @Test
    void aListingReadBeforeADeletionDoesNotBringTheJobBack() {
        String jobId = newJobId();
        saveAndAwait(jobId, NIGHTLY);
        JobPlan listedBeforeDeletion = catalog.fetch(jobId).orElseThrow();
        deleteJob(jobId);
        await().atMost(Duration.ofSeconds(20)).until(() -> schedule(jobId).statusCode() == 404);

        schedules.reconcile(List.of(listedBeforeDeletion));

        assertThat(schedule(jobId).statusCode()).isEqualTo(404);
        assertThat(quartzTriggers(jobId)).isZero();
        assertThat(http.post("/api/scheduler/jobs/" + jobId + "/trigger", "").statusCode())
                .as("a deleted job cannot be run by hand either")
                .isEqualTo(404);
    }

    @Test
    void onlyConfigServicesNotFoundProblemMeansTheJobIsGone() {
        String jobId = newJobId();
        saveAndAwait(jobId, NIGHTLY);

        config.answerLookupsWith(404, "{\"status\":404}"); // e.g. a proxy that lost the route
        assertThatThrownBy(() -> catalog.fetch(jobId)).isInstanceOf(ConfigUnavailableException.class);
        config.answerLookupsWith(400, "{\"status\":400,\"code\":\"COMMON-001\"}");
        assertThatThrownBy(() -> catalog.fetch(jobId)).isInstanceOf(ConfigUnavailableException.class);
        config.answerLookupsWith(503, "unavailable");
        assertThatThrownBy(() -> catalog.fetch(jobId)).isInstanceOf(ConfigUnavailableException.class);

        // A change announced while config-service answers with a bare 404 is retried, not taken as a deletion: had
        // it been, the job's tombstone would refuse the answer that follows.
        config.answerLookupsWith(404, "{\"status\":404}");
        int before = config.lookups();
        config.put(jobId, "job-" + jobId.substring(0, 8), 2, true, MORNINGS, null);
        publish(new ConfigChange.JobChanged(jobId, "job-" + jobId.substring(0, 8), 2, ChangeKind.UPDATED));
        await().atMost(Duration.ofSeconds(20)).until(() -> config.lookups() > before);
        assertThat(cron(jobId)).isEqualTo("0 0 4 * * ?");
        config.answerNormally();
        await().atMost(Duration.ofSeconds(40)).until(() -> cron(jobId).equals("0 0 7 * * ?"));

        config.remove(jobId);
        assertThat(catalog.fetch(jobId))
                .as("COMMON-003: the job does not exist")
                .isEmpty();
        schedules.reconcile(List.of());
        assertThat(schedule(jobId).statusCode()).isEqualTo(404);
    }

    @Test
    void aStaleAnswerCannotRecreateAJobWhoseDeletionEventCameFirst() {
        String jobId = newJobId();
        saveAndAwait(jobId, NIGHTLY);
        JsonNode before = body(schedule(jobId));
        assertThat(before.get("state").asString()).isEqualTo("scheduled");
        JobPlan stale = catalog.fetch(jobId).orElseThrow();

        // The deletion event is applied without a lookup: config-service's own word that the job is gone.
        deleteJob(jobId);
        await().atMost(Duration.ofSeconds(20)).until(() -> schedule(jobId).statusCode() == 404);
        assertThat(schedules.apply(jobId, java.util.Optional.of(stale))).isFalse();
        assertThat(schedule(jobId).statusCode()).isEqualTo(404);
    }
}
