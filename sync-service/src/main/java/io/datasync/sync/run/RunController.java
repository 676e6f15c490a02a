package io.datasync.sync.run;

import io.datasync.sync.run.RunRepository.RunRow;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/sync}: trigger runs, watch their progress, stop, pause and resume them, read their row errors. */
@RestController
@RequestMapping("/api/sync")
public class RunController {

    /**
     * A run as the API shows it; {@code rowsPerSecond} and {@code eta} are derived from the counters. {@code stream}
     * is null for a batch run: a stream run's lag, recent rate, latency and guarantee as last saved with its progress.
     */
    public record RunView(
            String runId,
            String jobId,
            String jobName,
            long jobVersion,
            RunState state,
            String trigger,
            int attempt,
            long rowsRead,
            long rowsWritten,
            long rowsRejected,
            long rowsTotal,
            int splitsDone,
            int splitsTotal,
            double rowsPerSecond,
            Duration eta,
            Boolean verified,
            tools.jackson.databind.JsonNode verification,
            String errorCode,
            String errorMessage,
            Boolean retriable,
            Instant createdAt,
            Instant startedAt,
            Instant endedAt,
            StreamView stream) {

        static RunView of(RunRow r, Instant now) {
            return of(r, now, null);
        }

        static RunView of(RunRow r, Instant now, StreamView stream) {
            Instant end = r.endedAt() == null ? now : r.endedAt();
            double seconds = r.startedAt() == null
                    ? 0
                    : Math.max(0.001, Duration.between(r.startedAt(), end).toMillis() / 1000.0);
            double rate = seconds == 0 ? 0 : r.rowsRead() / seconds;
            Duration eta = r.state().isFinal() || rate == 0 || r.rowsTotal() < 0
                    ? null
                    : Duration.ofSeconds((long) Math.max(0, (r.rowsTotal() - r.rowsRead()) / rate));
            return new RunView(
                    r.id().toString(),
                    r.jobId(),
                    r.jobName(),
                    r.jobVersion(),
                    r.state(),
                    r.trigger(),
                    r.attempt(),
                    r.rowsRead(),
                    r.rowsWritten(),
                    r.rowsRejected(),
                    r.rowsTotal(),
                    r.splitsDone(),
                    r.splitsTotal(),
                    Math.round(rate * 10) / 10.0,
                    eta,
                    r.verified(),
                    r.verification() == null ? null : JSON.readTree(r.verification()),
                    r.errorCode(),
                    r.errorMessage(),
                    r.retriable(),
                    r.createdAt(),
                    r.startedAt(),
                    r.endedAt(),
                    stream);
        }
    }

    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();

    private final RunService runs;
    private final java.time.Clock clock;

    public RunController(RunService runs, java.time.Clock clock) {
        this.runs = runs;
        this.clock = clock;
    }

    /**
     * Manual trigger: 202 with the run, which then runs in the background; its {@code Location} is the run by way of
     * its job ({@code /api/sync/jobs/{jobId}/runs/{runId}}), which a caller bound to the job may follow too. A job id
     * is config-service's UUID: a malformed one is a 400 problem naming {@code ?jobId}, an unknown one a 404
     * ({@code job '…' does not exist}).
     */
    @PostMapping("/jobs/{jobId}/runs")
    public ResponseEntity<RunView> trigger(@PathVariable UUID jobId) {
        RunRow run = runs.start(jobId.toString(), null, "manual", null, 1, null);
        return ResponseEntity.accepted()
                .location(URI.create("/api/sync/jobs/" + jobId + "/runs/" + run.id()))
                .body(RunView.of(run, clock.instant()));
    }

    /** Reconciles the job's source and target now: counts and key checksums per key range. */
    @PostMapping("/jobs/{jobId}/verify")
    public io.datasync.sync.verify.Reconciler.Report verify(@PathVariable UUID jobId) {
        io.datasync.sync.verify.Verifications.Outcome outcome = runs.verifyNow(jobId.toString());
        if (outcome.report() == null) {
            throw new io.datasync.kit.web.ApiException(
                    io.datasync.models.problem.ErrorCode.CONFLICT,
                    "job " + jobId + " cannot be verified: " + outcome.notVerifiable());
        }
        return outcome.report();
    }

    @GetMapping("/jobs/{jobId}/runs")
    public List<RunView> history(
            @PathVariable UUID jobId, @RequestParam(defaultValue = "20") @Min(1) @Max(200) int limit) {
        return runs.history(jobId.toString(), limit).stream().map(this::view).toList();
    }

    @GetMapping("/runs/{runId}")
    public RunView get(@PathVariable UUID runId) {
        return view(runs.get(runId));
    }

    @PostMapping("/runs/{runId}/stop")
    public RunView stop(@PathVariable UUID runId) {
        return view(runs.stop(runId, "by request"));
    }

    @PostMapping("/runs/{runId}/pause")
    public RunView pause(@PathVariable UUID runId) {
        return view(runs.pause(runId));
    }

    @PostMapping("/runs/{runId}/resume")
    public RunView resume(@PathVariable UUID runId) {
        return view(runs.resume(runId));
    }

    @GetMapping("/runs/{runId}/errors")
    public List<RunRepository.StoredError> errors(
            @PathVariable UUID runId,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
            @RequestParam(defaultValue = "0") @Min(0) int offset) {
        return runs.errors(runId, limit, offset);
    }

    // A run by way of its job: the same answers as the routes above, for callers bound to one job (an API key made for
    // it may only call routes that name its job). A run of another job is a 404, as an unknown run is.

    @GetMapping("/jobs/{jobId}/runs/{runId}")
    public RunView getOfJob(@PathVariable UUID jobId, @PathVariable UUID runId) {
        ofJob(jobId, runId);
        return get(runId);
    }

    @PostMapping("/jobs/{jobId}/runs/{runId}/stop")
    public RunView stopOfJob(@PathVariable UUID jobId, @PathVariable UUID runId) {
        ofJob(jobId, runId);
        return stop(runId);
    }

    @PostMapping("/jobs/{jobId}/runs/{runId}/pause")
    public RunView pauseOfJob(@PathVariable UUID jobId, @PathVariable UUID runId) {
        ofJob(jobId, runId);
        return pause(runId);
    }

    @PostMapping("/jobs/{jobId}/runs/{runId}/resume")
    public RunView resumeOfJob(@PathVariable UUID jobId, @PathVariable UUID runId) {
        ofJob(jobId, runId);
        return resume(runId);
    }

    @GetMapping("/jobs/{jobId}/runs/{runId}/errors")
    public List<RunRepository.StoredError> errorsOfJob(
            @PathVariable UUID jobId,
            @PathVariable UUID runId,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
            @RequestParam(defaultValue = "0") @Min(0) int offset) {
        ofJob(jobId, runId);
        return errors(runId, limit, offset);
    }

    private RunView view(RunRow run) {
        RunService.Viewed viewed = runs.viewed(run);
        return RunView.of(viewed.run(), clock.instant(), viewed.stream());
    }

    /** Checks that the run belongs to the job: a run of another job is {@code run '…' does not exist}, a 404. */
    private void ofJob(UUID jobId, UUID runId) {
        if (!runs.get(runId).jobId().equals(jobId.toString())) {
            throw io.datasync.kit.web.ApiException.notFound("run", runId.toString());
        }
    }
}
