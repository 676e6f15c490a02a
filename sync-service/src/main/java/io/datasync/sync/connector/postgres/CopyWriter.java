package io.datasync.sync.connector.postgres;

import static io.datasync.sync.connector.postgres.TargetTable.columnList;
import static io.datasync.sync.connector.postgres.TargetTable.execute;
import static io.datasync.sync.connector.postgres.TargetTable.quote;

import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.RowChanges;
import io.datasync.sync.connector.spi.Schema;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Puts a chunk's rows into the table the sink writes to, inside the caller's transaction: by COPY straight into it
 * while no row can clash with one already there, otherwise by COPY into a per-session staging table and one set-based
 * {@code INSERT … ON CONFLICT}. COPY is binary when every value already has its column's exact type, text otherwise.
 */
final class CopyWriter {

    /** Chunks estimated up to this size are encoded in binary into one buffer; larger ones are streamed. */
    static final long BUFFERED_CHUNK_BYTES = 16L << 20;

    private static final int FLUSH_CHARS = 1 << 16;
    /** The staging column holding each row's place in its chunk; a dot keeps it apart from any job's column names. */
    private static final String ROW_COLUMN = quote("datasync.row");

    private static final String UNIQUE_VIOLATION = "23505";

    /** The quoted name of the table written to: the target, or an overwrite's shadow. */
    private final String table;
    /** The columns the sink was prepared for. */
    private final List<String> prepared;
    /** The keys ON CONFLICT arbitrates on; empty for an append. */
    private final List<String> upsertKeys;

    private final boolean upsert;
    /** The table's {@code typname} by column name, for binary COPY. */
    private final Map<String, String> types;

    private final String staging;
    private final String createStaging;
    /**
     * Whether chunks still COPY straight into the table; once false, it stays false for the rest of the run. Always
     * true for an append, which has no key that could clash.
     */
    private final AtomicBoolean direct;

    /**
     * @param table the table written to
     * @param schema the rows' schema the sink was prepared for
     * @param upsertKeys the keys to upsert on, backed by a unique index on exactly them; empty to append
     * @param direct whether to start by COPYing straight into the table: always for an append, for an upsert only
     *     while the table is empty
     * @param types the table's column types ({@link TargetTable#columnTypes})
     * @param shape the table's columns with their full types ({@link TargetTable#shape}), naming the staging table
     */
    CopyWriter(
            TargetTable table,
            Schema schema,
            List<String> upsertKeys,
            boolean direct,
            Map<String, String> types,
            String shape) {
        this.table = table.sql();
        this.prepared = schema.names();
        this.upsertKeys = upsertKeys;
        this.upsert = !upsertKeys.isEmpty();
        if (!upsert && !direct) {
            throw new IllegalArgumentException("an append always COPies straight into the table");
        }
        this.types = types;
        this.direct = new AtomicBoolean(direct);
        // Sessions of a shared pool serve every job writing to this database, and keep their temp tables across runs:
        // each target gets a staging table of its own shape, named after the table, the columns written and the
        // table's column types, so a column retyped between runs never meets a session's staging table of the old
        // type.
        this.staging = "datasync_staging_"
                + Integer.toHexString((this.table + "|" + String.join(",", prepared) + "|" + shape).hashCode());
        // From the table's column types (not LIKE it), so the staging columns carry no constraints: NOT NULL and the
        // like are checked once, on the table, and columns the rows lack keep their defaults there.
        this.createStaging = "CREATE TEMP TABLE IF NOT EXISTS " + staging + " ON COMMIT DELETE ROWS AS SELECT "
                + columnList(prepared) + ", 0::bigint AS " + ROW_COLUMN + " FROM " + this.table + " WITH NO DATA";
    }

    /** Whether rows are upserted by key (so writing them twice leaves one row per key) rather than appended. */
    boolean upsert() {
        return upsert;
    }

    /**
     * Refuses a chunk with columns the sink was not prepared for, or, for an upsert, without every key column.
     *
     * @param display the target table, for the message
     */
    void checkColumns(List<String> names, String display) {
        List<String> unknown = names.stream().filter(n -> !prepared.contains(n)).toList();
        if (!unknown.isEmpty()) {
            throw PostgresSinkError.MISSING_COLUMNS.exception(
                    "the chunk has columns " + unknown + " that were not prepared for " + display);
        }
        if (upsert && !names.containsAll(upsertKeys)) {
            throw PostgresSinkError.MISSING_COLUMNS.exception(
                    "the chunk lacks key columns " + upsertKeys + " needed to upsert into " + display);
        }
    }

    /**
     * Writes a chunk's rows. The fast path COPYs them straight into the table: always for appends, and for upserts
     * while the table started empty and no key has clashed yet, since a row whose key is new needs no ON CONFLICT.
     * Otherwise through the staging table and one set-based INSERT … ON CONFLICT per chunk.
     *
     * @param doing what the sink is doing, for messages
     * @param direct {@link #direct()} as read before this attempt: another writer of the run may turn it off meanwhile
     * @return rows inserted or updated (for upsert, rows sharing a key count once)
     */
    long write(Connection c, Chunk chunk, String doing, boolean direct) throws SQLException {
        String columns = columnList(chunk.schema().names());
        if (direct) {
            copy(c, chunk, "COPY " + table + " (" + columns + ") FROM STDIN", doing, false);
            return chunk.size();
        }
        execute(c, createStaging);
        copy(c, chunk, "COPY pg_temp." + staging + " (" + columns + ", " + ROW_COLUMN + ") FROM STDIN", doing, true);
        try (Statement st = c.createStatement()) {
            return st.executeLargeUpdate(moveSql(chunk.schema().names()));
        }
    }

    /**
     * Applies a change-log micro-batch in the caller's transaction: its complete rows as any upsert ({@link #write}), its
     * rows with kept columns through staging with an {@code ON CONFLICT} update that leaves those columns alone (one
     * statement per distinct set of kept columns), and its deleted keys through staging and one {@code DELETE … USING}.
     * The reader folded each key's changes, so no key is both upserted and deleted here.
     *
     * @return rows inserted, updated or deleted
     */
    long writeChanges(Connection c, Chunk chunk, String doing, boolean direct) throws SQLException {
        RowChanges changes = chunk.changes();
        List<Object[]> complete = new ArrayList<>(chunk.size());
        Map<Set<String>, List<Object[]>> partial = new LinkedHashMap<>();
        for (int i = 0; i < chunk.size(); i++) {
            Set<String> kept = changes.unchanged(i);
            if (kept.isEmpty()) {
                complete.add(chunk.rows().get(i));
            } else {
                partial.computeIfAbsent(kept, k -> new ArrayList<>())
                        .add(chunk.rows().get(i));
            }
        }
        long written = complete.isEmpty() ? 0 : write(c, chunk.with(chunk.schema(), complete), doing, direct);
        boolean staged = !direct && !complete.isEmpty();
        for (Map.Entry<Set<String>, List<Object[]>> group : partial.entrySet()) {
            Chunk rows = chunk.with(chunk.schema(), group.getValue());
            stage(c, rows, doing, staged);
            staged = true;
            List<String> names = chunk.schema().names();
            List<String> updated =
                    names.stream().filter(n -> !group.getKey().contains(n)).toList();
            try (Statement st = c.createStatement()) {
                written += st.executeLargeUpdate(moveSql(names, updated));
            }
        }
        if (!changes.deletes().isEmpty()) {
            written += delete(c, chunk, changes, doing, staged);
        }
        return written;
    }

    /** Deletes the batch's keys: staged by the target's key columns, then one {@code DELETE … USING}. */
    private long delete(Connection c, Chunk chunk, RowChanges changes, String doing, boolean staged)
            throws SQLException {
        List<String> keys = changes.keyColumns();
        if (!keys.containsAll(upsertKeys)) {
            throw PostgresSinkError.MISSING_COLUMNS.exception("the target's keys " + upsertKeys
                    + " are not the source's key " + keys + ", by which a change log deletes rows; key the"
                    + " target by the source table's primary key");
        }
        List<Column> columns = new ArrayList<>(keys.size());
        for (String key : keys) {
            var index = chunk.schema().indexOf(key);
            columns.add(
                    index.isPresent()
                            ? chunk.schema().column(index.getAsInt())
                            : new Column(key, io.datasync.sync.connector.spi.DataType.TEXT, false, 0, 0));
        }
        String soft = changes.softDeleteColumn();
        List<Object[]> rows = changes.deletes();
        if (soft != null) {
            // the key and the delete's commit time, for an UPDATE instead of a DELETE
            columns.add(new Column(soft, io.datasync.sync.connector.spi.DataType.TIMESTAMPTZ, true, 0, 0));
            rows = new ArrayList<>(changes.deletes().size());
            for (int i = 0; i < changes.deletes().size(); i++) {
                Object[] key = changes.deletes().get(i);
                Object[] row = java.util.Arrays.copyOf(key, key.length + 1);
                row[key.length] = changes.deletedAt().get(i).atOffset(java.time.ZoneOffset.UTC);
                rows.add(row);
            }
        }
        Chunk keyRows = new Chunk(new Schema(columns, keys), rows, chunk.position(), 24L * rows.size());
        stage(c, keyRows, doing, staged);
        String on = upsertKeys.stream()
                .map(k -> "t." + quote(k) + " = s." + quote(k))
                .collect(Collectors.joining(" AND "));
        try (Statement st = c.createStatement()) {
            return st.executeLargeUpdate(
                    soft == null
                            ? "DELETE FROM " + table + " t USING pg_temp." + staging + " s WHERE " + on
                            : "UPDATE " + table + " t SET " + quote(soft) + " = s." + quote(soft) + " FROM pg_temp."
                                    + staging + " s WHERE " + on);
        }
    }

    /** COPYs rows into the (emptied, if it holds this transaction's earlier rows) staging table. */
    private void stage(Connection c, Chunk rows, String doing, boolean holdsRows) throws SQLException {
        execute(c, createStaging);
        if (holdsRows) {
            execute(c, "TRUNCATE pg_temp." + staging);
        }
        copy(
                c,
                rows,
                "COPY pg_temp." + staging + " (" + columnList(rows.schema().names()) + ", " + ROW_COLUMN
                        + ") FROM STDIN",
                doing,
                true);
    }

    /** Whether the next chunk is to COPY straight into the table; read once per attempt and passed to write. */
    boolean direct() {
        return direct.get();
    }

    /**
     * Whether a chunk that failed with {@code e} (its transaction rolled back) is to be written again: a key clash of
     * an upsert attempt that COPYd straight into the table — a key the table already holds, one the chunk repeats, or
     * one another split's writer put there meanwhile — sends this chunk and every later one through staging and ON
     * CONFLICT. A clash on an attempt that was already staged is a real constraint violation and is not retried.
     *
     * @param wasDirect whether the failed attempt COPYd straight into the table
     */
    boolean fallBackToStaging(SQLException e, boolean wasDirect) {
        if (!upsert || !wasDirect || !UNIQUE_VIOLATION.equals(e.getSQLState())) {
            return false;
        }
        direct.set(false);
        return true;
    }

    /** The one set-based statement moving staged rows into the table: an upsert, as only upserts are staged. */
    private String moveSql(List<String> names) {
        return moveSql(names, names);
    }

    /** As {@link #moveSql(List)}, updating only {@code updated} of an existing row's columns. */
    private String moveSql(List<String> names, List<String> updated) {
        String columns = columnList(names);
        String keys = columnList(upsertKeys);
        List<String> updates = updated.stream()
                .filter(n -> !upsertKeys.contains(n))
                .map(n -> quote(n) + " = EXCLUDED." + quote(n))
                .collect(Collectors.toCollection(ArrayList::new));
        if (updates.isEmpty()) {
            // Only key columns: a no-op update still counts the existing row as written, as for any other table.
            String key = quote(upsertKeys.get(0));
            updates.add(key + " = EXCLUDED." + key);
        }
        return "INSERT INTO " + table + " (" + columns + ") SELECT DISTINCT ON (" + keys + ") " + columns
                + " FROM pg_temp." + staging + " ORDER BY " + keys + ", " + ROW_COLUMN + " DESC ON CONFLICT (" + keys
                + ") DO UPDATE SET " + String.join(", ", updates);
    }

    /**
     * Writes the chunk with COPY: in binary when every value already has its column's exact type, as text otherwise.
     * A chunk of up to {@link #BUFFERED_CHUNK_BYTES} is checked and encoded in one pass into one buffer; a larger one
     * is checked first and then streamed a buffer at a time, as text always is, so it is never held twice in memory.
     *
     * @param ordinals whether each row ends with its place in the chunk (for the staging table's row column)
     */
    private void copy(Connection c, Chunk chunk, String sql, String doing, boolean ordinals) throws SQLException {
        BinaryCopy.Encoder[] encoders = BinaryCopy.encoders(chunk.schema().names(), types);
        if (encoders != null) {
            // the size estimate plus each tuple's field count and lengths
            long sizeHint = chunk.bytes() + (long) chunk.size() * (2 + 4L * (encoders.length + 3));
            if (sizeHint <= BUFFERED_CHUNK_BYTES) {
                BinaryCopy.Buffer binary = BinaryCopy.encode(encoders, chunk.rows(), ordinals, sizeHint);
                if (binary != null) {
                    copyBinary(c, sql + " (FORMAT binary)", binary);
                    return;
                }
            } else if (BinaryCopy.accepts(encoders, chunk.rows())) {
                streamBinary(c, chunk, sql + " (FORMAT binary)", encoders, ordinals);
                return;
            }
        }
        String[] names = chunk.schema().names().toArray(String[]::new);
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            StringBuilder text = new StringBuilder(FLUSH_CHARS + 1024);
            long ordinal = 0;
            for (Object[] row : chunk.rows()) {
                try {
                    if (ordinals) {
                        CopyText.appendRow(text, row, names, ordinal);
                    } else {
                        CopyText.appendRow(text, row, names);
                    }
                    ordinal++;
                } catch (IllegalArgumentException e) {
                    throw PostgresSinkError.DATA.exception(
                            doing + ": row " + (ordinal + 1) + " of the chunk: " + e.getMessage());
                }
                if (text.length() >= FLUSH_CHARS) {
                    flush(copy, text);
                }
            }
            flush(copy, text);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                cancelQuietly(copy);
            }
        }
    }

    /** A chunk encoded by {@link BinaryCopy#encode}: every value already of its column's exact type. */
    private static void copyBinary(Connection c, String sql, BinaryCopy.Buffer binary) throws SQLException {
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            copy.writeToCopy(binary.array(), 0, binary.size());
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                cancelQuietly(copy);
            }
        }
    }

    /** A large chunk that {@link BinaryCopy#accepts}, encoded and sent a buffer at a time. */
    private static void streamBinary(
            Connection c, Chunk chunk, String sql, BinaryCopy.Encoder[] encoders, boolean ordinals)
            throws SQLException {
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            BinaryCopy.Buffer buffer = new BinaryCopy.Buffer();
            buffer.write(BinaryCopy.HEADER);
            long ordinal = 0;
            for (Object[] row : chunk.rows()) {
                BinaryCopy.appendRow(buffer, encoders, row, ordinals ? ordinal++ : -1);
                if (buffer.size() >= FLUSH_CHARS) {
                    copy.writeToCopy(buffer.array(), 0, buffer.size());
                    buffer.clear();
                }
            }
            buffer.int16(-1);
            copy.writeToCopy(buffer.array(), 0, buffer.size());
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                cancelQuietly(copy);
            }
        }
    }

    private static void flush(CopyIn copy, StringBuilder text) throws SQLException {
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        text.setLength(0);
    }

    private static void cancelQuietly(CopyIn copy) {
        try {
            copy.cancelCopy();
        } catch (SQLException ignored) {
            // Only reached while an error is already propagating; the rollback that follows discards the COPY.
        }
    }
}
