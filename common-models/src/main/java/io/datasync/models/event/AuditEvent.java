package io.datasync.models.event;

import java.time.Instant;

/**
 * Changes made through the API of a service other than config-service, published on {@link Topics#AUDIT} so that
 * config-service keeps one audit log for the whole platform.
 */
public sealed interface AuditEvent extends EventPayload {

    /**
     * A change a service's API made (a 2xx answer to a mutating request under {@code /api}).
     *
     * @param service the service that made it
     * @param actor the caller's subject ({@code api-key:<name>} for an API key)
     * @param actorRole the role the caller acted with ({@code viewer}, {@code operator}, {@code admin})
     * @param via {@code token} or {@code api_key}
     * @param apiKeyId the API key's id when the caller used one, else null
     * @param action what was done, e.g. {@code pause}, {@code create}
     * @param resourceType the kind of resource, e.g. {@code jobs}, {@code runs}
     * @param resourceId the resource's id when the path names one, else null
     * @param status the HTTP status of the answer
     * @param correlationId the request's correlation id, or null
     */
    record AuditRecorded(
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
            int status,
            Instant occurredAt,
            String correlationId)
            implements AuditEvent {
        public AuditRecorded {
            Require.text(service, "service");
            Require.text(actor, "actor");
            Require.text(action, "action");
            Require.text(resourceType, "resourceType");
            Require.text(method, "method");
            Require.text(path, "path");
            Require.present(occurredAt, "occurredAt");
        }

        @Override
        public String subject() {
            return resourceId == null ? resourceType : resourceId;
        }
    }
}
