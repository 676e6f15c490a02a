package io.datasync.sync.connector.spi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * What a change-log micro-batch does besides upserting its rows: which values of a row the source did not send
 * (PostgreSQL leaves an unchanged TOASTed column out of an update), and which keys it deleted. A change-log reader folds
 * each key's changes within a batch (the last one wins), so a key is either upserted or deleted, never both, and the
 * order between keys does not matter. Null on every chunk that is not from a change log.
 *
 * @param unchanged per row of the chunk, the columns whose stored value must be kept; null when no row has any
 * @param keyColumns the source key the deletes are given by
 * @param deletes the deleted keys, values in the order of {@code keyColumns}
 * @param deletedAt per delete, when the source committed it
 * @param softDeleteColumn where a delete sets its commit time instead of deleting the row; null to delete rows
 */
public record RowChanges(
        List<Set<String>> unchanged,
        List<String> keyColumns,
        List<Object[]> deletes,
        List<Instant> deletedAt,
        String softDeleteColumn) {

    public static final RowChanges NONE = new RowChanges(null, List.of(), List.of(), List.of(), null);

    public RowChanges {
        unchanged = unchanged == null ? null : Collections.unmodifiableList(new ArrayList<>(unchanged));
        keyColumns = List.copyOf(keyColumns);
        deletes = List.copyOf(deletes);
        deletedAt = List.copyOf(deletedAt);
        if (deletes.size() != deletedAt.size()) {
            throw new IllegalArgumentException(deletes.size() + " deletes but " + deletedAt.size() + " commit times");
        }
        for (Object[] key : deletes) {
            if (key.length != keyColumns.size()) {
                throw new IllegalArgumentException("a deleted key has " + key.length + " values for " + keyColumns);
            }
        }
    }

    /** The columns of row {@code row} to keep as they are in the target; empty when the row is complete. */
    public Set<String> unchanged(int row) {
        if (unchanged == null) {
            return Set.of();
        }
        Set<String> kept = unchanged.get(row);
        return kept == null ? Set.of() : kept;
    }

    /** The same changes for the rows a transform kept: {@code inputRows[i]} is where output row i came from. */
    public RowChanges select(int[] inputRows) {
        if (unchanged == null) {
            return this;
        }
        List<Set<String>> kept = new ArrayList<>(inputRows.length);
        Arrays.stream(inputRows).forEach(i -> kept.add(unchanged.get(i)));
        return new RowChanges(kept, keyColumns, deletes, deletedAt, softDeleteColumn);
    }

    /** The deletes alone, for rows whose origin is unknown (a transform's output before it is mapped back). */
    RowChanges withoutRows() {
        return unchanged == null ? this : new RowChanges(null, keyColumns, deletes, deletedAt, softDeleteColumn);
    }
}
