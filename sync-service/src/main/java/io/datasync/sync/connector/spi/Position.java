package io.datasync.sync.connector.spi;

import java.util.Map;

/**
 * Where a split's reading stopped, as plain JSON-able values (e.g. {@code {"lastKey": 41230}} or
 * {@code {"watermark": "2026-11-27T10:00:00Z", "lastKey": 7}}). A source reads from a position it gave out earlier and
 * continues with the row after it; the empty position means "from the start".
 */
public record Position(Map<String, Object> values) {

    public static final Position START = new Position(Map.of());

    public Position {
        values = values == null ? Map.of() : Map.copyOf(values);
    }

    public boolean isStart() {
        return values.isEmpty();
    }

    public Object get(String name) {
        return values.get(name);
    }
}
