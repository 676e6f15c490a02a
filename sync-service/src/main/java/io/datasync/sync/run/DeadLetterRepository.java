package io.datasync.sync.run;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** SQL of {@code sync_dead_letter}: a stream job's refused records, newest first, kept for a retention period. */
@Repository
public class DeadLetterRepository {

    /** A dead letter as stored. */
    public record Stored(String locator, UUID runId, String reason, Instant createdAt, byte[] raw) {}

    private final JdbcTemplate jdbc;

    DeadLetterRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores a micro-batch's dead letters; one already stored under its locator (the same batch read again after a
     * rewind) stays as it is. They are stamped {@code now} plus one microsecond per letter, so that each has its own
     * time and a page that ends in the middle of a batch continues with the rest of it ({@code before}).
     */
    void save(String jobId, UUID runId, List<DeadLetter> letters, Instant now) {
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        jdbc.batchUpdate(
                "INSERT INTO sync_dead_letter (job_id, run_id, locator, raw, reason, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                new BatchPreparedStatementSetter() {
                    @Override
                    public void setValues(PreparedStatement ps, int i) throws SQLException {
                        DeadLetter letter = letters.get(i);
                        ps.setString(1, jobId);
                        ps.setObject(2, runId);
                        ps.setString(3, letter.locator());
                        ps.setBytes(4, letter.raw());
                        ps.setString(5, letter.reason());
                        ps.setTimestamp(6, Timestamp.from(at.plus(i, ChronoUnit.MICROS)));
                    }

                    @Override
                    public int getBatchSize() {
                        return letters.size();
                    }
                });
    }

    /** The job's dead letters stored before {@code before} (all when null), newest first, at most {@code limit}. */
    List<Stored> page(String jobId, int limit, Instant before) {
        String sql = "SELECT locator, run_id, reason, created_at, raw FROM sync_dead_letter WHERE job_id = ?"
                + (before == null ? "" : " AND created_at < ?")
                + " ORDER BY created_at DESC, locator DESC LIMIT ?";
        Object[] args =
                before == null ? new Object[] {jobId, limit} : new Object[] {jobId, Timestamp.from(before), limit};
        return jdbc.query(
                sql,
                (rs, n) -> new Stored(
                        rs.getString(1),
                        rs.getObject(2, UUID.class),
                        rs.getString(3),
                        rs.getTimestamp(4).toInstant(),
                        rs.getBytes(5)),
                args);
    }

    /** Deletes the dead letters stored before {@code cutoff}; returns how many. */
    int purgeBefore(Instant cutoff) {
        return jdbc.update("DELETE FROM sync_dead_letter WHERE created_at < ?", Timestamp.from(cutoff));
    }
}
