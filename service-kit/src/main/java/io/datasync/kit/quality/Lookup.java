package io.datasync.kit.quality;

import java.util.Collection;
import java.util.Set;

/**
 * What the gate asks the target database, supplied by the caller (sync-service), so the gate itself does no I/O. The
 * gate calls it at most once per check per chunk, with the chunk's distinct non-null values, possibly from several
 * threads at once (a session's chunks are applied concurrently). An exception it throws is not caught: the chunk's
 * {@code apply} fails with it, and the caller decides whether to retry.
 */
@FunctionalInterface
public interface Lookup {

    /**
     * The subset of {@code values} present in {@code table.column} of the target database.
     *
     * @param table a table name ({@link io.datasync.models.job.SqlIdentifiers#isTable}), or null for the job's target
     *     table
     * @param values the values, as the rows hold them (the Java class of the column's type)
     * @return elements of {@code values} (or values equal to them) that the table holds
     */
    Set<Object> present(String table, String column, Collection<Object> values);

    /** For a gate that must not reach a database: any use throws {@link IllegalStateException}. */
    Lookup NONE = (table, column, values) -> {
        throw new IllegalStateException("no target lookup");
    };
}
