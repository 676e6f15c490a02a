package io.datasync.models.job;

import java.util.List;
import java.util.Map;

/**
 * Where a job writes to.
 *
 * @param keys the columns identifying a row; required for {@code upsert}, and used by verification
 * @param createTable create the target table from the source schema when it does not exist
 * @param options connector-specific options, validated by the connector's declaration in the catalog
 */
public record TargetSpec(
        TargetType type,
        String connection,
        String table,
        WriteMode writeMode,
        List<String> keys,
        Boolean createTable,
        Map<String, Object> options) {

    public TargetSpec {
        Check.required(type, "type");
        Check.requiredText(connection, "connection");
        Check.requiredText(table, "table");
        writeMode = writeMode == null ? WriteMode.INSERT : writeMode;
        keys = keys == null ? List.of() : List.copyOf(keys);
        if (writeMode == WriteMode.UPSERT && keys.isEmpty()) {
            throw new InvalidFieldException("keys", "write mode upsert needs at least one key column");
        }
        createTable = createTable != null && createTable;
        options = options == null ? Map.of() : Map.copyOf(options);
    }
}
