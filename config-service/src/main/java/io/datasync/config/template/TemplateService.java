package io.datasync.config.template;

import io.datasync.config.job.JobService;
import io.datasync.config.job.JobValidator;
import io.datasync.kit.web.ApiException;
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
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Stores job templates and turns them into jobs. */
@Service
public class TemplateService {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final JsonMapper JSON = Json.strictMapper();

    /** A declared parameter; {@code defaultValue} null means the caller must give it. */
    public record Parameter(String name, String description, JsonNode defaultValue) {}

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
            throw new ApiException(ErrorCode.CONFLICT, "a template named '" + name + "' already exists");
        }
        return get(id);
    }

    @Transactional
    public Template update(UUID id, String name, String description, List<Parameter> parameters, JsonNode definition) {
        get(id);
        check(name, parameters, definition);
        try {
            jdbc.update(
                    "UPDATE job_template SET name = ?, description = ?, parameters = ?, body = ?, version = version + 1,"
                            + " updated_at = ? WHERE id = ?",
                    name,
                    description,
                    JSON.writeValueAsString(parameters),
                    JSON.writeValueAsString(definition),
                    Timestamp.from(clock.instant()),
                    id);
        } catch (DuplicateKeyException e) {
            throw new ApiException(ErrorCode.CONFLICT, "a template named '" + name + "' already exists");
        }
        return get(id);
    }

    public void delete(UUID id) {
        if (jdbc.update("DELETE FROM job_template WHERE id = ?", id) == 0) {
            throw ApiException.notFound("template", id.toString());
        }
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
        if (name == null || !NAME.matcher(name).matches()) {
            errors.add(new FieldError("/name", "'" + name + "' must be 1-128 letters, digits, '_', '-' or '.'"));
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
