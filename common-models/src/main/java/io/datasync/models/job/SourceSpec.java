package io.datasync.models.job;

import java.util.Map;

/**
 * Where a job reads from.
 *
 * @param connection the name of a connection in config-service; required by every kind that has connections (which
 *     the connector catalog says), not by {@code push}, which receives data
 * @param table a table ({@code schema.table}), for kinds that read tables; exclusive with {@code query}
 * @param query a read-only SELECT, for kinds that read tables; exclusive with {@code table}
 * @param incremental never null: full reads when the definition has none
 * @param split null when the source is read as one split
 * @param options connector-specific options (HTTP path and pagination, file glob and format, topic…), validated by
 *     the connector's own option definitions in sync-service
 */
public record SourceSpec(
        SourceType type,
        String connection,
        String table,
        String query,
        IncrementalSpec incremental,
        SplitSpec split,
        Map<String, Object> options) {

    public SourceSpec {
        Check.required(type, "type");
        if (table != null && query != null) {
            throw new InvalidFieldException("query", "give either table or query, not both");
        }
        incremental = incremental == null ? IncrementalSpec.FULL : incremental;
        options = options == null ? Map.of() : Map.copyOf(options);
    }
}
