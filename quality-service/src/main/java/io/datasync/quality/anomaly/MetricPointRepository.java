package io.datasync.quality.anomaly;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The per-run metric series of each job. */
@Repository
public class MetricPointRepository {

    private final JdbcTemplate jdbc;

    public MetricPointRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a point once per job, metric and run; false when it was stored before. */
    public boolean insert(String jobId, String metric, MetricPoint point) {
        return jdbc.update(
                        "INSERT INTO quality_metric_point (job_id, metric, run_id, value, observed_at)"
                                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (job_id, metric, run_id) DO NOTHING",
                        jobId,
                        metric,
                        point.runId(),
                        point.value(),
                        Timestamp.from(point.observedAt()))
                == 1;
    }

    /** The last {@code limit} points of a series other than {@code exceptRunId}'s, oldest first. */
    public List<MetricPoint> history(String jobId, String metric, String exceptRunId, int limit) {
        List<MetricPoint> points = new ArrayList<>(jdbc.query(
                "SELECT run_id, observed_at, value FROM quality_metric_point WHERE job_id = ? AND metric = ?"
                        + " AND run_id <> ? ORDER BY observed_at DESC, run_id DESC LIMIT ?",
                (rs, n) -> new MetricPoint(
                        rs.getString("run_id"), rs.getTimestamp("observed_at").toInstant(), rs.getDouble("value")),
                jobId,
                metric,
                exceptRunId,
                limit));
        Collections.reverse(points);
        return points;
    }
}
