package io.datasync.config.template;

import io.datasync.config.audit.AuditTrail;
import io.datasync.config.job.JobService;
import io.datasync.config.job.JobValidator;
import io.datasync.kit.web.ApiException;
import io.datasync.kit.web.ETags;
import io.datasync.models.job.Names;
import io.datasync.models.json.Json;
import io.datasync.models.problem.ErrorCode;
import io.datasync.models.problem.FieldError;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Stores job templates and turns them into jobs. */
@Service
public class TemplateService {

    private static final JsonMapper JSON = Json.strictMapper();

    /** A declared parameter; no {@code default} means the caller must give it. */
    public record Parameter(
            String name,
            String description,

            @com.fasterxml.jackson.annotation.JsonProperty("default")
            JsonNode defaultValue) {}

    /** A stored template. */
    public record Template(
            UUID id,
            String name,
            String description,
            List<Parameter> parameters,
            JsonNode definition,
            int version,
            Instant createdAt,
            Instant updatedAt) {}

    private final JdbcTemplate jdbc;
    private final JobValidator validator;
    private final JobService jobs;
    private final Clock clock;

    public TemplateService(JdbcTemplate jdbc, JobValidator validator, JobService jobs, Clock clock) {
        this.jdbc = jdbc;
        this.validator = validator;
        this.jobs = jobs;
        this.clock = clock;
    }

    @Transactional
    public Template create(String name, String description, List<Parameter> parameters, JsonNode definition) {
        check(name, parameters, definition);
        UUID id = UUID.randomUUID();
        Timestamp now = Timestamp.from(clock.instant());
        try {
            jdbc.update(
                    "INSERT INTO job_template (id, name, description, parameters, body, version, created_at, updated_at)"
                            + " VALUES (?, ?, ?, ?, ?, 1, ?, ?)",
                    id,
                    name,
                    description,
                    JSON.writeValueAsString(parameters),
                    JSON.writeValueAsString(definition),
                    now,
                    now);
        } catch (DuplicateKeyException e) {
            throw nameTaken(name);
        }
        AuditTrail.versions(id.toString(), null, 1L);
        return get(id);
    }

    /** Saves the template; with {@code ifMatch} only when the caller read the current version (else 412). */
    @Transactional
    public Template update(
            UUID id, String name, String description, List<Parameter> parameters, JsonNode definition, String ifMatch) {
        Template current = get(id);
        ETags.check(ifMatch, current.version(), "template '" + current.name() + "'");
        check(name, parameters, definition);
        int updated;
        try {
            updated = jdbc.update(
                    "UPDATE job_template SET name = ?, description = ?, parameters = ?, body = ?, version = version + 1,"
                            + " updated_at = ? WHERE id = ? AND version = ?",
                    name,
                    description,
                    JSON.writeValueAsString(parameters),
                    JSON.writeValueAsString(definition),
                    Timestamp.from(clock.instant()),
                    id,
                    current.version());
        } catch (DuplicateKeyException e) {
            throw nameTaken(name);
        }
        if (updated == 0) {
            throw ETags.changedMeanwhile("template '" + current.name() + "'");
        }
        AuditTrail.versions(id.toString(), (long) current.version(), current.version() + 1L);
        return get(id);
    }

    public void delete(UUID id, String ifMatch) {
        Template current = get(id);
        ETags.check(ifMatch, current.version(), "template '" + current.name() + "'");
        if (jdbc.update("DELETE FROM job_template WHERE id = ? AND version = ?", id, current.version()) == 0) {
            throw ETags.changedMeanwhile("template '" + current.name() + "'");
        }
        AuditTrail.versions(id.toString(), (long) current.version(), null);
    }

    private static ApiException nameTaken(String name) {
        return new ApiException(
                ErrorCode.CONFLICT,
                "a template named '" + name + "' already exists",
                List.of(new FieldError("/name", "is taken by another template")));
    }

    public Template get(UUID id) {
        return find(id).orElseThrow(() -> ApiException.notFound("template", id.toString()));
    }

    public List<Template> list() {
        return jdbc.query("SELECT * FROM job_template ORDER BY name", (rs, n) -> map(rs));
    }

    /**
     * Creates a job from a template: the parameters are checked (every unknown and missing one reported, at
     * {@code /parameters/<name>}), substituted, and the result validated like any job definition.
     */
    @Transactional
    public io.datasync.config.job.JobRepository.JobRow instantiate(UUID id, Map<String, JsonNode> given) {
        Template template = get(id);
        List<FieldError> errors = new ArrayList<>();
        Map<String, JsonNode> values = TemplateParameters.resolve(template.parameters(), given, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        JsonNode definition = TemplateParameters.substitute(template.definition(), values);
        JobValidator.Validation validation = validator.validate(definition);
        if (!validation.valid()) {
            throw new ApiException(
                    ErrorCode.VALIDATION_FAILED,
                    "the job made from template '" + template.name() + "' is invalid",
                    validation.errors());
        }
        return jobs.create(validation.definition());
    }

    private void check(String name, List<Parameter> parameters, JsonNode definition) {
        List<FieldError> errors = new ArrayList<>();
        if (!Names.isSafe(name)) {
            errors.add(new FieldError("/name", "'" + name + "' must be " + Names.RULE));
        }
        if (definition == null || !definition.isObject()) {
            errors.add(new FieldError("/definition", "must be a job definition object"));
        } else {
            errors.addAll(TemplateParameters.checkDeclared(parameters, definition));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }

    private Optional<Template> find(UUID id) {
        return jdbc.query("SELECT * FROM job_template WHERE id = ?", (rs, n) -> map(rs), id).stream()
                .findFirst();
    }

    private static Template map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Template(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getString("description"),
                List.of(JSON.readValue(rs.getString("parameters"), Parameter[].class)),
                JSON.readTree(rs.getString("body")),
                rs.getInt("version"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
