package io.datasync.config.internal;

import io.datasync.config.connection.ConnectionCatalog;
import io.datasync.config.job.JobRepository.JobRow;
import io.datasync.config.job.JobRepository.VersionRow;
import io.datasync.config.job.JobService;
import io.datasync.kit.web.ApiException;
import io.datasync.models.internal.JobSchedule;
import io.datasync.models.internal.JobSchedulePage;
import io.datasync.models.internal.ResolvedConnection;
import io.datasync.models.internal.ResolvedJob;
import io.datasync.models.job.JobDefinition;
import io.datasync.models.job.JobDefinitions;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * What sync-service needs to run a job (one version of its definition with every connection it names, secrets
 * decrypted) and what scheduler-service needs to schedule jobs (each job's schedule and retry policy, no secrets).
 * Only under {@code /internal}, which the gateway never routes and which requires the service token. The answers are
 * the shared records of {@code io.datasync.models.internal}, so the callers' Feign clients read them as they are.
 */
@RestController
@RequestMapping("/internal/jobs")
public class InternalJobController {

    private final JobService jobs;
    private final ConnectionCatalog connections;

    public InternalJobController(JobService jobs, ConnectionCatalog connections) {
        this.jobs = jobs;
        this.connections = connections;
    }

    /**
     * Every job that is not deleted, enabled or not, with its schedule and retry policy, by id after {@code after}.
     * The scheduler pages through it to heal any {@code JobChanged} event it missed; a disabled job is listed so that
     * its schedule can be removed. Paged by id rather than by offset, so jobs created, renamed or deleted while the
     * scheduler pages never make it skip a live one.
     */
    @GetMapping
    public JobSchedulePage schedules(
            @RequestParam(required = false) UUID after,
            @RequestParam(defaultValue = "100") @Min(1) @Max(500) int size) {
        List<JobSchedule> items = jobs.after(after, size).stream()
                .map(InternalJobController::schedule)
                .toList();
        return new JobSchedulePage(
                items, items.size() < size ? null : items.get(items.size() - 1).jobId());
    }

    /** One job's schedule and retry policy, at its current version. */
    @GetMapping("/{id}/schedule")
    public JobSchedule schedule(@PathVariable UUID id) {
        return schedule(jobs.get(id));
    }

    /**
     * Reads only the schedule and retry policy of the stored definition, as leniently as the scheduler reads them: a
     * part this build cannot read is reported on the job ({@link JobSchedule#problem()}) instead of failing a whole
     * page of the scheduler's reconciliation.
     */
    private static JobSchedule schedule(JobRow job) {
        JsonNode definition = JobDefinitions.mapper(JobDefinitions.Format.JSON).readTree(job.definition());
        return JobSchedule.read(
                job.id().toString(),
                job.name(),
                job.currentVersion(),
                job.revision(),
                job.enabled(),
                definition.get("schedule"),
                definition.get("retry"),
                null);
    }

    @GetMapping("/{id}")
    public ResolvedJob current(@PathVariable UUID id) {
        JobRow job = jobs.get(id);
        return resolve(job, job.currentVersion(), job.definition());
    }

    @GetMapping("/{id}/versions/{version}")
    public ResolvedJob version(@PathVariable UUID id, @PathVariable int version) {
        JobRow job = jobs.get(id);
        VersionRow row = jobs.version(id, version);
        return resolve(job, row.version(), row.definition());
    }

    private ResolvedJob resolve(JobRow job, int version, String json) {
        JobDefinition definition = JobDefinitions.fromJson(json);
        Map<String, ResolvedConnection> resolved = new LinkedHashMap<>();
        if (definition.source().connection() != null) { // push sources receive data and name none
            put(resolved, definition.source().connection(), job);
        }
        put(resolved, definition.target().connection(), job);
        return new ResolvedJob(
                job.id().toString(), job.name(), version, job.revision(), job.enabled(), definition, resolved);
    }

    private void put(Map<String, ResolvedConnection> resolved, String name, JobRow job) {
        ResolvedConnection connection = connections
                .resolve(name)
                .map(InternalAnswers::connection)
                .orElseThrow(() -> new ApiException(
                        io.datasync.models.problem.ErrorCode.CONFLICT,
                        "job '" + job.name() + "' names connection '" + name + "', which no longer exists"));
        resolved.put(name, connection);
    }
}
