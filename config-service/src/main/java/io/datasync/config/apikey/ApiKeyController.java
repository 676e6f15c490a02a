package io.datasync.config.apikey;

import io.datasync.config.audit.Audited;
import io.datasync.kit.web.Page;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/config/api-keys} (admins only): {@code POST} issues a key and shows it this once, {@code GET} lists and
 * reads keys without their secret, {@code DELETE /{id}} revokes one.
 */
@RestController
@RequestMapping("${datasync.service.api-base}/api-keys")
public class ApiKeyController {

    private final ApiKeyService keys;

    ApiKeyController(ApiKeyService keys) {
        this.keys = keys;
    }

    @PostMapping
    @Audited(resource = "api-key", action = "create")
    public ResponseEntity<ApiKeyView> create(@RequestBody Map<String, Object> body) {
        ApiKeyView created = keys.create(body);
        return ResponseEntity.created(URI.create("/api/config/api-keys/" + created.id()))
                .header("Cache-Control", "no-store")
                .body(created);
    }

    @GetMapping
    public Page<ApiKeyView> list(
            @RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(ApiKeyService.MAX_PAGE_SIZE) int size) {
        return keys.list(page, size);
    }

    @GetMapping("/{id}")
    public ApiKeyView get(@PathVariable String id) {
        return keys.get(id);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Audited(resource = "api-key", action = "revoke")
    public void revoke(@PathVariable String id) {
        keys.revoke(id);
    }
}
