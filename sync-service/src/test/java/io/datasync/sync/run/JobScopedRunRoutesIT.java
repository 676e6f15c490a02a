package io.datasync.sync.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datasync.kit.test.ServiceHttp;
import io.datasync.kit.test.ServiceTestSupport;
import io.datasync.models.event.EventType;
import io.datasync.models.internal.ResolvedJob;
import io.datasync.models.security.Identity;
import io.datasync.models.security.Role;
import io.datasync.sync.config.FakeConfigService;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A run by way of its job ({@code /api/sync/jobs/{jobId}/runs/{runId}/…}): what a caller bound to one job (an API key
 * made for it) uses to follow and stop the runs it starts. The answers are those of {@code /api/sync/runs/{runId}/…};
 * a run of another job is a 404 like an unknown run, and the bound caller stays refused on the routes without the job.
 */
class JobScopedRunRoutesIT extends ServiceTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    RunRepository runs;

    private final String job = UUID.randomUUID().toString();
    private final String otherJob = UUID.randomUUID().toString();

    private ServiceHttp key(Role role) {
        return http.as(Identity.apiKey("ci-" + role.wireName(), "key" + role.wireName(), role, job));
    }

    @Test
    void aKeyBoundToTheJobFollowsPausesResumesAndStopsItsRun() {
        UUID run = run(job);
        jdbc.update(
                "INSERT INTO sync_run_error (run_id, split_id, row_key, transform, reason, created_at)"
                        + " VALUES (?, 's1', '42', 'mask', 'not a number', now())",
                run);
        ServiceHttp ci = key(Role.OPERATOR);
        String scoped = "/api/sync/jobs/" + job + "/runs/" + run;

        HttpResponse<String> got = ci.get(scoped);
        assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
        assertThat(JSON.readTree(got.body()))
                .as("the same answer as GET /api/sync/runs/{runId}")
                .isEqualTo(JSON.readTree(http.get("/api/sync/runs/" + run).body()));
        HttpResponse<String> errors = ci.get(scoped + "/errors?limit=10");
        assertThat(errors.statusCode()).as(errors.body()).isEqualTo(200);
        assertThat(JSON.readTree(errors.body()))
                .isEqualTo(JSON.readTree(
                        http.get("/api/sync/runs/" + run + "/errors?limit=10").body()));
        assertThat(JSON.readTree(errors.body()).at("/0/reason").asString()).isEqualTo("not a number");

        HttpResponse<String> paused = ci.post(scoped + "/pause", "");
        assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
        assertThat(JSON.readTree(paused.body()).get("state").asString()).isEqualTo("PAUSED");
        assertThat(runs.desired(Set.of(run))).containsEntry(run, "PAUSE");
        HttpResponse<String> resumed = ci.post(scoped + "/resume", "");
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
        assertThat(JSON.readTree(resumed.body()).get("state").asString()).isEqualTo("RUNNING");
        HttpResponse<String> stopped = ci.post(scoped + "/stop", "");
        assertThat(stopped.statusCode()).as(stopped.body()).isEqualTo(200);
        assertThat(JSON.readTree(stopped.body()).get("runId").asString()).isEqualTo(run.toString());
        assertThat(runs.desired(Set.of(run)))
                .as("asked of the run's (live) owner")
                .containsEntry(run, "STOP");

        // a mutating /api request: recorded for the audit log with the key and the path it called
        await().atMost(Duration.ofSeconds(10))
                .until(() -> audited(scoped + "/stop").size() == 1);
        JsonNode audit = JSON.readTree(audited(scoped + "/stop").get(0)).get("data");
        assertThat(audit.get("action").asString()).isEqualTo("stop");
        assertThat(audit.get("apiKeyId").asString()).isEqualTo("keyoperator");
        assertThat(audit.get("path").asString()).isEqualTo(scoped + "/stop");
        assertThat(audited(scoped + "/pause")).hasSize(1);
    }

    @Test
    void aRunOfAnotherJobIsA404AsAnUnknownRunIsAndIsLeftAlone() {
        UUID foreign = run(otherJob);
        String viaWrongJob = "/api/sync/jobs/" + job + "/runs/" + foreign;
        ServiceHttp ci = key(Role.OPERATOR);

        for (HttpResponse<String> response : List.of(
                ci.get(viaWrongJob),
                ci.get(viaWrongJob + "/errors"),
                ci.post(viaWrongJob + "/stop", ""),
                ci.post(viaWrongJob + "/pause", ""),
                ci.post(viaWrongJob + "/resume", ""),
                http.post(viaWrongJob + "/stop", ""))) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.get("code").asString()).isEqualTo("COMMON-003");
            assertThat(problem.get("detail").asString()).isEqualTo("run '" + foreign + "' does not exist");
        }
        UUID unknown = UUID.randomUUID();
        assertThat(JSON.readTree(ci.get("/api/sync/jobs/" + job + "/runs/" + unknown)
                                .body())
                        .get("detail")
                        .asString())
                .isEqualTo("run '" + unknown + "' does not exist");
        assertThat(runs.desired(Set.of(foreign)))
                .as("not stopped nor paused")
                .doesNotContainValue("STOP")
                .doesNotContainValue("PAUSE");
        assertThat(runs.find(foreign).orElseThrow().state()).isEqualTo(RunState.RUNNING);
    }

    @Test
    void aBoundKeyIsRefusedOnTheRoutesWithoutTheJobAndAViewerKeyMayOnlyRead() {
        UUID run = run(job);
        ServiceHttp ci = key(Role.OPERATOR);
        for (HttpResponse<String> response : List.of(
                ci.get("/api/sync/runs/" + run),
                ci.get("/api/sync/runs/" + run + "/errors"),
                ci.post("/api/sync/runs/" + run + "/stop", ""),
                ci.get("/api/sync/jobs/" + otherJob + "/runs/" + run),
                ci.post("/api/sync/jobs/" + otherJob + "/runs/" + run + "/stop", ""))) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
            assertThat(response.body()).contains("bound to job " + job);
        }

        ServiceHttp viewer = key(Role.VIEWER);
        assertThat(viewer.get("/api/sync/jobs/" + job + "/runs/" + run).statusCode())
                .isEqualTo(200);
        HttpResponse<String> stop = viewer.post("/api/sync/jobs/" + job + "/runs/" + run + "/stop", "");
        assertThat(stop.statusCode()).as(stop.body()).isEqualTo(403);
        assertThat(stop.body()).contains("needs the operator role");
        assertThat(runs.desired(Set.of(run))).doesNotContainValue("STOP");
    }

    /** The 202 of a trigger points at the run by way of its job, which the key that started it may follow. */
    @Test
    void theRunAKeyStartsIsFollowedAtTheLocationOfTheTrigger() {
        // a job whose target this sync-service cannot write: the run starts, then fails at once (SYNC-001)
        ResolvedJob resolved = FakeConfigService.unwritableJob(job, "scoped-" + job.substring(0, 8), 1, 1);
        FakeConfigService.shared()
                .answer("/internal/jobs/" + job, FakeConfigService.Answer.of(200, JSON.writeValueAsString(resolved)));
        ServiceHttp ci = key(Role.OPERATOR);

        HttpResponse<String> accepted = ci.post("/api/sync/jobs/" + job + "/runs", "");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String runId = JSON.readTree(accepted.body()).get("runId").asString();
        String location = "/api/sync/jobs/" + job + "/runs/" + runId;
        assertThat(accepted.headers().firstValue("Location")).hasValue(location);

        HttpResponse<String> followed = ci.get(location);
        assertThat(followed.statusCode()).as(followed.body()).isEqualTo(200);
        assertThat(JSON.readTree(followed.body()).get("jobId").asString()).isEqualTo(job);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> JSON.readTree(ci.get(location).body())
                        .get("state")
                        .asString()
                        .equals("FAILED"));
        assertThat(ci.post(location + "/stop", "").statusCode())
                .as("stopping an ended run changes nothing")
                .isEqualTo(200);
        assertThat(ci.get("/api/sync/runs/" + runId).statusCode()).isEqualTo(403);
    }

    /** Ends this test's runs, so that this instance's supervisor never takes one up in a later test. */
    @AfterEach
    void endRuns() {
        jdbc.update(
                "UPDATE sync_run SET state = 'CANCELLED' WHERE job_id IN (?, ?)"
                        + " AND state NOT IN ('SUCCEEDED', 'FAILED', 'CANCELLED')",
                job,
                otherJob);
    }

    /** A started run of {@code jobId}, executed by another live instance: a stop is asked of it, not done here. */
    private UUID run(String jobId) {
        UUID id = UUID.randomUUID();
        jdbc.update(
                "INSERT INTO sync_run (id, job_id, job_name, job_version, state, trigger, attempt, created_at,"
                        + " started_at, owner, heartbeat_at) VALUES (?, ?, 'scoped', 1, 'RUNNING', 'manual', 1,"
                        + " now(), now(), 'node-elsewhere', now())",
                id,
                jobId);
        return id;
    }

    private List<String> audited(String path) {
        return jdbc.queryForList(
                "SELECT payload FROM outbox_event WHERE type = ? AND payload LIKE ?",
                String.class,
                EventType.AUDIT_RECORDED.typeName(),
                "%" + path + "\"%");
    }
}
