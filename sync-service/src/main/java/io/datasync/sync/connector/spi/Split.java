package io.datasync.sync.connector.spi;

import java.util.Map;

/**
 * A part of a source's work that one reader reads alone, e.g. a primary-key range {@code [from, to)}. Splits are
 * stable: the same job over the same data produces the same split ids, so a checkpoint found for a split id after a
 * restart belongs to the same rows.
 *
 * @param id stable and unique within a run, e.g. {@code id[0,250000)}
 * @param bounds the source-specific description of the part, JSON-able
 */
public record Split(String id, Map<String, Object> bounds) {

    public static Split whole() {
        return new Split("all", Map.of());
    }

    public Split {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a split needs an id");
        }
        bounds = bounds == null ? Map.of() : Map.copyOf(bounds);
    }
}
