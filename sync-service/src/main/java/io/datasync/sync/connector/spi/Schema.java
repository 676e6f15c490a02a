package io.datasync.sync.connector.spi;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The columns of every row of a chunk, in order: row values are {@code Object[]} indexed like {@link #columns()}.
 * One schema object is shared by all rows of a chunk instead of a map per row.
 *
 * @param keys the columns identifying a row (may be empty when the source has no key)
 */
public record Schema(List<Column> columns, List<String> keys) {

    public Schema {
        columns = List.copyOf(columns);
        keys = keys == null ? List.of() : List.copyOf(keys);
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            if (seen.put(columns.get(i).name(), i) != null) {
                throw new IllegalArgumentException("column " + columns.get(i).name() + " appears twice");
            }
        }
        for (String key : keys) {
            if (!seen.containsKey(key)) {
                throw new IllegalArgumentException("key column " + key + " is not a column of " + names(columns));
            }
        }
    }

    public int size() {
        return columns.size();
    }

    public Column column(int index) {
        return columns.get(index);
    }

    /** The position of a column, if the schema has it. */
    public OptionalInt indexOf(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    public List<String> names() {
        return names(columns);
    }

    /** A schema with the same keys (those still present) and other columns. */
    public Schema withColumns(List<Column> newColumns) {
        List<String> names = names(newColumns);
        return new Schema(newColumns, keys.stream().filter(names::contains).toList());
    }

    private static List<String> names(List<Column> columns) {
        List<String> names = new ArrayList<>(columns.size());
        columns.forEach(c -> names.add(c.name()));
        return names;
    }
}
