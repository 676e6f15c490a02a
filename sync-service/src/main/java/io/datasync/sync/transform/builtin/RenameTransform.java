package io.datasync.sync.transform.builtin;

import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.transform.spi.TransformException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code rename: {old: new}}: renames columns, keys included. Values do not change, so the rows are passed on as they
 * are and only the schema is new.
 */
final class RenameTransform extends RowTransform<Void> {

    private final Map<String, String> renames;

    RenameTransform(Map<String, String> renames) {
        super("rename");
        if (renames.isEmpty()) {
            throw new IllegalArgumentException("rename needs at least one column");
        }
        this.renames = new LinkedHashMap<>(renames);
    }

    @Override
    Bound<Void> bind(Schema input) {
        renames.keySet().forEach(old -> require(input, old));
        List<Column> columns = new ArrayList<>(input.size());
        for (Column column : input.columns()) {
            columns.add(column.withName(renames.getOrDefault(column.name(), column.name())));
        }
        List<String> keys =
                input.keys().stream().map(key -> renames.getOrDefault(key, key)).toList();
        try {
            return new Bound<>(input, new Schema(columns, keys), null);
        } catch (IllegalArgumentException e) {
            throw new TransformException(
                    "rename " + renames + " does not fit the columns " + input.names() + ": " + e.getMessage());
        }
    }

    @Override
    Object[] apply(Void plan, Object[] row) {
        return row;
    }

    @Override
    public Result apply(Chunk chunk) {
        return Result.allRows(chunk.with(outputSchema(chunk.schema()), chunk.rows()));
    }
}
