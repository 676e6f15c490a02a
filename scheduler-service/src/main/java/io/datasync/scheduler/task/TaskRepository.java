package io.datasync.scheduler.task;

import io.datasync.scheduler.job.JobPlanRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** SQL of the {@code task}, {@code task_attempt} and {@code task_event} tables. */
@Repository
public class TaskRepository {

    /** One state a task went through, with when and why. */
    public record TimelineEntry(TaskState state, Instant at, int attempt, String detail) {}

    /** One attempt: one run of the sync engine; its state is a task state's wire name ({@code failed}, …). */
    public record Attempt(
            int attempt,
            UUID runId,
            String state,
            Instant dispatchedAt,
            Instant startedAt,
            Instant finishedAt,
            String errorCode,
            String message,
            Boolean retriable) {}

    /** What to list: each filter may be null. */
    public record Filter(String jobId, TaskState state, Instant from, Instant to, int limit, int offset) {}

    private static final String SELECT = "SELECT seq, id, job_id, job_name, job_version, trigger, scheduled_for,"
            + " state, attempt, run_id, not_before, deadline, retry, detail, created_at, updated_at FROM task";

    private final JdbcTemplate jdbc;

    TaskRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Inserts a new task.
     *
     * @return false when a task for the same cron fire of the job exists already (a second fire of one trigger)
     */
    boolean insert(Task t) {
        return jdbc.update(
                        "INSERT INTO task (id, job_id, job_name, job_version, trigger, scheduled_for, state, attempt,"
                                + " not_before, retry, detail, created_at, updated_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                        t.id(),
                        t.jobId(),
                        t.jobName(),
                        t.jobVersion(),
                        t.trigger(),
                        ts(t.scheduledFor()),
                        t.state().name(),
                        t.attempt(),
                        ts(t.notBefore()),
                        JobPlanRepository.writeRetry(t.retry()),
                        t.detail(),
                        ts(t.createdAt()),
                        ts(t.updatedAt()))
                == 1;
    }

    boolean fireRecorded(String jobId, Instant scheduledFor) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM task WHERE job_id = ? AND scheduled_for = ?)",
                Boolean.class,
                jobId,
                ts(scheduledFor)));
    }

    public Optional<Task> find(UUID id) {
        return jdbc.query(SELECT + " WHERE id = ?", TaskRepository::map, id).stream()
                .findFirst();
    }

    Optional<Task> findForUpdate(UUID id) {
        return jdbc.query(SELECT + " WHERE id = ? FOR UPDATE", TaskRepository::map, id).stream()
                .findFirst();
    }

    /** The task whose current attempt is this run. */
    Optional<Task> findByRunForUpdate(UUID runId) {
        return jdbc.query(SELECT + " WHERE run_id = ? FOR UPDATE", TaskRepository::map, runId).stream()
                .findFirst();
    }

    /** The job's tasks that are waiting or active, oldest first. */
    List<Task> unfinished(String jobId) {
        return jdbc.query(
                SELECT + " WHERE job_id = ? AND state IN ('QUEUED', 'RETRYING', 'DISPATCHED', 'RUNNING')"
                        + " ORDER BY seq FOR UPDATE",
                TaskRepository::map,
                jobId);
    }

    /**
     * Runs that hold a slot: every open attempt, those of active tasks and those still stopping after their task was
     * cancelled or timed out.
     */
    int countActive() {
        Integer n = jdbc.queryForObject("SELECT count(*) FROM task_attempt WHERE finished_at IS NULL", Integer.class);
        return n == null ? 0 : n;
    }

    /** Whether an attempt of the task has not ended yet (it may be still stopping). */
    boolean hasOpenAttempt(UUID taskId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM task_attempt WHERE task_id = ? AND finished_at IS NULL)",
                Boolean.class,
                taskId));
    }

    /**
     * The tasks to dispatch next, at most {@code limit}: of each job only its oldest unfinished task (by creation), so
     * a task waiting for its retry delay is never overtaken by a later task of its job; that one when it is waiting
     * and due, and its job has no run going or still stopping. Soonest due first.
     */
    List<Task> lockDue(Instant now, int limit) {
        return jdbc.query(
                SELECT + " t WHERE t.id IN (SELECT DISTINCT ON (u.job_id) u.id FROM task u"
                        + " WHERE u.state IN ('QUEUED', 'RETRYING', 'DISPATCHED', 'RUNNING') ORDER BY u.job_id, u.seq)"
                        + " AND t.state IN ('QUEUED', 'RETRYING') AND t.not_before <= ?"
                        + " AND NOT EXISTS (SELECT 1 FROM task_attempt a JOIN task o ON o.id = a.task_id"
                        + " WHERE o.job_id = t.job_id AND a.finished_at IS NULL)"
                        + " ORDER BY t.not_before, t.seq LIMIT ? FOR UPDATE OF t",
                TaskRepository::map,
                ts(now),
                limit);
    }

    List<Task> lockOverdue(Instant now) {
        return jdbc.query(
                SELECT + " WHERE state IN ('DISPATCHED', 'RUNNING') AND deadline <= ? ORDER BY deadline FOR UPDATE",
                TaskRepository::map,
                ts(now));
    }

    /** The highest attempt the task was dispatched as, 0 when it never was (e.g. cancelled while queued). */
    int lastAttempt(UUID taskId) {
        Integer n = jdbc.queryForObject(
                "SELECT coalesce(max(attempt), 0) FROM task_attempt WHERE task_id = ?", Integer.class, taskId);
        return n == null ? 0 : n;
    }

    void dispatched(UUID id, UUID runId, int attempt, long jobVersion, Instant deadline, Instant now) {
        jdbc.update(
                "UPDATE task SET state = 'DISPATCHED', run_id = ?, attempt = ?, job_version = ?, deadline = ?,"
                        + " detail = NULL, updated_at = ? WHERE id = ?",
                runId,
                attempt,
                jobVersion,
                ts(deadline),
                ts(now),
                id);
        jdbc.update(
                "INSERT INTO task_attempt (run_id, task_id, attempt, state, dispatched_at) VALUES (?, ?, ?, ?, ?)",
                runId,
                id,
                attempt,
                TaskState.DISPATCHED.name(),
                ts(now));
    }

    /** Moves the task to a state that needs no other column changed. */
    void state(UUID id, TaskState state, String detail, Instant now) {
        jdbc.update(
                "UPDATE task SET state = ?, detail = ?, updated_at = ? WHERE id = ?",
                state.name(),
                detail,
                ts(now),
                id);
    }

    /** Makes the task wait until {@code notBefore} for its next attempt. */
    void retrying(UUID id, Instant notBefore, String detail, Instant now) {
        jdbc.update(
                "UPDATE task SET state = 'RETRYING', not_before = ?, deadline = NULL, detail = ?, updated_at = ?"
                        + " WHERE id = ?",
                ts(notBefore),
                detail,
                ts(now),
                id);
    }

    /** Records that the run started; an attempt already being stopped keeps its state. */
    void attemptStarted(UUID runId, Instant at) {
        jdbc.update(
                "UPDATE task_attempt SET state = CASE WHEN stop_deadline IS NULL THEN 'RUNNING' ELSE state END,"
                        + " started_at = ? WHERE run_id = ? AND finished_at IS NULL",
                ts(at),
                runId);
    }

    /**
     * Closes the attempt as its run reported. One being stopped keeps its state ({@code cancelled}, {@code timed-out})
     * and the reason, and gets what the run reported.
     */
    void attemptEnded(UUID runId, TaskState state, String errorCode, String message, Boolean retriable, Instant at) {
        jdbc.update(
                "UPDATE task_attempt SET state = CASE WHEN stop_deadline IS NULL THEN ? ELSE state END,"
                        + " message = CASE WHEN stop_deadline IS NULL THEN ? ELSE message END,"
                        + " finished_at = ?, error_code = ?, retriable = ? WHERE run_id = ? AND finished_at IS NULL",
                state.name(),
                message,
                ts(at),
                errorCode,
                retriable,
                runId);
    }

    /**
     * Marks the attempt as being stopped: it stays open, holding its slot and its job, until its run reports its end
     * or {@code stopDeadline} passes.
     */
    void attemptStopping(UUID runId, TaskState state, String reason, Instant stopDeadline) {
        jdbc.update(
                "UPDATE task_attempt SET state = ?, message = ?, stop_deadline = ? WHERE run_id = ?"
                        + " AND finished_at IS NULL",
                state.name(),
                reason,
                ts(stopDeadline),
                runId);
    }

    /** Closes the attempts being stopped whose run has not reported its end within the grace period. */
    int closeUnstopped(Instant now) {
        return jdbc.update(
                "UPDATE task_attempt SET finished_at = ?, message = coalesce(message, '') || ?"
                        + " WHERE finished_at IS NULL AND stop_deadline <= ?",
                ts(now),
                " (its run reported no end within the grace period; taken as stopped)",
                ts(now));
    }

    void event(UUID taskId, int attempt, TaskState state, Instant at, String detail) {
        jdbc.update(
                "INSERT INTO task_event (task_id, attempt, state, at, detail) VALUES (?, ?, ?, ?, ?)",
                taskId,
                attempt,
                state.name(),
                ts(at),
                detail);
    }

    public List<Task> list(Filter f) {
        StringBuilder sql = new StringBuilder(SELECT + " WHERE TRUE");
        List<Object> args = new ArrayList<>();
        if (f.jobId() != null) {
            sql.append(" AND job_id = ?");
            args.add(f.jobId());
        }
        if (f.state() != null) {
            sql.append(" AND state = ?");
            args.add(f.state().name());
        }
        if (f.from() != null) {
            sql.append(" AND created_at >= ?");
            args.add(ts(f.from()));
        }
        if (f.to() != null) {
            sql.append(" AND created_at < ?");
            args.add(ts(f.to()));
        }
        sql.append(" ORDER BY created_at DESC, seq DESC LIMIT ? OFFSET ?");
        args.add(f.limit());
        args.add(f.offset());
        return jdbc.query(sql.toString(), TaskRepository::map, args.toArray());
    }

    /** The timelines of these tasks, every entry in order, in one query; a task without entries maps to none. */
    public Map<UUID, List<TimelineEntry>> timelines(Collection<UUID> taskIds) {
        Map<UUID, List<TimelineEntry>> out = new HashMap<>();
        jdbc.query(
                "SELECT task_id, state, at, attempt, detail FROM task_event WHERE task_id = ANY (?) ORDER BY seq",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("uuid", taskIds.toArray())),
                rs -> {
                    out.computeIfAbsent(rs.getObject("task_id", UUID.class), id -> new ArrayList<>())
                            .add(new TimelineEntry(
                                    TaskState.valueOf(rs.getString("state")),
                                    rs.getTimestamp("at").toInstant(),
                                    rs.getInt("attempt"),
                                    rs.getString("detail")));
                });
        return out;
    }

    /** The attempts of these tasks, in order, in one query. */
    public Map<UUID, List<Attempt>> attempts(Collection<UUID> taskIds) {
        Map<UUID, List<Attempt>> out = new HashMap<>();
        jdbc.query(
                "SELECT task_id, attempt, run_id, state, dispatched_at, started_at, finished_at, error_code, message,"
                        + " retriable FROM task_attempt WHERE task_id = ANY (?) ORDER BY attempt",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("uuid", taskIds.toArray())),
                rs -> {
                    out.computeIfAbsent(rs.getObject("task_id", UUID.class), id -> new ArrayList<>())
                            .add(new Attempt(
                                    rs.getInt("attempt"),
                                    rs.getObject("run_id", UUID.class),
                                    TaskState.valueOf(rs.getString("state")).wireName(),
                                    instant(rs, "dispatched_at"),
                                    instant(rs, "started_at"),
                                    instant(rs, "finished_at"),
                                    rs.getString("error_code"),
                                    rs.getString("message"),
                                    (Boolean) rs.getObject("retriable")));
                });
        return out;
    }

    private static Task map(ResultSet rs, int row) throws SQLException {
        return new Task(
                rs.getLong("seq"),
                rs.getObject("id", UUID.class),
                rs.getString("job_id"),
                rs.getString("job_name"),
                rs.getLong("job_version"),
                rs.getString("trigger"),
                instant(rs, "scheduled_for"),
                TaskState.valueOf(rs.getString("state")),
                rs.getInt("attempt"),
                rs.getObject("run_id", UUID.class),
                instant(rs, "not_before"),
                instant(rs, "deadline"),
                JobPlanRepository.readRetry(rs.getString("retry")),
                rs.getString("detail"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}
