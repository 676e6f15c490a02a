package io.datasync.config.internal;

import io.datasync.config.connection.ConnectionCatalog;
import io.datasync.config.connection.ConnectionCatalog.ResolvedConnection;
import io.datasync.config.job.JobRepository.JobRow;
import io.datasync.config.job.JobRepository.VersionRow;
import io.datasync.config.job.JobService;
import io.datasync.kit.web.ApiException;
import io.datasync.models.job.JobDefinition;
import io.datasync.models.job.JobDefinitions;
import io.datasync.models.job.SourceType;
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
 * Only under {@code /internal}, which the gateway never routes and which requires the service token.
 */
@RestController
@RequestMapping("/internal/jobs")
public class InternalJobController {

    /** A job version ready to run. */
    public record ResolvedJob(
            String jobId,
            String name,
            int version,
            boolean enabled,
            JsonNode definition,
            Map<String, ResolvedConnection> connections) {}

    /**
     * How a job runs by itself, without its connections: all the scheduler needs, and nothing secret.
     *
     * @param schedule the definition's schedule, null for a job that only runs when triggered
     * @param revision bumps on every change of the job (new version, enabled or disabled, deleted), so a reader can
     *     tell which of two answers is newer
     * @param retry the definition's retry policy, defaults filled in
     */
    public record JobSchedule(
            String jobId, String name, int version, int revision, boolean enabled, JsonNode schedule, JsonNode retry) {}

    /**
     * One page of schedules by job id.
     *
     * @param next the {@code after} of the following page; null on the last
     */
    public record SchedulePage(List<JobSchedule> items, String next) {}

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
    public SchedulePage schedules(
            @RequestParam(required = false) UUID after,
            @RequestParam(defaultValue = "100") @Min(1) @Max(500) int size) {
        List<JobSchedule> items = jobs.after(after, size).stream()
                .map(InternalJobController::schedule)
                .toList();
        return new SchedulePage(
                items, items.size() < size ? null : items.get(items.size() - 1).jobId());
    }

    /** One job's schedule and retry policy, at its current version. */
    @GetMapping("/{id}/schedule")
    public JobSchedule schedule(@PathVariable UUID id) {
        return schedule(jobs.get(id));
    }

    private static JobSchedule schedule(JobRow job) {
        JsonNode definition = JobDefinitions.mapper(JobDefinitions.Format.JSON).readTree(job.definition());
        JsonNode schedule = definition.get("schedule");
        return new JobSchedule(
                job.id().toString(),
                job.name(),
                job.currentVersion(),
                job.revision(),
                job.enabled(),
                schedule == null || schedule.isNull() ? null : schedule,
                definition.get("retry"));
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
        if (definition.source().type() != SourceType.PUSH) {
            put(resolved, definition.source().connection(), job);
        }
        put(resolved, definition.target().connection(), job);
        return new ResolvedJob(
                job.id().toString(),
                job.name(),
                version,
                job.enabled(),
                JobDefinitions.mapper(JobDefinitions.Format.JSON).readTree(json),
                resolved);
    }

    private void put(Map<String, ResolvedConnection> resolved, String name, JobRow job) {
        ResolvedConnection connection = connections
                .resolve(name)
                .orElseThrow(() -> new ApiException(
                        io.datasync.models.problem.ErrorCode.CONFLICT,
                        "job '" + job.name() + "' names connection '" + name + "', which no longer exists"));
        resolved.put(name, connection);
    }
}
