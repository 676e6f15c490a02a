package io.datasync.quality.run;

import io.datasync.models.quality.QualityTally;
import io.datasync.quality.QualityJson;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;

/** Each ended run's quality record: how it ended and, once it has chunk tallies, its totals and score. */
@Repository
public class QualityRunRepository {

    /** How a run ended, as the sync engine said. */
    public record RunEnd(
            String jobId,
            String runId,
            String outcome,
            Long rowsRead,
            Long durationMs,
            String errorCode,
            Instant endedAt) {}

    /** A run's quality record; the totals and score fields are null until it is scored. */
    public record QualityRun(
            RunEnd end,
            Long jobVersion,
            String ruleSet,
            Long ruleSetVersion,
            QualityTally totals,
            QualityScore score,
            Instant scoredAt) {

        public boolean scored() {
            return score != null;
        }
    }

    private static final TypeReference<LinkedHashMap<String, Double>> SCORES = new TypeReference<>() {};

    private final JdbcTemplate jdbc;

    public QualityRunRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records a run's end once.
     *
     * @return false when this run's end was recorded before (a re-sent event)
     */
    public boolean recordEnd(RunEnd end) {
        return jdbc.update(
                        "INSERT INTO quality_run (run_id, job_id, outcome, rows_read, duration_ms, error_code, ended_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_id) DO NOTHING",
                        end.runId(),
                        end.jobId(),
                        end.outcome(),
                        end.rowsRead(),
                        end.durationMs(),
                        end.errorCode(),
                        Timestamp.from(end.endedAt()))
                == 1;
    }

    public void saveScore(String runId, RunTotals totals, QualityScore score, Instant now) {
        jdbc.update(
                "UPDATE quality_run SET job_version = ?, rule_set = ?, rule_set_version = ?, totals = ?::jsonb,"
                        + " score = ?, dimension_scores = ?::jsonb, weights = ?::jsonb, scored_at = ? WHERE run_id = ?",
                totals.jobVersion(),
                totals.ruleSet(),
                totals.ruleSetVersion(),
                QualityJson.write(totals.totals()),
                score.overall(),
                QualityJson.write(score.dimensions()),
                QualityJson.write(score.weights()),
                Timestamp.from(now),
                runId);
    }

    /**
     * Serializes, until the transaction ends, everything that changes one run's quality: its chunks arriving and its
     * end, which travel on different topics and may be handled by different instances at once.
     */
    public void serialize(String runId) {
        jdbc.queryForList("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", runId);
    }

    /** Locks and reads a run's record, so a late chunk and the run's end never score it at the same time. */
    public Optional<QualityRun> lock(String runId) {
        return jdbc.query(SELECT + " WHERE run_id = ? FOR UPDATE", QualityRunRepository::run, runId).stream()
                .findFirst();
    }

    public Optional<QualityRun> find(String runId) {
        return jdbc.query(SELECT + " WHERE run_id = ?", QualityRunRepository::run, runId).stream()
                .findFirst();
    }

    /** A job's runs, newest first. */
    public List<QualityRun> recent(String jobId, int limit) {
        return jdbc.query(
                SELECT + " WHERE job_id = ? ORDER BY ended_at DESC, run_id LIMIT ?",
                QualityRunRepository::run,
                jobId,
                limit);
    }

    /** A job's last {@code limit} scored runs, oldest first. */
    public List<QualityRun> scoredTrend(String jobId, int limit) {
        List<QualityRun> newestFirst = jdbc.query(
                SELECT + " WHERE job_id = ? AND score IS NOT NULL ORDER BY ended_at DESC, run_id LIMIT ?",
                QualityRunRepository::run,
                jobId,
                limit);
        List<QualityRun> oldestFirst = new java.util.ArrayList<>(newestFirst);
        java.util.Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    private static final String SELECT = "SELECT run_id, job_id, job_version, rule_set, rule_set_version, outcome,"
            + " rows_read, duration_ms, error_code, ended_at, totals::text AS totals, score,"
            + " dimension_scores::text AS dimension_scores, weights::text AS weights, scored_at FROM quality_run";

    private static QualityRun run(ResultSet rs, int row) throws SQLException {
        RunEnd end = new RunEnd(
                rs.getString("job_id"),
                rs.getString("run_id"),
                rs.getString("outcome"),
                rs.getObject("rows_read", Long.class),
                rs.getObject("duration_ms", Long.class),
                rs.getString("error_code"),
                rs.getTimestamp("ended_at").toInstant());
        String totals = rs.getString("totals");
        Double score = rs.getObject("score", Double.class);
        Timestamp scoredAt = rs.getTimestamp("scored_at");
        return new QualityRun(
                end,
                rs.getObject("job_version", Long.class),
                rs.getString("rule_set"),
                rs.getObject("rule_set_version", Long.class),
                totals == null ? null : QualityJson.read(totals, QualityTally.class),
                score == null
                        ? null
                        : new QualityScore(
                                score, scores(rs.getString("dimension_scores")), scores(rs.getString("weights"))),
                scoredAt == null ? null : scoredAt.toInstant());
    }

    private static Map<String, Double> scores(String json) {
        return json == null ? Map.of() : QualityJson.MAPPER.readValue(json, SCORES);
    }
}
