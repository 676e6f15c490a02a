package io.datasync.sync.connector.postgres;

import static io.datasync.sync.connector.postgres.TargetTable.execute;
import static io.datasync.sync.connector.postgres.TargetTable.quote;

import io.datasync.sync.connector.spi.Checkpoint;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.PositionUpdate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job's checkpoints in the {@code datasync_checkpoint} table of the target's schema, one row per split with its
 * position as JSON. Every statement runs in the caller's transaction, so a checkpoint saved with a chunk commits (or
 * rolls back) with the chunk's rows.
 */
final class CheckpointStore {

    static final String TABLE = "datasync_checkpoint";

    private static final TypeReference<Map<String, Object>> POSITION_MAP = new TypeReference<>() {};
    /** Integers come back as Long whatever they were written as, so a position compares equal after a round trip. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .build();

    private final String jobId;
    private final String table;
    private final String saveSql;
    private final String readSql;
    private final String compareAndSetSql;
    private final String insertIfAbsentSql;

    /**
     * @param schema the target table's schema, which holds the checkpoints
     * @param jobId the job whose checkpoints {@link #any} and {@link #deleteAll} look at
     */
    CheckpointStore(String schema, String jobId) {
        this.jobId = jobId;
        this.table = quote(schema) + "." + quote(TABLE);
        this.saveSql = "INSERT INTO " + table
                + " (job_id, split_id, position, rows_written, updated_at) VALUES (?, ?, ?::jsonb, ?, now())"
                + " ON CONFLICT (job_id, split_id) DO UPDATE SET position = EXCLUDED.position,"
                + " rows_written = EXCLUDED.rows_written, updated_at = EXCLUDED.updated_at";
        this.readSql = "SELECT position::text, rows_written FROM " + table + " WHERE job_id = ? AND split_id = ?";
        // jsonb equality ignores key order and whitespace, so a position read back compares equal to what was stored
        this.compareAndSetSql = "UPDATE " + table + " SET position = ?::jsonb, rows_written = rows_written + ?,"
                + " updated_at = now() WHERE job_id = ? AND split_id = ? AND position = ?::jsonb";
        this.insertIfAbsentSql = "INSERT INTO " + table
                + " (job_id, split_id, position, rows_written, updated_at) VALUES (?, ?, ?::jsonb, ?, now())"
                + " ON CONFLICT (job_id, split_id) DO NOTHING";
    }

    /** Creates the checkpoint table when the schema has none yet; jobs writing to the schema share it. */
    void create(Connection c) throws SQLException {
        execute(
                c,
                "CREATE TABLE IF NOT EXISTS " + table + " (job_id text NOT NULL, split_id text NOT NULL,"
                        + " position jsonb NOT NULL, rows_written bigint NOT NULL,"
                        + " updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (job_id, split_id))");
    }

    /**
     * The split's committed checkpoint. The position went through JSON: integers come back as {@code Long} (or
     * {@code BigInteger}), decimals as {@code Double}.
     */
    Optional<Checkpoint> read(Connection c, String jobId, String splitId) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(readSql)) {
            st.setString(1, jobId);
            st.setString(2, splitId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Checkpoint(jobId, splitId, fromJson(rs.getString(1)), rs.getLong(2)))
                        : Optional.empty();
            }
        }
    }

    /** Inserts or replaces the split's checkpoint, in the transaction of the chunk it belongs to. */
    void save(Connection c, Checkpoint checkpoint) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(saveSql)) {
            st.setString(1, checkpoint.jobId());
            st.setString(2, checkpoint.splitId());
            st.setString(3, toJson(checkpoint));
            st.setLong(4, checkpoint.rowsWritten());
            st.executeUpdate();
        }
    }

    /**
     * Moves a stream split's position from {@code expected} to {@code next}, in the caller's transaction: an
     * {@code UPDATE … WHERE position = expected}, or for a split never committed ({@code expected} null) an
     * {@code INSERT … ON CONFLICT DO NOTHING}. The row lock the statement takes orders concurrent writers of one split,
     * so of two readers that both resumed from {@code expected}, only the first to commit moves the position.
     *
     * @param scope the stream's checkpoint key ({@code <jobId>/stream}), stored as {@code job_id}
     * @return false when the split no longer holds {@code expected}: another reader moved it (or created it) first
     */
    boolean compareAndSet(Connection c, String scope, PositionUpdate update) throws SQLException {
        String next = toJson(update.splitId(), update.next());
        if (update.expected() == null) {
            try (PreparedStatement st = c.prepareStatement(insertIfAbsentSql)) {
                st.setString(1, scope);
                st.setString(2, update.splitId());
                st.setString(3, next);
                st.setLong(4, update.rows());
                return st.executeUpdate() == 1;
            }
        }
        try (PreparedStatement st = c.prepareStatement(compareAndSetSql)) {
            st.setString(1, next);
            st.setLong(2, update.rows());
            st.setString(3, scope);
            st.setString(4, update.splitId());
            st.setString(5, toJson(update.splitId(), update.expected()));
            return st.executeUpdate() == 1;
        }
    }

    /** The committed positions of a stream's splits; a split never committed is absent. */
    Map<String, Position> positions(Connection c, String scope, Collection<String> splitIds) throws SQLException {
        Map<String, Position> found = new LinkedHashMap<>();
        if (splitIds.isEmpty()) {
            return found;
        }
        try (PreparedStatement st = c.prepareStatement(
                "SELECT split_id, position::text FROM " + table + " WHERE job_id = ? AND split_id = ANY(?)")) {
            st.setString(1, scope);
            st.setArray(2, c.createArrayOf("text", splitIds.toArray()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(1), fromJson(rs.getString(2)));
                }
            }
        }
        return found;
    }

    /** Whether the job has any checkpoint, i.e. an earlier attempt committed a chunk. */
    boolean any(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT 1 FROM " + table + " WHERE job_id = ? LIMIT 1")) {
            st.setString(1, jobId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Forgets every checkpoint of the job, so that its next run starts from scratch. */
    void deleteAll(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("DELETE FROM " + table + " WHERE job_id = ?")) {
            st.setString(1, jobId);
            st.executeUpdate();
        }
    }

    private static String toJson(Checkpoint checkpoint) {
        return toJson(checkpoint.splitId(), checkpoint.position());
    }

    private static String toJson(String splitId, Position position) {
        try {
            return JSON.writeValueAsString(position.values());
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the position of split " + splitId + " is not plain JSON values", e);
        }
    }

    private static Position fromJson(String text) {
        Map<String, Object> values = new LinkedHashMap<>(JSON.readValue(text, POSITION_MAP));
        values.values().removeIf(v -> v == null);
        return new Position(values);
    }
}
