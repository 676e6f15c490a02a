package io.datasync.kit.outbox;

import java.time.Instant;

/** One row of the outbox table. */
public record OutboxRecord(
        long seq,
        String id,
        String topic,
        String key,
        String type,
        String payload,
        Instant createdAt,
        Instant publishedAt) {}
