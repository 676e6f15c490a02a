package io.datasync.models.quality;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A row the gate kept out of the target for fixing and replay.
 *
 * @param id stable for the same row of the same chunk of the same run, so a chunk handled twice (after a crash)
 *     quarantines it once
 * @param key the row's key columns (empty when the job has no key)
 * @param row the whole row as it reached the gate (before cleansing), column by column in order; values are JSON
 *     values: text, numbers, booleans, null; dates, times and UUIDs as ISO text, bytes as base64
 */
public record QuarantinedRow(String id, Map<String, Object> key, Map<String, Object> row, List<Violation> violations) {
    public QuarantinedRow {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("id must not be blank");
        }
        key = key == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(key));
        row = row == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(row));
        violations = violations == null ? List.of() : List.copyOf(violations);
    }
}
