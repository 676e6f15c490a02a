package io.datasync.scheduler.job;

import io.datasync.models.job.JobDefinitions;
import io.datasync.models.job.RetrySpec;
import io.datasync.models.job.ScheduleSpec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.ObjectMapper;

/** SQL of the {@code job_plan} table: the scheduler's copy of each job's schedule and retry policy. */
@Repository
public class JobPlanRepository {

    /**
     * A job as stored here.
     *
     * @param paused an operator paused its schedule; kept across changes of the job and restarts
     * @param problem why its schedule cannot run (e.g. a cron expression Quartz refuses), null when it can
     */
    public record StoredPlan(JobPlan plan, boolean paused, String problem, Instant updatedAt) {}

    private static final ObjectMapper JSON = JobDefinitions.mapper(JobDefinitions.Format.JSON);
    private static final String SELECT =
            "SELECT job_id, name, version, revision, enabled, schedule, retry, paused, problem, updated_at FROM job_plan";

    private final JdbcTemplate jdbc;

    JobPlanRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<StoredPlan> find(String jobId) {
        return jdbc.query(SELECT + " WHERE job_id = ?", JobPlanRepository::map, jobId).stream()
                .findFirst();
    }

    /** The stored plan, its row locked to the end of the transaction so changes of one job apply one at a time. */
    public Optional<StoredPlan> findForUpdate(String jobId) {
        return jdbc.query(SELECT + " WHERE job_id = ? FOR UPDATE", JobPlanRepository::map, jobId).stream()
                .findFirst();
    }

    /** Every job with a schedule, enabled or not, by name. */
    public List<StoredPlan> withSchedule() {
        return jdbc.query(SELECT + " WHERE schedule IS NOT NULL ORDER BY name, job_id", JobPlanRepository::map);
    }

    public List<String> ids() {
        return jdbc.queryForList("SELECT job_id FROM job_plan", String.class);
    }

    /** Saves the job's current plan, keeping whether it was paused. */
    public void save(JobPlan plan, String problem, Instant now) {
        jdbc.update(
                "INSERT INTO job_plan (job_id, name, version, revision, enabled, schedule, retry, problem, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (job_id) DO UPDATE SET name = EXCLUDED.name,"
                        + " version = EXCLUDED.version, revision = EXCLUDED.revision, enabled = EXCLUDED.enabled,"
                        + " schedule = EXCLUDED.schedule,"
                        + " retry = EXCLUDED.retry, problem = EXCLUDED.problem, updated_at = EXCLUDED.updated_at",
                plan.jobId(),
                plan.name(),
                plan.version(),
                plan.revision(),
                plan.enabled(),
                plan.schedule() == null ? null : JSON.writeValueAsString(plan.schedule()),
                JSON.writeValueAsString(plan.retry()),
                problem,
                Timestamp.from(now));
    }

    public boolean setPaused(String jobId, boolean paused, Instant now) {
        return jdbc.update(
                        "UPDATE job_plan SET paused = ?, updated_at = ? WHERE job_id = ?",
                        paused,
                        Timestamp.from(now),
                        jobId)
                == 1;
    }

    /**
     * Forgets the job and leaves a tombstone: config-service never reuses a job id, so no answer about the job read
     * before its deletion (a late event's fetch, an older listing) may recreate it.
     */
    public void delete(String jobId, Instant now) {
        jdbc.update("DELETE FROM job_plan WHERE job_id = ?", jobId);
        jdbc.update(
                "INSERT INTO job_tombstone (job_id, deleted_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                jobId,
                Timestamp.from(now));
    }

    /** Whether the job was deleted in config-service. */
    public boolean deleted(String jobId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM job_tombstone WHERE job_id = ?)", Boolean.class, jobId));
    }

    /** Reads a retry policy as stored here and in tasks. */
    public static RetrySpec readRetry(String json) {
        return JSON.readValue(json, RetrySpec.class);
    }

    public static String writeRetry(RetrySpec retry) {
        return JSON.writeValueAsString(retry);
    }

    private static StoredPlan map(ResultSet rs, int row) throws SQLException {
        String schedule = rs.getString("schedule");
        JobPlan plan = new JobPlan(
                rs.getString("job_id"),
                rs.getString("name"),
                rs.getLong("version"),
                rs.getLong("revision"),
                rs.getBoolean("enabled"),
                schedule == null ? null : JSON.readValue(schedule, ScheduleSpec.class),
                readRetry(rs.getString("retry")));
        return new StoredPlan(
                plan,
                rs.getBoolean("paused"),
                rs.getString("problem"),
                rs.getTimestamp("updated_at").toInstant());
    }
}
