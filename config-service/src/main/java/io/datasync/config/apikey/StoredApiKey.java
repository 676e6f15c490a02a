package io.datasync.config.apikey;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code api_key}; {@code keyHash} never leaves this package. */
record StoredApiKey(
        String id,
        String name,
        String role,
        UUID jobId,
        String keyHash,
        Instant createdAt,
        String createdBy,
        Instant expiresAt,
        Instant lastUsedAt,
        Instant revokedAt,
        String revokedBy) {

    /** {@code active}, {@code revoked} or {@code expired} at {@code now}. */
    String state(Instant now) {
        if (revokedAt != null) {
            return "revoked";
        }
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            return "expired";
        }
        return "active";
    }
}
