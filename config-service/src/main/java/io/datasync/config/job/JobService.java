package io.datasync.config.job;

import io.datasync.config.audit.AuditTrail;
import io.datasync.config.job.JobRepository.JobRow;
import io.datasync.config.job.JobRepository.VersionRow;
import io.datasync.kit.outbox.Outbox;
import io.datasync.kit.web.ApiException;
import io.datasync.kit.web.ETags;
import io.datasync.models.event.ChangeKind;
import io.datasync.models.event.ConfigChange.JobChanged;
import io.datasync.models.job.JobDefinition;
import io.datasync.models.job.JobDefinitions;
import io.datasync.models.problem.ErrorCode;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Saves job definitions as immutable versions. Every state change and its {@code JobChanged} event commit in one
 * transaction (the outbox), so consumers never miss a change nor see one that did not happen.
 */
@Service
public class JobService {

    private final JobRepository jobs;
    private final JobValidator validator;
    private final Outbox outbox;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    public JobService(
            JobRepository jobs, JobValidator validator, Outbox outbox, Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.jobs = jobs;
        this.validator = validator;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Validates and saves a new job as version 1. */
    @Transactional
    public JobRow create(JobDefinition definition) {
        if (jobs.nameTaken(definition.name(), new UUID(0, 0))) {
            throw nameTaken(definition.name());
        }
        UUID id = UUID.randomUUID();
        jobs.insert(id, definition.name(), clock.instant());
        int version = jobs.addVersion(id, definition.name(), JobDefinitions.toJson(definition), clock.instant());
        outbox.append(new JobChanged(id.toString(), definition.name(), version, ChangeKind.CREATED));
        AuditTrail.versions(id.toString(), null, (long) version);
        return jobs.find(id).orElseThrow();
    }

    /**
     * Saves a new version when the definition differs from the current one; an identical save changes nothing, so
     * retrying a PUT is harmless.
     */
    @Transactional
    public JobRow update(UUID id, JobDefinition definition, String ifMatch) {
        JobRow current = lock(id, ifMatch);
        if (jobs.nameTaken(definition.name(), id)) {
            throw nameTaken(definition.name());
        }
        String json = JobDefinitions.toJson(definition);
        if (json.equals(current.definition())) {
            AuditTrail.versions(id.toString(), (long) current.currentVersion(), (long) current.currentVersion());
            return current;
        }
        int version = jobs.addVersion(id, definition.name(), json, clock.instant());
        outbox.append(new JobChanged(id.toString(), definition.name(), version, ChangeKind.UPDATED));
        AuditTrail.versions(id.toString(), (long) current.currentVersion(), (long) version);
        return jobs.find(id).orElseThrow();
    }

    /** Makes a new version equal to an older one, after checking it is still valid (its connections may be gone). */
    @Transactional
    public JobRow rollback(UUID id, int toVersion, String ifMatch) {
        JobRow current = lock(id, ifMatch);
        VersionRow old = jobs.version(id, toVersion)
                .orElseThrow(() -> ApiException.notFound("version", current.name() + " v" + toVersion));
        JobValidator.Validation validation = validator.validate(old.definition(), JobDefinitions.Format.JSON);
        if (!validation.valid()) {
            throw new ApiException(
                    ErrorCode.VALIDATION_FAILED,
                    "version " + toVersion + " is no longer valid; fix it with a new version instead",
                    validation.errors());
        }
        return update(id, validation.definition(), null);
    }

    @Transactional
    public JobRow setEnabled(UUID id, boolean enabled, String ifMatch) {
        JobRow current = lock(id, ifMatch);
        AuditTrail.versions(id.toString(), (long) current.currentVersion(), (long) current.currentVersion());
        if (current.enabled() == enabled) {
            return current;
        }
        jobs.setEnabled(id, enabled, clock.instant());
        outbox.append(new JobChanged(
                id.toString(),
                current.name(),
                current.currentVersion(),
                enabled ? ChangeKind.ENABLED : ChangeKind.DISABLED));
        return jobs.find(id).orElseThrow();
    }

    @Transactional
    public void delete(UUID id, String ifMatch) {
        JobRow current = lock(id, ifMatch);
        jobs.delete(id, clock.instant());
        outbox.append(new JobChanged(id.toString(), current.name(), current.currentVersion(), ChangeKind.DELETED));
        AuditTrail.versions(id.toString(), (long) current.currentVersion(), null);
        events.publishEvent(new JobDeleted(id, current.name()));
    }

    /** Whether a job that is not deleted has this id. */
    public boolean exists(UUID id) {
        return jobs.find(id).isPresent();
    }

    public JobRow get(UUID id) {
        return jobs.find(id).orElseThrow(() -> ApiException.notFound("job", id.toString()));
    }

    public List<VersionRow> versions(UUID id) {
        get(id);
        return jobs.versions(id);
    }

    public VersionRow version(UUID id, int version) {
        JobRow job = get(id);
        return jobs.version(id, version)
                .orElseThrow(() -> ApiException.notFound("version", job.name() + " v" + version));
    }

    public List<JsonPatchDiff.Operation> diff(UUID id, int from, int to) {
        JsonNode before = JobDefinitions.mapper(JobDefinitions.Format.JSON)
                .readTree(version(id, from).definition());
        JsonNode after = JobDefinitions.mapper(JobDefinitions.Format.JSON)
                .readTree(version(id, to).definition());
        return JsonPatchDiff.diff(before, after);
    }

    public List<JobRow> page(String search, Boolean enabled, int page, int size) {
        return jobs.page(search, enabled, page, size);
    }

    /** Live jobs ordered by id, starting after {@code after} (null for the first); for paging that never skips one. */
    public List<JobRow> after(UUID after, int size) {
        return jobs.after(after, size);
    }

    public long count(String search, Boolean enabled) {
        return jobs.count(search, enabled);
    }

    private static ApiException nameTaken(String name) {
        return new ApiException(
                ErrorCode.CONFLICT,
                "a job named '" + name + "' already exists",
                List.of(new io.datasync.models.problem.FieldError("/name", "is taken by another job")));
    }

    private JobRow lock(UUID id, String ifMatch) {
        JobRow current = jobs.findForUpdate(id).orElseThrow(() -> ApiException.notFound("job", id.toString()));
        ETags.check(ifMatch, current.revision(), "job '" + current.name() + "'");
        return current;
    }
}
