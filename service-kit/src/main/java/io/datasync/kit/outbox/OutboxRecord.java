package io.datasync.kit.outbox;

import java.time.Instant;

/**
 * One row of the outbox table.
 *
 * @param correlationId the correlation id of the work that appended the event; null when there was none
 */
public record OutboxRecord(
        long seq,
        String id,
        String topic,
        String key,
        String type,
        String payload,
        Instant createdAt,
        Instant publishedAt,
        String correlationId) {}
