package io.datasync.config.apikey;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * An API key as the API shows it. {@code key} is present only in the answer to the create that issued it: the key is
 * not stored and cannot be shown again.
 *
 * @param state {@code active}, {@code revoked} or {@code expired}
 */
public record ApiKeyView(
        String id,
        @JsonInclude(JsonInclude.Include.NON_NULL) String key,
        String name,
        String role,
        String jobId,
        String state,
        Instant createdAt,
        String createdBy,
        Instant expiresAt,
        Instant lastUsedAt,
        Instant revokedAt,
        String revokedBy) {

    static ApiKeyView of(StoredApiKey k, Instant now, String key) {
        return new ApiKeyView(
                k.id(),
                key,
                k.name(),
                k.role(),
                k.jobId() == null ? null : k.jobId().toString(),
                k.state(now),
                k.createdAt(),
                k.createdBy(),
                k.expiresAt(),
                k.lastUsedAt(),
                k.revokedAt(),
                k.revokedBy());
    }
}
