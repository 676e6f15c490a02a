package io.datasync.quality.quarantine;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A quarantined row as answered.
 *
 * @param key the row's key columns
 * @param row the row as it reached the gate (never changed)
 * @param fixedRow the row as an operator fixed it; null until patched
 * @param violations the checks it broke, with why
 * @param replayId the last replay it went out with; null when never replayed
 * @param lastError why the last replay did not write it
 */
public record QuarantineEntry(
        String id,
        String jobId,
        String runId,
        long jobVersion,
        String ruleSet,
        long ruleSetVersion,
        JsonNode key,
        JsonNode row,
        JsonNode fixedRow,
        JsonNode violations,
        String status,
        UUID replayId,
        Instant replayedAt,
        Instant createdAt,
        Instant updatedAt,
        String lastError) {}
