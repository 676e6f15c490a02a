package io.datasync.quality.rules;

import io.datasync.kit.audit.NotAudited;
import io.datasync.kit.web.ETags;
import io.datasync.kit.web.Page;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
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
 * Quality rule sets over HTTP, under {@code /api/quality/rulesets}. Bodies are read as JSON trees so that the engine
 * can report every problem at once with JSON pointers.
 */
@RestController
@RequestMapping("${datasync.service.api-base}/rulesets")
public class RuleSetController {

    private final RuleSetService service;

    public RuleSetController(RuleSetService service) {
        this.service = service;
    }

    @PostMapping
    public ResponseEntity<RuleSetService.RuleSetView> create(@RequestBody JsonNode body, HttpServletRequest request) {
        RuleSetService.RuleSetView created = service.create(body);
        return ResponseEntity.created(URI.create(request.getRequestURI() + "/" + created.id()))
                .eTag(ETags.of(created.version()))
                .body(created);
    }

    @GetMapping
    public Page<RuleSetService.Summary> list(
            @RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
        return service.list(page, size);
    }

    @GetMapping("/{id}")
    public ResponseEntity<RuleSetService.RuleSetView> get(@PathVariable UUID id) {
        RuleSetService.RuleSetView view = service.get(id);
        return ResponseEntity.ok().eTag(ETags.of(view.version())).body(view);
    }

    /** Saves the body as the next version; the name may change. */
    @PutMapping("/{id}")
    public ResponseEntity<RuleSetService.RuleSetView> update(
            @PathVariable UUID id,
            @RequestBody JsonNode body,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        RuleSetService.RuleSetView view = service.update(id, body, ifMatch);
        return ResponseEntity.ok().eTag(ETags.of(view.version())).body(view);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void delete(
            @PathVariable UUID id, @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        service.delete(id, ifMatch);
    }

    /** Versions newest first. */
    @GetMapping("/{id}/versions")
    public List<RuleSetService.VersionSummary> versions(@PathVariable UUID id) {
        return service.versions(id);
    }

    @GetMapping("/{id}/versions/{version}")
    public RuleSetService.RuleSetView version(@PathVariable UUID id, @PathVariable @Min(1) long version) {
        return service.version(id, version);
    }

    /** Checks a rule set as a save would, saving nothing: 200 with {@code valid} and every error found. */
    @PostMapping("/validate")
    @NotAudited("checks a rule set and saves nothing")
    public RuleSetService.ValidationReport validate(@RequestBody JsonNode body) {
        return service.validate(body);
    }
}
