package io.datasync.sync.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.kit.test.ServiceTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Runs shared by several sync-service instances through the database: claims respect a live owner's lease, a dead
 * owner's runs are taken over, and stop requests reach a run wherever it executes.
 */
class RunOwnershipIT extends ServiceTestSupport {

    private static final Duration LEASE = Duration.ofSeconds(30);

    @Autowired
    RunRepository runs;

    @Autowired
    RunSupervisor supervisor;

    @Autowired
    RunExecutor execution;

    @Autowired
    RunCommandListener commands;

    @Autowired
    io.datasync.models.event.EventCodec codec;

    @Test
    void aRunHeldByALiveInstanceCannotBeClaimedButOneWhoseOwnerStoppedBeatingCan() {
        UUID id = run("RUNNING", "node-a", "now()");
        assertThat(resumes(id, "node-b")).isEqualTo(-1);
        assertThat(resumes(id, "node-a"))
                .as("its own owner, e.g. restarted: a resume")
                .isEqualTo(1);

        jdbc.update("UPDATE sync_run SET heartbeat_at = now() - interval '31 seconds' WHERE id = ?", id);
        assertThat(resumes(id, "node-b")).isEqualTo(2);
        assertThat(owner(id)).isEqualTo("node-b");
        assertThat(runs.heartbeat("node-a", List.of(id))).as("node-a lost it").isEmpty();
        assertThat(runs.heartbeat("node-b", List.of(id))).containsExactly(id);
    }

    /**
     * Every claim takes a larger epoch than every claim before it, of this run or any other: the new owner's fence
     * outranks the old owner's, and a retry attempt of a task (a new run on the same checkpoints) outranks the attempts
     * before it.
     */
    @Test
    void everyClaimTakesALargerEpochThanAnyClaimBefore() {
        UUID first = run("RUNNING", "node-a", "now() - interval '5 minutes'");
        UUID second = run("QUEUED", null, null);
        long a = runs.claim(first, "node-a", Instant.now(), LEASE).orElseThrow().epoch();
        jdbc.update("UPDATE sync_run SET heartbeat_at = now() - interval '31 seconds' WHERE id = ?", first);
        long b = runs.claim(first, "node-b", Instant.now(), LEASE).orElseThrow().epoch();
        long c =
                runs.claim(second, "node-b", Instant.now(), LEASE).orElseThrow().epoch();

        assertThat(a).isPositive();
        assertThat(b).isGreaterThan(a);
        assertThat(c).isGreaterThan(b);
        assertThat(jdbc.queryForObject("SELECT epoch FROM sync_run WHERE id = ?", Long.class, first))
                .isEqualTo(b);
    }

    /** Two deliveries of one RunRequested racing past the lookup: only the first insert may start the run. */
    @Test
    void aRunIsRecordedOnceHoweverOftenItsCommandArrives() {
        UUID id = UUID.randomUUID();
        assertThat(runs.insert(id, "ownership-job", "ownership", 1, "manual", null, 1, Instant.now(), false))
                .isTrue();
        assertThat(runs.insert(id, "ownership-job", "ownership", 1, "manual", null, 1, Instant.now(), false))
                .isFalse();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM sync_run WHERE id = ?", Integer.class, id))
                .isEqualTo(1);
    }

    /**
     * The scheduler's RunRequested delivered three times — twice at once, once more after the run ended — starts and
     * executes one run: one row, one RunStarted, one RunFailed (the job's target cannot be written).
     */
    @Test
    void aRedeliveredRunRequestedNeverExecutesTheRunTwice() throws Exception {
        String jobId = UUID.randomUUID().toString();
        io.datasync.sync.config.FakeConfigService.shared()
                .answer(
                        "/internal/jobs/" + jobId + "/versions/1",
                        io.datasync.sync.config.FakeConfigService.Answer.of(
                                200,
                                tools.jackson.databind.json.JsonMapper.builder()
                                        .build()
                                        .writeValueAsString(io.datasync.sync.config.FakeConfigService.unwritableJob(
                                                jobId, "redelivered-" + jobId.substring(0, 8), 1, 1))));
        String runId = UUID.randomUUID().toString();
        String command = codec.toJson(io.datasync.models.event.EventEnvelope.of(
                "scheduler-service",
                new io.datasync.models.event.SyncCommand.RunRequested(jobId, runId, 1, "task-" + runId, 1, "schedule"),
                java.time.Clock.systemUTC()));
        var record = new org.apache.kafka.clients.consumer.ConsumerRecord<>(
                io.datasync.models.event.Topics.SYNC_COMMANDS, 0, 0L, jobId, command);

        var twice = java.util.concurrent.CompletableFuture.allOf(
                java.util.concurrent.CompletableFuture.runAsync(() -> commands.onCommand(record)),
                java.util.concurrent.CompletableFuture.runAsync(() -> commands.onCommand(record)));
        twice.get(30, java.util.concurrent.TimeUnit.SECONDS);
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> "FAILED".equals(state(UUID.fromString(runId))));
        commands.onCommand(record);

        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM sync_run WHERE id = ?", Integer.class, UUID.fromString(runId)))
                .isEqualTo(1);
        assertThat(jdbc.queryForList(
                        "SELECT type FROM outbox_event WHERE payload LIKE ? AND type LIKE 'datasync.sync.run.%'"
                                + " ORDER BY seq",
                        String.class, "%" + runId + "%"))
                .containsExactly("datasync.sync.run.started.v1", "datasync.sync.run.failed.v1");
    }

    @Test
    void endedRunsAndRunsAskedToStopAreNeverClaimed() {
        UUID ended = run("SUCCEEDED", null, null);
        UUID stopping = run("QUEUED", null, null);
        runs.desire(stopping, "STOP");
        assertThat(resumes(ended, "node-b")).isEqualTo(-1);
        assertThat(resumes(stopping, "node-b")).isEqualTo(-1);
    }

    @Test
    void orphansAreRunsOfADeadOwnerOfThisSameInstanceOrNeverClaimedForALease() {
        UUID live = run("RUNNING", "node-a", "now()");
        UUID dead = run("RUNNING", "node-a", "now() - interval '5 minutes'");
        UUID mine = run("PAUSED", "node-b", "now()");
        UUID fresh = run("QUEUED", null, null);
        UUID stale = run("QUEUED", null, null);
        jdbc.update("UPDATE sync_run SET created_at = now() - interval '5 minutes' WHERE id = ?", stale);

        List<UUID> orphans = runs.orphaned("node-b", LEASE).stream()
                .map(RunRepository.RunRow::id)
                .toList();

        assertThat(orphans).contains(dead, mine, stale).doesNotContain(live, fresh);
    }

    @Test
    void stoppingARunAnotherLiveInstanceExecutesAsksItsOwnerInsteadOfEndingItBehindItsBack() {
        UUID remote = run("RUNNING", "node-a", "now()");
        assertThat(http.post("/api/sync/runs/" + remote + "/stop", "").statusCode())
                .isEqualTo(200);
        assertThat(state(remote)).isEqualTo("RUNNING");
        assertThat(runs.desired(Set.of(remote))).containsEntry(remote, "STOP");

        UUID orphan = run("RUNNING", "node-a", "now() - interval '5 minutes'");
        assertThat(http.post("/api/sync/runs/" + orphan + "/stop", "").statusCode())
                .isEqualTo(200);
        assertThat(state(orphan)).isEqualTo("CANCELLED");
    }

    @Test
    void pauseAndResumeAreRecordedForTheOwnerAndRefusedForAnEndedRun() {
        UUID remote = run("RUNNING", "node-a", "now()");
        assertThat(http.post("/api/sync/runs/" + remote + "/pause", "").statusCode())
                .isEqualTo(200);
        assertThat(state(remote)).isEqualTo("PAUSED");
        assertThat(runs.desired(Set.of(remote))).containsEntry(remote, "PAUSE");
        assertThat(http.post("/api/sync/runs/" + remote + "/resume", "").statusCode())
                .isEqualTo(200);
        assertThat(runs.desired(Set.of(remote))).containsEntry(remote, "RUN");
        assertThat(jdbc.queryForList(
                        "SELECT type FROM outbox_event WHERE payload LIKE ? AND type LIKE 'datasync.sync.%' ORDER BY seq",
                        String.class, "%" + remote + "%"))
                .containsExactly("datasync.sync.run.paused.v1", "datasync.sync.run.resumed.v1");

        UUID ended = run("FAILED", null, null);
        assertThat(http.post("/api/sync/runs/" + ended + "/pause", "").statusCode())
                .isEqualTo(409);
    }

    @Test
    void aGracefulReleaseIsNoResumeButATakeoverIs() {
        UUID id = run("RUNNING", "node-a", "now() - interval '5 minutes'");
        assertThat(resumes(id, "node-b")).as("node-a died").isEqualTo(1);
        runs.release("node-b", List.of(id));
        assertThat(resumes(id, "node-b"))
                .as("node-b stopped gracefully and took it up again")
                .isEqualTo(1);
        assertThat(resumes(id, "node-b")).as("node-b crashed").isEqualTo(2);
    }

    /**
     * A run that keeps taking its service down (say, by exhausting memory) would be resumed at every restart forever:
     * past {@code datasync.sync.max-resumes} it is failed with SYNC-008 instead.
     */
    @Test
    void aRunTakenUpMoreOftenThanAllowedFailsInsteadOfResumingAgain() throws Exception {
        String jobId = resolvableJob();
        UUID id = run("RUNNING", "node-gone", "now() - interval '5 minutes'");
        jdbc.update("UPDATE sync_run SET job_id = ?, resumes = 3 WHERE id = ?", jobId, id);

        supervisor.takeUpOrphans();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> "FAILED".equals(state(id)));
        assertThat(jdbc.queryForObject("SELECT error_code FROM sync_run WHERE id = ?", String.class, id))
                .isEqualTo("SYNC-008");
        assertThat(jdbc.queryForObject("SELECT error_message FROM sync_run WHERE id = ?", String.class, id))
                .contains("taken up again 4 times", "datasync.sync.max-resumes is 3");
    }

    /**
     * A stop that lands after this instance registered a run but before its claim commits: the claim refuses the run,
     * and the executor, not the stop, ends it — it is never left QUEUED with nobody to end it.
     */
    @Test
    void aRunStoppedJustBeforeItsClaimIsCancelledNotLeftQueued() throws Exception {
        String jobId = resolvableJob();
        UUID id = run("QUEUED", null, null);
        jdbc.update("UPDATE sync_run SET job_id = ?, started_at = NULL WHERE id = ?", jobId, id);
        runs.desire(id, "STOP");

        execution.takeUp(runs.find(id).orElseThrow());

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "CANCELLED".equals(state(id)));
        assertThat(jdbc.queryForObject("SELECT error_code FROM sync_run WHERE id = ?", String.class, id))
                .isEqualTo("SYNC-020");
    }

    /** A job config-service (faked) resolves, pointing at a database that does not exist. */
    private static String resolvableJob() throws Exception {
        String jobId = UUID.randomUUID().toString();
        io.datasync.models.internal.ResolvedJob job = new io.datasync.models.internal.ResolvedJob(
                jobId,
                "crash-loop",
                1,
                1,
                true,
                io.datasync.models.job.JobDefinitions.fromYaml("""
                        name: crash-loop
                        source: { type: jdbc, connection: src, table: public.orders }
                        target: { type: jdbc, connection: src, table: dw.orders }
                        """),
                java.util.Map.of(
                        "src",
                        new io.datasync.models.internal.ResolvedConnection(
                                "c1", "src", "jdbc", 1, java.util.Map.of("url", "jdbc:postgresql://127.0.0.1:1/x"))));
        io.datasync.sync.config.FakeConfigService.shared()
                .answer(
                        "/internal/jobs/" + jobId + "/versions/1",
                        io.datasync.sync.config.FakeConfigService.Answer.of(
                                200,
                                tools.jackson.databind.json.JsonMapper.builder()
                                        .build()
                                        .writeValueAsString(job)));
        return jobId;
    }

    /** Ends this test's runs, so that this instance's supervisor never takes one up in a later test. */
    @org.junit.jupiter.api.AfterEach
    void endRuns() {
        jdbc.update("UPDATE sync_run SET state = 'CANCELLED' WHERE job_id = 'ownership-job'"
                + " AND state NOT IN ('SUCCEEDED', 'FAILED', 'CANCELLED')");
    }

    private UUID run(String state, String owner, String heartbeat) {
        UUID id = UUID.randomUUID();
        // a started run of a job nobody resolves: the supervisor of this test instance never owns these
        jdbc.update(
                "INSERT INTO sync_run (id, job_id, job_name, job_version, state, trigger, attempt, created_at,"
                        + " started_at, owner, heartbeat_at) VALUES (?, 'ownership-job', 'ownership', 1, ?, 'manual', 1,"
                        + " now(), now(), ?, " + (heartbeat == null ? "NULL" : heartbeat) + ")",
                id,
                state,
                owner);
        return id;
    }

    /** Claims the run for {@code owner}: how often it was resumed, or -1 when the claim was refused. */
    private int resumes(UUID id, String owner) {
        return runs.claim(id, owner, Instant.now(), LEASE)
                .map(RunRepository.Claim::resumes)
                .orElse(-1);
    }

    private String owner(UUID id) {
        return jdbc.queryForObject("SELECT owner FROM sync_run WHERE id = ?", String.class, id);
    }

    private String state(UUID id) {
        return jdbc.queryForObject("SELECT state FROM sync_run WHERE id = ?", String.class, id);
    }
}
