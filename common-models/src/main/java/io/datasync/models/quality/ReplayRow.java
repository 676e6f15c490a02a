package io.datasync.models.quality;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A quarantined row sent back through the gate into the target.
 *
 * @param id the quarantine entry's id
 * @param row the row as fixed, in the form of {@link QuarantinedRow#row()}
 */
public record ReplayRow(String id, Map<String, Object> row) {
    public ReplayRow {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("id must not be blank");
        }
        row = row == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(row));
    }
}
