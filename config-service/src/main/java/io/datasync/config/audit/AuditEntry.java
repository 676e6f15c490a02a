package io.datasync.config.audit;

import java.time.Instant;

/**
 * One row of the audit log as the API shows it.
 *
 * @param service the service whose API made the change
 * @param actor who: the subject of the caller's identity ({@code api-key:<name>} for an API key)
 * @param actorRole the role the caller acted with
 * @param via {@code token} or {@code api_key}
 * @param apiKeyId the API key's id when the caller used one
 * @param beforeVersion the resource's version before the change (null: created, or not versioned)
 * @param afterVersion its version after (null: deleted, or not versioned)
 */
public record AuditEntry(
        long id,
        Instant occurredAt,
        String service,
        String actor,
        String actorRole,
        String via,
        String apiKeyId,
        String action,
        String resourceType,
        String resourceId,
        String method,
        String path,
        Long beforeVersion,
        Long afterVersion,
        String correlationId) {}
