package io.datasync.sync.connector.jdbc;

import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.Position;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Positions of a keyset read as JSON-able values: {@code {"lastKey": 7}}, {@code {"lastKey": [3, "b"]}} for a
 * composite key, and in timestamp mode {@code {"watermark": "2026-11-27T10:00", "lastKey": 7}}.
 *
 * @param types the types of the order columns (in timestamp mode the watermark column first)
 * @param watermarkFirst whether the first order column is the timestamp watermark
 */
record KeyPositions(List<DataType> types, boolean watermarkFirst) {

    KeyPositions {
        types = List.copyOf(types);
        if (types.isEmpty()) {
            throw new IllegalArgumentException("a keyset read needs at least one order column");
        }
    }

    Position encode(Object[] order) {
        Map<String, Object> values = new LinkedHashMap<>();
        int first = 0;
        if (watermarkFirst) {
            values.put(JdbcSource.WATERMARK, JdbcTypes.toJson(types.get(0), order[0]));
            first = 1;
        }
        int keys = types.size() - first;
        if (keys == 1) {
            values.put(JdbcSource.LAST_KEY, JdbcTypes.toJson(types.get(first), order[first]));
        } else if (keys > 1) {
            List<Object> key = new ArrayList<>(keys);
            for (int i = first; i < types.size(); i++) {
                key.add(JdbcTypes.toJson(types.get(i), order[i]));
            }
            values.put(JdbcSource.LAST_KEY, key);
        }
        return new Position(values);
    }

    /**
     * The order values to continue after, or null to start at the beginning.
     *
     * @throws io.datasync.sync.connector.spi.ConnectorException SYNC-001 when the position was not made by a read of
     *     the same shape (e.g. the table's key changed since it was checkpointed)
     */
    Object[] decode(Position position) {
        if (position.isStart()) {
            return null;
        }
        List<Object> raw = new ArrayList<>(types.size());
        int first = 0;
        if (watermarkFirst) {
            raw.add(position.get(JdbcSource.WATERMARK));
            first = 1;
        }
        int keys = types.size() - first;
        Object lastKey = position.get(JdbcSource.LAST_KEY);
        if (keys == 1) {
            raw.add(lastKey);
        } else if (keys > 1 && lastKey instanceof List<?> list && list.size() == keys) {
            raw.addAll(list);
        } else if (keys > 1) {
            throw mismatch(position);
        }
        Object[] order = new Object[types.size()];
        for (int i = 0; i < order.length; i++) {
            if (raw.get(i) == null) {
                throw mismatch(position);
            }
            try {
                order[i] = JdbcTypes.fromJson(types.get(i), raw.get(i));
            } catch (IllegalArgumentException e) {
                throw mismatch(position);
            }
        }
        return order;
    }

    private RuntimeException mismatch(Position position) {
        return JdbcErrors.invalid("position " + position.values() + " does not fit a read ordered by " + types
                + (watermarkFirst ? " (watermark first)" : "") + "; was the key or the incremental mode changed?");
    }
}
