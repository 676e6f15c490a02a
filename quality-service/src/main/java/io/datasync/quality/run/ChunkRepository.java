package io.datasync.quality.run;

import io.datasync.models.event.QualityEvent;
import io.datasync.models.quality.QualityTally;
import io.datasync.quality.QualityJson;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The gate's tally per chunk of a run (or of a replay); callers hold the transaction. */
@Repository
public class ChunkRepository {

    /** A stored chunk tally with what the gate ran. */
    public record StoredChunk(
            String jobId,
            long jobVersion,
            String ruleSet,
            long ruleSetVersion,
            QualityTally tally,
            Instant createdAt) {}

    private final JdbcTemplate jdbc;

    public ChunkRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores a chunk's tally (part 0 of its event) once.
     *
     * @return false when the same chunk was stored before (a resumed run or a re-sent event)
     */
    public boolean insert(QualityEvent.ChunkChecked chunk, Instant now) {
        return jdbc.update(
                        "INSERT INTO quality_chunk (run_id, chunk_id, replay_id, job_id, job_version, rule_set,"
                                + " rule_set_version, tally, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)"
                                + " ON CONFLICT (run_id, chunk_id, replay_id) DO NOTHING",
                        chunk.runId(),
                        chunk.chunkId(),
                        chunk.replayId() == null ? "" : chunk.replayId(),
                        chunk.jobId(),
                        chunk.jobVersion(),
                        chunk.ruleSet(),
                        chunk.ruleSetVersion(),
                        QualityJson.write(chunk.tally()),
                        Timestamp.from(now))
                == 1;
    }

    /** The run's own chunks (not those of replays), in arrival order. */
    public List<StoredChunk> ofRun(String runId) {
        return jdbc.query(
                "SELECT job_id, job_version, rule_set, rule_set_version, tally::text AS tally, created_at"
                        + " FROM quality_chunk WHERE run_id = ? AND replay_id = '' ORDER BY created_at, chunk_id",
                (rs, n) -> new StoredChunk(
                        rs.getString("job_id"),
                        rs.getLong("job_version"),
                        rs.getString("rule_set"),
                        rs.getLong("rule_set_version"),
                        QualityJson.read(rs.getString("tally"), QualityTally.class),
                        rs.getTimestamp("created_at").toInstant()),
                runId);
    }
}
