package io.datasync.config.template;

import io.datasync.config.audit.Audited;
import io.datasync.config.job.JobController;
import io.datasync.config.job.JobRepository;
import io.datasync.kit.web.ApiException;
import io.datasync.kit.web.ETags;
import io.datasync.models.job.JobDefinitions;
import io.datasync.models.json.Json;
import io.datasync.models.problem.FieldError;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/config/templates}: a template is {@code {name, description, parameters: [{name, description, default}],
 * definition: {...job with ${param} placeholders...}}}, in JSON or YAML; {@code POST /{id}/instantiate} with
 * {@code {parameters: {...}}} creates a job.
 */
@RestController
@RequestMapping("/api/config/templates")
public class TemplateController {

    private final TemplateService templates;

    public TemplateController(TemplateService templates) {
        this.templates = templates;
    }

    @PostMapping(consumes = {MediaType.APPLICATION_JSON_VALUE, JobController.YAML, "application/x-yaml", "text/yaml"})
    @Audited(resource = "template", action = "create")
    public ResponseEntity<TemplateService.Template> create(
            @RequestBody String body, @RequestHeader(HttpHeaders.CONTENT_TYPE) String contentType) {
        JsonNode request = parse(body, contentType);
        TemplateService.Template created = templates.create(
                text(request, "name"), text(request, "description"), parameters(request), request.get("definition"));
        return ResponseEntity.created(URI.create("/api/config/templates/" + created.id()))
                .body(created);
    }

    @PutMapping(
            path = "/{id}",
            consumes = {MediaType.APPLICATION_JSON_VALUE, JobController.YAML, "application/x-yaml", "text/yaml"})
    @Audited(resource = "template", action = "update")
    public ResponseEntity<TemplateService.Template> update(
            @PathVariable UUID id,
            @RequestBody String body,
            @RequestHeader(HttpHeaders.CONTENT_TYPE) String contentType,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        JsonNode request = parse(body, contentType);
        TemplateService.Template updated = templates.update(
                id,
                text(request, "name"),
                text(request, "description"),
                parameters(request),
                request.get("definition"),
                ifMatch);
        return ResponseEntity.ok().eTag(ETags.of(updated.version())).body(updated);
    }

    @GetMapping
    public List<TemplateService.Template> list() {
        return templates.list();
    }

    @GetMapping("/{id}")
    public ResponseEntity<TemplateService.Template> get(@PathVariable UUID id) {
        TemplateService.Template template = templates.get(id);
        return ResponseEntity.ok().eTag(ETags.of(template.version())).body(template);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Audited(resource = "template", action = "delete")
    public void delete(
            @PathVariable UUID id, @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        templates.delete(id, ifMatch);
    }

    @PostMapping(path = "/{id}/instantiate", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Audited(resource = "job", action = "instantiate")
    public ResponseEntity<JobController.JobResource> instantiate(@PathVariable UUID id, @RequestBody String body) {
        JsonNode request = parse(body, MediaType.APPLICATION_JSON_VALUE);
        JsonNode given = request.path("parameters");
        if (!given.isMissingNode() && !given.isObject()) {
            throw ApiException.invalid(List.of(new FieldError("/parameters", "must be an object of name: value")));
        }
        Map<String, JsonNode> values = new LinkedHashMap<>();
        given.properties().forEach(e -> values.put(e.getKey(), e.getValue()));
        JobRepository.JobRow job = templates.instantiate(id, values);
        return ResponseEntity.created(URI.create("/api/config/jobs/" + job.id()))
                .eTag(ETags.of(job.revision()))
                .body(JobController.resource(job));
    }

    private static JsonNode parse(String body, String contentType) {
        JobDefinitions.Format format = JobDefinitions.Format.forMediaType(contentType);
        try {
            JsonNode tree = JobDefinitions.mapper(format).readTree(body);
            if (tree == null || !tree.isObject()) {
                throw ApiException.invalid(List.of(new FieldError("/", "the body must be an object")));
            }
            return tree;
        } catch (JacksonException e) {
            throw ApiException.invalid(List.of(Json.fieldError(e, format.name())));
        }
    }

    /** A text member, or null when absent; anything else is a 400 naming the member, never a 500. */
    private static String text(JsonNode request, String field) {
        return textAt(request.get(field), "/" + field);
    }

    private static String textAt(JsonNode value, String pointer) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw ApiException.invalid(List.of(new FieldError(pointer, "expected text")));
        }
        return value.asString();
    }

    private static List<TemplateService.Parameter> parameters(JsonNode request) {
        JsonNode list = request.path("parameters");
        List<TemplateService.Parameter> out = new ArrayList<>();
        if (list.isMissingNode()) {
            return out;
        }
        if (!list.isArray()) {
            throw ApiException.invalid(
                    List.of(new FieldError("/parameters", "must be a list of {name, description, default}")));
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode p = list.get(i);
            String at = "/parameters/" + i;
            if (!p.isObject()) {
                throw ApiException.invalid(List.of(new FieldError(at, "expected {name, description, default}")));
            }
            out.add(new TemplateService.Parameter(
                    textAt(p.get("name"), at + "/name"),
                    textAt(p.get("description"), at + "/description"),
                    p.get("default")));
        }
        return out;
    }
}
