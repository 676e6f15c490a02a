package io.datasync.config.job;

import io.datasync.config.audit.Audited;
import io.datasync.config.job.JobRepository.JobRow;
import io.datasync.config.job.JobRepository.VersionRow;
import io.datasync.kit.audit.NotAudited;
import io.datasync.kit.web.ApiException;
import io.datasync.kit.web.ETags;
import io.datasync.kit.web.Page;
import io.datasync.models.job.JobDefinition;
import io.datasync.models.job.JobDefinitions;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/config/jobs}: job definitions in JSON or YAML, each save an immutable version; reads carry an
 * {@code ETag}, and writes with a stale {@code If-Match} get a 412.
 */
@RestController
@RequestMapping("/api/config")
public class JobController {

    public static final String YAML = "application/yaml";

    /** A job as the API shows it. */
    public record JobResource(
            String id,
            String name,
            boolean enabled,
            int version,
            JsonNode definition,
            Instant createdAt,
            Instant updatedAt) {}

    public record VersionSummary(int version, Instant createdAt) {}

    public record VersionResource(String jobId, int version, Instant createdAt, JsonNode definition) {}

    public record Diff(String jobId, int from, int to, List<JsonPatchDiff.Operation> operations) {}

    public record ValidationReport(boolean valid, JsonNode definition, List<OffsetDateTime> nextFireTimes) {}

    public record RollbackRequest(@Min(1) int version) {}

    private final JobService jobs;
    private final JobValidator validator;

    public JobController(JobService jobs, JobValidator validator) {
        this.jobs = jobs;
        this.validator = validator;
    }

    @PostMapping(
            path = "/jobs",
            consumes = {MediaType.APPLICATION_JSON_VALUE, YAML, "application/x-yaml", "text/yaml", "text/x-yaml"})
    @Audited(resource = "job", action = "create")
    public ResponseEntity<JobResource> create(
            @RequestBody String body, @RequestHeader(HttpHeaders.CONTENT_TYPE) String contentType) {
        JobRow row = jobs.create(read(body, contentType));
        return withETag(ResponseEntity.created(URI.create("/api/config/jobs/" + row.id())), row);
    }

    @PostMapping(
            path = "/jobs/validate",
            consumes = {MediaType.APPLICATION_JSON_VALUE, YAML, "application/x-yaml", "text/yaml", "text/x-yaml"})
    @NotAudited("checks a definition and saves nothing")
    public ValidationReport validate(
            @RequestBody String body, @RequestHeader(HttpHeaders.CONTENT_TYPE) String contentType) {
        JobValidator.Validation validation = check(body, contentType);
        return new ValidationReport(true, tree(validation.definition()), validation.nextFireTimes());
    }

    @GetMapping("/jobs")
    public Page<JobResource> list(
            @RequestParam(required = false) @Size(max = 128) String q,
            @RequestParam(required = false) Boolean enabled,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        String search = q == null || q.isBlank()
                ? null
                : q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        List<JobResource> items = jobs.page(search, enabled, page, size).stream()
                .map(JobController::resource)
                .toList();
        return Page.of(items, page, size, jobs.count(search, enabled));
    }

    @GetMapping("/jobs/{id}")
    public ResponseEntity<JobResource> get(@PathVariable UUID id) {
        return withETag(ResponseEntity.ok(), jobs.get(id));
    }

    @PutMapping(
            path = "/jobs/{id}",
            consumes = {MediaType.APPLICATION_JSON_VALUE, YAML, "application/x-yaml", "text/yaml", "text/x-yaml"})
    @Audited(resource = "job", action = "update")
    public ResponseEntity<JobResource> update(
            @PathVariable UUID id,
            @RequestBody String body,
            @RequestHeader(HttpHeaders.CONTENT_TYPE) String contentType,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        jobs.get(id);
        return withETag(ResponseEntity.ok(), jobs.update(id, read(body, contentType), ifMatch));
    }

    @DeleteMapping("/jobs/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Audited(resource = "job", action = "delete")
    public void delete(
            @PathVariable UUID id, @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        jobs.delete(id, ifMatch);
    }

    @PostMapping("/jobs/{id}/enable")
    @Audited(resource = "job", action = "enable")
    public ResponseEntity<JobResource> enable(
            @PathVariable UUID id, @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return withETag(ResponseEntity.ok(), jobs.setEnabled(id, true, ifMatch));
    }

    @PostMapping("/jobs/{id}/disable")
    @Audited(resource = "job", action = "disable")
    public ResponseEntity<JobResource> disable(
            @PathVariable UUID id, @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return withETag(ResponseEntity.ok(), jobs.setEnabled(id, false, ifMatch));
    }

    @GetMapping("/jobs/{id}/versions")
    public List<VersionSummary> versions(@PathVariable UUID id) {
        return jobs.versions(id).stream()
                .map(v -> new VersionSummary(v.version(), v.createdAt()))
                .toList();
    }

    /** One version as JSON, or as YAML with {@code ?format=yaml}, the way a user would write it. */
    @GetMapping("/jobs/{id}/versions/{version}")
    public ResponseEntity<?> version(
            @PathVariable UUID id,
            @PathVariable int version,
            @RequestParam(defaultValue = "json") @jakarta.validation.constraints.Pattern(regexp = "json|yaml")
                    String format) {
        VersionRow row = jobs.version(id, version);
        if (format.equals("yaml")) {
            JobDefinition definition = JobDefinitions.fromJson(row.definition());
            return ResponseEntity.ok()
                    .contentType(MediaType.parseMediaType(YAML))
                    .body(JobDefinitions.toYaml(definition));
        }
        return ResponseEntity.ok(
                new VersionResource(id.toString(), row.version(), row.createdAt(), parse(row.definition())));
    }

    /** What changed between two versions, as a JSON Patch (RFC 6902) from {@code from} to {@code to}. */
    @GetMapping("/jobs/{id}/diff")
    public Diff diff(@PathVariable UUID id, @RequestParam @Min(1) int from, @RequestParam @Min(1) int to) {
        return new Diff(id.toString(), from, to, jobs.diff(id, from, to));
    }

    /** A new version equal to an older one. */
    @PostMapping("/jobs/{id}/rollback")
    @Audited(resource = "job", action = "rollback")
    public ResponseEntity<JobResource> rollback(
            @PathVariable UUID id,
            @RequestBody @jakarta.validation.Valid RollbackRequest request,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        return withETag(ResponseEntity.ok(), jobs.rollback(id, request.version(), ifMatch));
    }

    /** The JSON Schema every job definition must follow. */
    @GetMapping(
            path = "/schema/job",
            produces = {"application/schema+json", MediaType.APPLICATION_JSON_VALUE})
    public String schema() {
        return JobSchema.json();
    }

    private JobDefinition read(String body, String contentType) {
        return check(body, contentType).definition();
    }

    private JobValidator.Validation check(String body, String contentType) {
        JobValidator.Validation validation = validator.validate(body, JobDefinitions.Format.forMediaType(contentType));
        if (!validation.valid()) {
            throw ApiException.invalid(validation.errors());
        }
        return validation;
    }

    private static ResponseEntity<JobResource> withETag(ResponseEntity.BodyBuilder builder, JobRow row) {
        return builder.eTag(ETags.of(row.revision())).body(resource(row));
    }

    public static JobResource resource(JobRow row) {
        return new JobResource(
                row.id().toString(),
                row.name(),
                row.enabled(),
                row.currentVersion(),
                parse(row.definition()),
                row.createdAt(),
                row.updatedAt());
    }

    private static JsonNode parse(String json) {
        return JobDefinitions.mapper(JobDefinitions.Format.JSON).readTree(json);
    }

    private static JsonNode tree(JobDefinition definition) {
        return parse(JobDefinitions.toJson(definition));
    }
}
