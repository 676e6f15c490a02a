package io.datasync.sync.connector.spi;

import java.util.List;

/**
 * A batch of rows read from one split, with the position after its last row. Chunks are immutable by contract:
 * transforms build new ones instead of changing the rows of the one they received.
 *
 * @param rows values indexed like {@code schema.columns()}
 * @param position where to resume after this chunk has been written
 * @param bytes an estimate of the chunk's size, for the bytes/s limit and metrics
 * @param rejected records between the previous chunk's position and this one's that could not become rows; a chunk may
 *     hold only these (no rows) when a stretch of the source is all bad
 * @param changes for a change log, the kept values and deleted keys beside the upserted rows; null otherwise
 */
public record Chunk(
        Schema schema,
        List<Object[]> rows,
        Position position,
        long bytes,
        List<RejectedRecord> rejected,
        RowChanges changes) {

    public Chunk {
        rows = List.copyOf(rows);
        rejected = rejected == null ? List.of() : List.copyOf(rejected);
        int columns = schema.size();
        for (Object[] row : rows) {
            if (row.length != columns) {
                throw new IllegalArgumentException(
                        "a row has " + row.length + " values but the schema has " + columns + " columns");
            }
        }
        if (changes != null
                && changes.unchanged() != null
                && changes.unchanged().size() != rows.size()) {
            throw new IllegalArgumentException(
                    changes.unchanged().size() + " unchanged-column sets for " + rows.size() + " rows");
        }
    }

    public Chunk(Schema schema, List<Object[]> rows, Position position, long bytes, List<RejectedRecord> rejected) {
        this(schema, rows, position, bytes, rejected, null);
    }

    public Chunk(Schema schema, List<Object[]> rows, Position position, long bytes) {
        this(schema, rows, position, bytes, List.of());
    }

    public int size() {
        return rows.size();
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /**
     * The same rows under another schema and with other rows, keeping the position, size estimate, rejects and deletes;
     * which new row keeps which columns is not known here, see {@link #withChanges}.
     */
    public Chunk with(Schema newSchema, List<Object[]> newRows) {
        return new Chunk(newSchema, newRows, position, bytes, rejected, changes == null ? null : changes.withoutRows());
    }

    /** The same rows with {@code newChanges}. */
    public Chunk withChanges(RowChanges newChanges) {
        return new Chunk(schema, rows, position, bytes, rejected, newChanges);
    }
}
