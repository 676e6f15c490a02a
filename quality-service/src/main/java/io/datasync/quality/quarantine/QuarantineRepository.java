package io.datasync.quality.quarantine;

import io.datasync.models.event.QualityEvent;
import io.datasync.models.quality.QuarantinedRow;
import io.datasync.models.quality.Violation;
import io.datasync.quality.QualityJson;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Quarantine entries and replays in PostgreSQL; callers hold the transaction. */
@Repository
public class QuarantineRepository {

    /** What a list is narrowed to; null members narrow nothing. */
    public record Filter(String job, String run, String rule, QuarantineStatus status) {}

    /** A replay as recorded when it was requested, with its answer once the sync engine gave one. */
    public record Replay(
            UUID id,
            String jobId,
            int rows,
            int batches,
            String requestedBy,
            Instant requestedAt,
            String errorCode,
            String error,
            Instant answeredAt) {}

    private static final String COLUMNS = "id, job_id, run_id, job_version, rule_set, rule_set_version,"
            + " row_key::text AS row_key, row_data::text AS row_data, fixed_row::text AS fixed_row,"
            + " violations::text AS violations, status, replay_id, replayed_at, created_at, updated_at, last_error";

    private final JdbcTemplate jdbc;

    public QuarantineRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores a chunk's quarantined rows, each once by its id (the gate keeps ids stable for the same row of the same
     * chunk).
     *
     * @return how many were new
     */
    public int insert(QualityEvent.ChunkChecked chunk, Instant now) {
        int added = 0;
        for (QuarantinedRow row : chunk.quarantined()) {
            LinkedHashSet<String> checks = new LinkedHashSet<>();
            row.violations().stream().map(Violation::check).forEach(checks::add);
            added += jdbc.update(connection -> {
                var statement = connection.prepareStatement("INSERT INTO quarantine_entry (id, job_id, run_id,"
                        + " job_version, rule_set, rule_set_version, chunk_id, row_key, row_data, violations,"
                        + " checks, status, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, 'open', ?, ?)"
                        + " ON CONFLICT (id) DO NOTHING");
                statement.setString(1, row.id());
                statement.setString(2, chunk.jobId());
                statement.setString(3, chunk.runId());
                statement.setLong(4, chunk.jobVersion());
                statement.setString(5, chunk.ruleSet());
                statement.setLong(6, chunk.ruleSetVersion());
                statement.setString(7, chunk.chunkId());
                statement.setString(8, QualityJson.write(row.key()));
                statement.setString(9, QualityJson.write(row.row()));
                statement.setString(10, QualityJson.write(row.violations()));
                statement.setArray(11, connection.createArrayOf("text", checks.toArray()));
                statement.setTimestamp(12, Timestamp.from(now));
                statement.setTimestamp(13, Timestamp.from(now));
                return statement;
            });
        }
        return added;
    }

    public Optional<QuarantineEntry> find(String id) {
        return jdbc
                .query("SELECT " + COLUMNS + " FROM quarantine_entry WHERE id = ?", QuarantineRepository::entry, id)
                .stream()
                .findFirst();
    }

    /** Locks and reads one entry. */
    public Optional<QuarantineEntry> lock(String id) {
        return jdbc
                .query(
                        "SELECT " + COLUMNS + " FROM quarantine_entry WHERE id = ? FOR UPDATE",
                        QuarantineRepository::entry,
                        id)
                .stream()
                .findFirst();
    }

    /** Locks and reads entries of one job by id, in the order of {@code ids}' first appearance. */
    public List<QuarantineEntry> lock(String jobId, Collection<String> ids) {
        return jdbc.query(
                connection -> {
                    var statement = connection.prepareStatement("SELECT " + COLUMNS + " FROM quarantine_entry"
                            + " WHERE job_id = ? AND id = ANY (?) ORDER BY created_at, id FOR UPDATE");
                    statement.setString(1, jobId);
                    statement.setArray(2, connection.createArrayOf("text", ids.toArray()));
                    return statement;
                },
                QuarantineRepository::entry);
    }

    /** Locks and reads every entry of a job in a status, oldest first. */
    public List<QuarantineEntry> lockByStatus(String jobId, QuarantineStatus status) {
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM quarantine_entry WHERE job_id = ? AND status = ?"
                        + " ORDER BY created_at, id FOR UPDATE",
                QuarantineRepository::entry,
                jobId,
                status.toString());
    }

    /** Newest first. */
    public List<QuarantineEntry> list(Filter filter, int page, int size) {
        List<Object> args = new ArrayList<>();
        String where = where(filter, args);
        args.add(size);
        args.add((long) page * size);
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM quarantine_entry" + where
                        + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
                QuarantineRepository::entry,
                args.toArray());
    }

    public long count(Filter filter) {
        List<Object> args = new ArrayList<>();
        Long count = jdbc.queryForObject(
                "SELECT count(*) FROM quarantine_entry" + where(filter, args), Long.class, args.toArray());
        return count == null ? 0 : count;
    }

    private static String where(Filter filter, List<Object> args) {
        List<String> conditions = new ArrayList<>();
        if (filter.job() != null) {
            conditions.add("job_id = ?");
            args.add(filter.job());
        }
        if (filter.run() != null) {
            conditions.add("run_id = ?");
            args.add(filter.run());
        }
        if (filter.rule() != null) {
            conditions.add("? = ANY (checks)");
            args.add(filter.rule());
        }
        if (filter.status() != null) {
            conditions.add("status = ?");
            args.add(filter.status().toString());
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    /** Saves an operator's fix: the fixed row, status {@code fixed}. */
    public void saveFix(String id, String fixedRowJson, Instant now) {
        jdbc.update(
                "UPDATE quarantine_entry SET fixed_row = ?::jsonb, status = 'fixed', updated_at = ? WHERE id = ?",
                fixedRowJson,
                Timestamp.from(now),
                id);
    }

    /** Marks entries {@code discarded}, only where they are {@code open} or {@code fixed}; how many were. */
    public int discard(String jobId, Collection<String> ids, Instant now) {
        return jdbc.update(connection -> {
            var statement = connection.prepareStatement("UPDATE quarantine_entry SET status = 'discarded',"
                    + " updated_at = ? WHERE job_id = ? AND id = ANY (?) AND status IN ('open', 'fixed')");
            statement.setTimestamp(1, Timestamp.from(now));
            statement.setString(2, jobId);
            statement.setArray(3, connection.createArrayOf("text", ids.toArray()));
            return statement;
        });
    }

    public void markReplaying(Collection<String> ids, UUID replayId, Instant now) {
        jdbc.update(connection -> {
            var statement = connection.prepareStatement("UPDATE quarantine_entry SET status = 'replaying',"
                    + " replay_id = ?, updated_at = ? WHERE id = ANY (?)");
            statement.setObject(1, replayId);
            statement.setTimestamp(2, Timestamp.from(now));
            statement.setArray(3, connection.createArrayOf("text", ids.toArray()));
            return statement;
        });
    }

    /** Entries of a replay the target now has: {@code replayed}. Only those still replaying with it change. */
    public int markReplayed(UUID replayId, Collection<String> ids, Instant now) {
        return jdbc.update(connection -> {
            var statement = connection.prepareStatement("UPDATE quarantine_entry SET status = 'replayed',"
                    + " replayed_at = ?, last_error = NULL, updated_at = ?"
                    + " WHERE replay_id = ? AND status = 'replaying' AND id = ANY (?)");
            statement.setTimestamp(1, Timestamp.from(now));
            statement.setTimestamp(2, Timestamp.from(now));
            statement.setObject(3, replayId);
            statement.setArray(4, connection.createArrayOf("text", ids.toArray()));
            return statement;
        });
    }

    /** An entry of a replay the gate refused again: back to {@code open} with why. */
    public int markRefused(UUID replayId, String id, String reason, Instant now) {
        return jdbc.update(
                "UPDATE quarantine_entry SET status = 'open', last_error = ?, updated_at = ?"
                        + " WHERE replay_id = ? AND status = 'replaying' AND id = ?",
                reason,
                Timestamp.from(now),
                replayId,
                id);
    }

    /** A replay that wrote nothing: its entries still replaying go back to {@code fixed} with the error. */
    public int markReplayFailed(UUID replayId, String error, Instant now) {
        return jdbc.update(
                "UPDATE quarantine_entry SET status = 'fixed', last_error = ?, updated_at = ?"
                        + " WHERE replay_id = ? AND status = 'replaying'",
                error,
                Timestamp.from(now),
                replayId);
    }

    /** Deletes entries created before {@code cutoff}; how many. */
    public int deleteOlderThan(Instant cutoff) {
        return jdbc.update("DELETE FROM quarantine_entry WHERE created_at < ?", Timestamp.from(cutoff));
    }

    public void insertReplay(Replay replay) {
        jdbc.update(
                "INSERT INTO quarantine_replay (id, job_id, row_count, batches, requested_by, requested_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)",
                replay.id(),
                replay.jobId(),
                replay.rows(),
                replay.batches(),
                replay.requestedBy(),
                Timestamp.from(replay.requestedAt()));
    }

    public void answerReplay(UUID replayId, String errorCode, String error, Instant now) {
        jdbc.update(
                "UPDATE quarantine_replay SET answered_at = ?, error_code = COALESCE(?, error_code),"
                        + " error = COALESCE(?, error) WHERE id = ?",
                Timestamp.from(now),
                errorCode,
                error,
                replayId);
    }

    public Optional<Replay> findReplay(UUID id) {
        return jdbc
                .query(
                        "SELECT id, job_id, row_count, batches, requested_by, requested_at, error_code, error,"
                                + " answered_at FROM quarantine_replay WHERE id = ?",
                        (rs, n) -> new Replay(
                                rs.getObject("id", UUID.class),
                                rs.getString("job_id"),
                                rs.getInt("row_count"),
                                rs.getInt("batches"),
                                rs.getString("requested_by"),
                                rs.getTimestamp("requested_at").toInstant(),
                                rs.getString("error_code"),
                                rs.getString("error"),
                                instant(rs.getTimestamp("answered_at"))),
                        id)
                .stream()
                .findFirst();
    }

    /** How many entries that went out with a replay are in each status now. */
    public Map<String, Long> replayStatuses(UUID replayId) {
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        jdbc.query(
                "SELECT status, count(*) AS n FROM quarantine_entry WHERE replay_id = ? GROUP BY status ORDER BY status",
                rs -> {
                    counts.put(rs.getString("status"), rs.getLong("n"));
                },
                replayId);
        return counts;
    }

    private static QuarantineEntry entry(ResultSet rs, int row) throws SQLException {
        return new QuarantineEntry(
                rs.getString("id"),
                rs.getString("job_id"),
                rs.getString("run_id"),
                rs.getLong("job_version"),
                rs.getString("rule_set"),
                rs.getLong("rule_set_version"),
                QualityJson.tree(rs.getString("row_key")),
                QualityJson.tree(rs.getString("row_data")),
                QualityJson.tree(rs.getString("fixed_row")),
                QualityJson.tree(rs.getString("violations")),
                rs.getString("status"),
                rs.getObject("replay_id", UUID.class),
                instant(rs.getTimestamp("replayed_at")),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                rs.getString("last_error"));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
