package io.datasync.quality.anomaly;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The anomalies found in the jobs' metric series. */
@Repository
public class AnomalyRepository {

    /** One anomaly as stored and answered. */
    public record Anomaly(
            UUID id,
            String jobId,
            String runId,
            String metric,
            double observed,
            double expected,
            double deviation,
            String message,
            Instant detectedAt) {}

    private static final String SELECT = "SELECT id, job_id, run_id, metric, observed, expected, deviation, message,"
            + " detected_at FROM quality_anomaly";

    private final JdbcTemplate jdbc;

    public AnomalyRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores an anomaly once per job, run and metric; false when it was stored before. */
    public boolean insert(Anomaly anomaly) {
        return jdbc.update(
                        "INSERT INTO quality_anomaly (id, job_id, run_id, metric, observed, expected, deviation,"
                                + " message, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                + " ON CONFLICT (job_id, run_id, metric) DO NOTHING",
                        anomaly.id(),
                        anomaly.jobId(),
                        anomaly.runId(),
                        anomaly.metric(),
                        anomaly.observed(),
                        anomaly.expected(),
                        anomaly.deviation(),
                        anomaly.message(),
                        Timestamp.from(anomaly.detectedAt()))
                == 1;
    }

    /** A job's anomalies, newest first. */
    public List<Anomaly> ofJob(String jobId, int limit) {
        return jdbc.query(
                SELECT + " WHERE job_id = ? ORDER BY detected_at DESC, metric LIMIT ?",
                AnomalyRepository::anomaly,
                jobId,
                limit);
    }

    public List<Anomaly> ofRun(String runId) {
        return jdbc.query(SELECT + " WHERE run_id = ? ORDER BY metric", AnomalyRepository::anomaly, runId);
    }

    private static Anomaly anomaly(ResultSet rs, int row) throws SQLException {
        return new Anomaly(
                rs.getObject("id", UUID.class),
                rs.getString("job_id"),
                rs.getString("run_id"),
                rs.getString("metric"),
                rs.getDouble("observed"),
                rs.getDouble("expected"),
                rs.getDouble("deviation"),
                rs.getString("message"),
                rs.getTimestamp("detected_at").toInstant());
    }
}
