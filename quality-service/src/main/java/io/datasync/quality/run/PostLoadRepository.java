package io.datasync.quality.run;

import io.datasync.models.event.QualityEvent;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Post-load check results per run and check; a check run again for the same run replaces its result. */
@Repository
public class PostLoadRepository {

    /** One post-load check's result as stored. */
    public record PostLoadCheck(
            String check,
            String dimension,
            String severity,
            String sql,
            String table,
            long tableRows,
            long evaluated,
            long violations,
            String error,
            String ruleSet,
            long ruleSetVersion,
            Instant checkedAt) {}

    private final JdbcTemplate jdbc;

    public PostLoadRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void upsert(QualityEvent.PostLoadChecked event, Instant checkedAt) {
        for (QualityEvent.PostLoadResult result : event.results()) {
            jdbc.update(
                    "INSERT INTO quality_post_load (run_id, check_name, job_id, rule_set, rule_set_version,"
                            + " target_table, table_rows, dimension, severity, sql_text, evaluated, violations, error,"
                            + " checked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                            + " ON CONFLICT (run_id, check_name) DO UPDATE SET job_id = EXCLUDED.job_id,"
                            + " rule_set = EXCLUDED.rule_set, rule_set_version = EXCLUDED.rule_set_version,"
                            + " target_table = EXCLUDED.target_table, table_rows = EXCLUDED.table_rows,"
                            + " dimension = EXCLUDED.dimension, severity = EXCLUDED.severity,"
                            + " sql_text = EXCLUDED.sql_text, evaluated = EXCLUDED.evaluated,"
                            + " violations = EXCLUDED.violations, error = EXCLUDED.error,"
                            + " checked_at = EXCLUDED.checked_at",
                    event.runId(),
                    result.check(),
                    event.jobId(),
                    event.ruleSet(),
                    event.ruleSetVersion(),
                    event.table(),
                    event.rows(),
                    result.dimension(),
                    result.severity(),
                    result.sql(),
                    result.evaluated(),
                    result.violations(),
                    result.error(),
                    Timestamp.from(checkedAt));
        }
    }

    public List<PostLoadCheck> ofRun(String runId) {
        return jdbc.query(
                "SELECT check_name, dimension, severity, sql_text, target_table, table_rows, evaluated, violations,"
                        + " error, rule_set, rule_set_version, checked_at FROM quality_post_load WHERE run_id = ?"
                        + " ORDER BY check_name",
                (rs, n) -> new PostLoadCheck(
                        rs.getString("check_name"),
                        rs.getString("dimension"),
                        rs.getString("severity"),
                        rs.getString("sql_text"),
                        rs.getString("target_table"),
                        rs.getLong("table_rows"),
                        rs.getLong("evaluated"),
                        rs.getLong("violations"),
                        rs.getString("error"),
                        rs.getString("rule_set"),
                        rs.getLong("rule_set_version"),
                        rs.getTimestamp("checked_at").toInstant()),
                runId);
    }
}
