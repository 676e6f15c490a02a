package io.datasync.config.internal;

import io.datasync.config.apikey.ApiKeyService;
import io.datasync.kit.web.ApiException;
import io.datasync.models.internal.ApiKeyCheck;
import io.datasync.models.internal.ApiKeyGrant;
import io.datasync.models.problem.FieldError;
import java.util.List;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /internal/api-keys/verify}: the gateway asks what an {@code X-API-Key} grants. 200 with the grant for an
 * active key; 404 saying whether it is unknown, revoked or expired (401 is kept for a wrong service token); 400 for something that is no key. Behind the
 * service token like all of {@code /internal}.
 */
@RestController
@RequestMapping("/internal/api-keys")
public class InternalApiKeyController {

    private final ApiKeyService keys;

    public InternalApiKeyController(ApiKeyService keys) {
        this.keys = keys;
    }

    @PostMapping("/verify")
    public ApiKeyGrant verify(@RequestBody ApiKeyCheck check) {
        if (check == null || check.key() == null) {
            throw ApiException.invalid(List.of(new FieldError("/key", "required")));
        }
        return keys.verify(check.key());
    }
}
