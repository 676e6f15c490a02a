package io.datasync.sync.run;

import io.datasync.sync.transform.spi.RowError;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** SQL of {@code sync_run} and {@code sync_run_error}. */
@Repository
public class RunRepository {

    /** A run as stored. */
    public record RunRow(
            UUID id,
            String jobId,
            String jobName,
            long jobVersion,
            RunState state,
            String trigger,
            String taskId,
            int attempt,
            long rowsRead,
            long rowsWritten,
            long rowsRejected,
            long rowsTotal,
            int splitsDone,
            int splitsTotal,
            String errorCode,
            String errorMessage,
            Boolean retriable,
            Boolean verified,
            String verification,
            Instant createdAt,
            Instant startedAt,
            Instant endedAt,
            String owner) {

        /** The same run with other counters (a stream run's with those of its members added in). */
        RunRow withCounters(long read, long written, long rejected) {
            return new RunRow(
                    id,
                    jobId,
                    jobName,
                    jobVersion,
                    state,
                    trigger,
                    taskId,
                    attempt,
                    read,
                    written,
                    rejected,
                    rowsTotal,
                    splitsDone,
                    splitsTotal,
                    errorCode,
                    errorMessage,
                    retriable,
                    verified,
                    verification,
                    createdAt,
                    startedAt,
                    endedAt,
                    owner);
        }
    }

    public record StoredError(String splitId, String rowKey, String transform, String reason, Instant createdAt) {}

    private final JdbcTemplate jdbc;

    RunRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records a new run; false when a run of this id exists already (a command delivered twice at once).
     *
     * @param stream whether the job reads a stream: such a job has at most one live run
     * @throws org.springframework.dao.DuplicateKeyException when {@code stream} and the job has a live run already
     */
    boolean insert(
            UUID id,
            String jobId,
            String jobName,
            long jobVersion,
            String trigger,
            String taskId,
            int attempt,
            Instant now,
            boolean stream) {
        return jdbc.update(
                        "INSERT INTO sync_run (id, job_id, job_name, job_version, state, trigger, task_id, attempt,"
                                + " created_at, stream) VALUES (?, ?, ?, ?, 'QUEUED', ?, ?, ?, ?, ?)"
                                + " ON CONFLICT (id) DO NOTHING",
                        id,
                        jobId,
                        jobName,
                        jobVersion,
                        trigger,
                        taskId,
                        attempt,
                        Timestamp.from(now),
                        stream)
                == 1;
    }

    /** The runs of a job that have not ended (queued, running or paused). */
    List<UUID> liveRuns(String jobId) {
        return jdbc.queryForList(
                "SELECT id FROM sync_run WHERE job_id = ? AND state IN ('QUEUED', 'RUNNING', 'PAUSED')",
                UUID.class,
                jobId);
    }

    /** The live (queued, running or paused) stream run of a job, if any. */
    Optional<UUID> liveStreamRun(String jobId) {
        return jdbc
                .queryForList(
                        "SELECT id FROM sync_run WHERE job_id = ? AND stream AND state IN ('QUEUED', 'RUNNING', 'PAUSED')",
                        UUID.class,
                        jobId)
                .stream()
                .findFirst();
    }

    Optional<RunRow> find(UUID id) {
        return jdbc.query("SELECT * FROM sync_run WHERE id = ?", RunRepository::map, id).stream()
                .findFirst();
    }

    List<RunRow> ofJob(String jobId, int limit) {
        return jdbc.query(
                "SELECT * FROM sync_run WHERE job_id = ? ORDER BY created_at DESC LIMIT ?",
                RunRepository::map,
                jobId,
                limit);
    }

    void splits(UUID id, String json) {
        jdbc.update("UPDATE sync_run SET splits = ? WHERE id = ? AND splits IS NULL", json, id);
    }

    /**
     * The splits of the latest earlier attempt of a scheduler task on the same job version that planned some, so a
     * retry continues where that attempt's checkpoints stop; null when there is none.
     */
    String splitsOfEarlierAttempt(String taskId, long jobVersion, UUID excluding) {
        List<String> json = jdbc.queryForList(
                "SELECT splits FROM sync_run WHERE task_id = ? AND job_version = ? AND id <> ? AND splits IS NOT NULL"
                        + " AND state IN ('FAILED', 'CANCELLED') ORDER BY attempt DESC, created_at DESC LIMIT 1",
                String.class,
                taskId,
                jobVersion,
                excluding);
        return json.isEmpty() ? null : json.get(0);
    }

    String splits(UUID id) {
        List<String> json = jdbc.queryForList("SELECT splits FROM sync_run WHERE id = ?", String.class, id);
        return json.isEmpty() ? null : json.get(0);
    }

    /**
     * A run taken by an instance.
     *
     * @param resumes how often the run has been resumed so far
     * @param epoch this claim's number, larger than that of every claim before it (of any run): the owner fences the
     *     target with it, so that an earlier owner still writing is refused ({@link io.datasync.sync.connector.spi.Fence})
     */
    public record Claim(int resumes, long epoch) {}

    /**
     * Takes a run for {@code owner}: only a run that has not ended, is not asked to stop, and is not held by another
     * instance whose heartbeat is younger than {@code lease}. The database's clock decides, so instances with skewed
     * clocks agree. Counts a resume when the run had started and its last owner did not release it on a graceful
     * shutdown (it crashed, was killed or lost its lease), and takes a new epoch from {@code sync_run_epoch}.
     *
     * @return the claim, or empty when the run was not claimed (stopped, or executed elsewhere)
     */
    Optional<Claim> claim(UUID id, String owner, Instant now, Duration lease) {
        return jdbc
                .query(
                        "UPDATE sync_run SET state = 'RUNNING', started_at = COALESCE(started_at, ?), owner = ?,"
                                + " heartbeat_at = now(),"
                                + " resumes = resumes + CASE WHEN started_at IS NULL OR released THEN 0 ELSE 1 END,"
                                + " released = false, epoch = nextval('sync_run_epoch')"
                                + " WHERE id = ? AND state NOT IN ('SUCCEEDED','FAILED','CANCELLED')"
                                + " AND desired <> 'STOP' AND (owner IS NULL OR owner = ?"
                                + " OR heartbeat_at < now() - make_interval(secs => ?)) RETURNING resumes, epoch",
                        (rs, n) -> new Claim(rs.getInt(1), rs.getLong(2)),
                        Timestamp.from(now),
                        owner,
                        id,
                        owner,
                        (double) lease.toMillis() / 1000)
                .stream()
                .findFirst();
    }

    /** Marks runs an instance stops executing on a graceful shutdown: taking them up again is not a resume. */
    void release(String owner, Collection<UUID> ids) {
        if (!ids.isEmpty()) {
            jdbc.update("UPDATE sync_run SET released = true WHERE owner = ? AND id = ANY(?)", owner, (Object)
                    ids.toArray(UUID[]::new));
        }
    }

    /** Renews the lease of the runs {@code owner} executes; returns those it still holds (another may have taken one). */
    Set<UUID> heartbeat(String owner, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.queryForList(
                "UPDATE sync_run SET heartbeat_at = now() WHERE owner = ? AND id = ANY(?) RETURNING id",
                UUID.class,
                owner,
                ids.toArray(UUID[]::new)));
    }

    /** What users asked of these runs: RUN, PAUSE or STOP. */
    Map<UUID, String> desired(Collection<UUID> ids) {
        Map<UUID, String> desired = new HashMap<>();
        if (!ids.isEmpty()) {
            jdbc.query(
                    "SELECT id, desired FROM sync_run WHERE id = ANY(?)",
                    rs -> {
                        desired.put(rs.getObject(1, UUID.class), rs.getString(2));
                    },
                    (Object) ids.toArray(UUID[]::new));
        }
        return desired;
    }

    void desire(UUID id, String desired) {
        jdbc.update("UPDATE sync_run SET desired = ? WHERE id = ?", desired, id);
    }

    /** Whether an instance holds the run with a heartbeat younger than {@code lease}. */
    boolean heldByLiveOwner(UUID id, Duration lease) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT owner IS NOT NULL AND heartbeat_at >= now() - make_interval(secs => ?) FROM sync_run"
                        + " WHERE id = ?",
                Boolean.class,
                (double) lease.toMillis() / 1000,
                id));
    }

    /**
     * Runs nobody executes: held by {@code owner} under an earlier process (same instance id, e.g. after a crash), held
     * by an instance whose heartbeat is older than {@code lease}, or never claimed although queued longer than it.
     */
    List<RunRow> orphaned(String owner, Duration lease) {
        return jdbc.query(
                "SELECT * FROM sync_run WHERE state IN ('QUEUED', 'RUNNING', 'PAUSED') AND desired <> 'STOP'"
                        + " AND (owner = ? OR heartbeat_at < now() - make_interval(secs => ?)"
                        + " OR owner IS NULL AND created_at < now() - make_interval(secs => ?)) ORDER BY created_at",
                RunRepository::map,
                owner,
                (double) lease.toMillis() / 1000,
                (double) lease.toMillis() / 1000);
    }

    /**
     * Stream runs another live instance owns that {@code owner} may join as a member: running or paused, not asked to
     * stop, started (their view saved once, which only stream runs have), and held by an owner whose heartbeat is
     * younger than {@code lease}.
     */
    List<RunRow> joinable(String owner, Duration lease) {
        return jdbc.query(
                "SELECT * FROM sync_run WHERE state IN ('RUNNING', 'PAUSED') AND desired <> 'STOP'"
                        + " AND stream_status IS NOT NULL AND owner IS NOT NULL AND owner <> ?"
                        + " AND heartbeat_at >= now() - make_interval(secs => ?) ORDER BY created_at",
                RunRepository::map,
                owner,
                (double) lease.toMillis() / 1000);
    }

    /**
     * A member's claim on its share of a stream run.
     *
     * @param epoch this join's number from {@code sync_run_epoch}, which fences the member's writes
     * @param resumed the member's counters as its previous join on this instance left them
     */
    record Membership(long epoch, RunEngine.Progress resumed) {}

    /**
     * Joins {@code owner} to a stream run as a member, with a new epoch, unless the run ended, is asked to stop, or is
     * owned by {@code owner} itself (its owner's member reads there already).
     */
    Optional<Membership> join(UUID id, String owner) {
        return jdbc
                .query(
                        "INSERT INTO sync_run_member AS m (run_id, owner, epoch, joined_at, heartbeat_at)"
                                + " SELECT id, ?, nextval('sync_run_epoch'), now(), now() FROM sync_run"
                                + " WHERE id = ? AND state IN ('RUNNING', 'PAUSED') AND desired <> 'STOP'"
                                + " AND owner IS DISTINCT FROM ?"
                                + " ON CONFLICT (run_id, owner) DO UPDATE SET epoch = EXCLUDED.epoch,"
                                + " joined_at = EXCLUDED.joined_at, heartbeat_at = EXCLUDED.heartbeat_at"
                                + " RETURNING m.epoch, m.rows_read, m.rows_written, m.rows_rejected",
                        (rs, n) -> new Membership(
                                rs.getLong(1),
                                new RunEngine.Progress(rs.getLong(2), rs.getLong(3), rs.getLong(4), -1, 0, 0)),
                        owner,
                        id,
                        owner)
                .stream()
                .findFirst();
    }

    /**
     * Renews the memberships {@code owner} holds and says what each run wants of its members: {@code RUN},
     * {@code PAUSE}, or {@code STOP} (also once the run ended, or when {@code owner} now owns the run itself). A
     * membership missing from the answer was lost.
     */
    Map<UUID, String> memberHeartbeat(String owner, Collection<UUID> ids) {
        Map<UUID, String> desired = new HashMap<>();
        if (!ids.isEmpty()) {
            jdbc.query(
                    "UPDATE sync_run_member m SET heartbeat_at = now() FROM sync_run r WHERE r.id = m.run_id"
                            + " AND m.owner = ? AND m.run_id = ANY(?) RETURNING m.run_id, CASE WHEN r.state IN"
                            + " ('SUCCEEDED','FAILED','CANCELLED') OR r.owner = m.owner THEN 'STOP' ELSE r.desired END",
                    rs -> {
                        desired.put(rs.getObject(1, UUID.class), rs.getString(2));
                    },
                    owner,
                    ids.toArray(UUID[]::new));
        }
        return desired;
    }

    /** Saves a member's counters and view, from its throttled progress. */
    void memberProgress(UUID id, String owner, RunEngine.Progress p, String streamJson) {
        jdbc.update(
                "UPDATE sync_run_member SET rows_read = ?, rows_written = ?, rows_rejected = ?, stream_status = ?"
                        + " WHERE run_id = ? AND owner = ?",
                p.rowsRead(),
                p.rowsWritten(),
                p.rowsRejected(),
                streamJson,
                id,
                owner);
    }

    /**
     * A member of a stream run as stored.
     *
     * @param live whether its heartbeat is younger than the lease
     */
    record MemberRow(
            String owner,
            long rowsRead,
            long rowsWritten,
            long rowsRejected,
            String streamStatus,
            Instant joinedAt,
            Instant heartbeatAt,
            boolean live) {}

    /** The members that joined a stream run besides its owner, oldest first. */
    List<MemberRow> members(UUID id, Duration lease) {
        return jdbc.query(
                "SELECT owner, rows_read, rows_written, rows_rejected, stream_status, joined_at, heartbeat_at,"
                        + " heartbeat_at >= now() - make_interval(secs => ?) AS live FROM sync_run_member"
                        + " WHERE run_id = ? ORDER BY joined_at",
                (rs, n) -> new MemberRow(
                        rs.getString(1),
                        rs.getLong(2),
                        rs.getLong(3),
                        rs.getLong(4),
                        rs.getString(5),
                        rs.getTimestamp(6).toInstant(),
                        rs.getTimestamp(7).toInstant(),
                        rs.getBoolean(8)),
                (double) lease.toMillis() / 1000,
                id);
    }

    void state(UUID id, RunState state) {
        jdbc.update(
                "UPDATE sync_run SET state = ? WHERE id = ? AND state NOT IN ('SUCCEEDED','FAILED','CANCELLED')",
                state.name(),
                id);
    }

    void progress(UUID id, RunEngine.Progress p) {
        jdbc.update(
                "UPDATE sync_run SET rows_read = ?, rows_written = ?, rows_rejected = ?, rows_total = ?, splits_done = ?,"
                        + " splits_total = ? WHERE id = ?",
                p.rowsRead(),
                p.rowsWritten(),
                p.rowsRejected(),
                p.rowsTotal(),
                p.splitsDone(),
                p.splitsTotal(),
                id);
    }

    /** Saves a stream run's counters and view together, from its throttled progress (never per micro-batch). */
    void streamProgress(UUID id, RunEngine.Progress p, String streamJson) {
        jdbc.update(
                "UPDATE sync_run SET rows_read = ?, rows_written = ?, rows_rejected = ?, stream_status = ? WHERE id = ?",
                p.rowsRead(),
                p.rowsWritten(),
                p.rowsRejected(),
                streamJson,
                id);
    }

    /** A stream run's last saved view as JSON; empty for a batch run or before its first save. */
    Optional<String> streamStatus(UUID id) {
        return jdbc.queryForList("SELECT stream_status FROM sync_run WHERE id = ?", String.class, id).stream()
                .filter(java.util.Objects::nonNull)
                .findFirst();
    }

    /**
     * Forgets a run's crash-resumes once it made progress long enough under {@code owner}: a stream run lives through
     * many deploys, and only resumes close together mean it is what crashes its instance.
     */
    void resetResumes(UUID id, String owner) {
        jdbc.update("UPDATE sync_run SET resumes = 0 WHERE id = ? AND owner = ? AND resumes > 0", id, owner);
    }

    /** Ends a run once; false when it had already ended (its end was recorded and announced before). */
    boolean ended(UUID id, RunState state, String errorCode, String errorMessage, Boolean retriable, Instant now) {
        return jdbc.update(
                        "UPDATE sync_run SET state = ?, error_code = ?, error_message = ?, retriable = ?, ended_at = ?"
                                + " WHERE id = ? AND state NOT IN ('SUCCEEDED','FAILED','CANCELLED')",
                        state.name(),
                        errorCode,
                        errorMessage,
                        retriable,
                        Timestamp.from(now),
                        id)
                == 1;
    }

    void verified(UUID id, Boolean verified, Object verification) {
        jdbc.update(
                "UPDATE sync_run SET verified = ?, verification = ? WHERE id = ?",
                verified,
                verification == null ? null : STATE.writeValueAsString(verification),
                id);
    }

    void errors(UUID id, String splitId, List<RowError> rows, Instant now) {
        jdbc.batchUpdate(
                "INSERT INTO sync_run_error (run_id, split_id, row_key, transform, reason, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                rows,
                500,
                (ps, r) -> {
                    ps.setObject(1, id);
                    ps.setString(2, splitId);
                    ps.setString(3, keyText(r));
                    ps.setString(4, r.transform());
                    ps.setString(5, r.reason());
                    ps.setTimestamp(6, Timestamp.from(now));
                });
    }

    List<StoredError> errors(UUID id, int limit, int offset) {
        return jdbc.query(
                "SELECT split_id, row_key, transform, reason, created_at FROM sync_run_error WHERE run_id = ?"
                        + " ORDER BY created_at, split_id, row_key LIMIT ? OFFSET ?",
                (rs, n) -> new StoredError(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getTimestamp(5).toInstant()),
                id,
                limit,
                offset);
    }

    /** The row's key as text ({@code 42}, {@code 7,x}), or its index in the chunk when the source has no key. */
    private static String keyText(RowError error) {
        Object[] key = error.key();
        if (key == null) {
            return "#" + error.rowIndex();
        }
        return java.util.Arrays.stream(key).map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
    }

    /** What the job's source said the next run starts from; empty before its first successful run. */
    java.util.Map<String, Object> jobState(String jobId) {
        List<String> json = jdbc.queryForList("SELECT state FROM sync_job_state WHERE job_id = ?", String.class, jobId);
        return json.isEmpty() ? java.util.Map.of() : STATE.readValue(json.get(0), java.util.Map.class);
    }

    void saveJobState(String jobId, java.util.Map<String, Object> state, Instant now) {
        jdbc.update(
                "INSERT INTO sync_job_state (job_id, state, updated_at) VALUES (?, ?, ?)"
                        + " ON CONFLICT (job_id) DO UPDATE SET state = EXCLUDED.state, updated_at = EXCLUDED.updated_at",
                jobId,
                STATE.writeValueAsString(state),
                Timestamp.from(now));
    }

    private static final tools.jackson.databind.json.JsonMapper STATE =
            tools.jackson.databind.json.JsonMapper.builder().build();

    private static RunRow map(ResultSet rs, int row) throws SQLException {
        return new RunRow(
                rs.getObject("id", UUID.class),
                rs.getString("job_id"),
                rs.getString("job_name"),
                rs.getLong("job_version"),
                RunState.valueOf(rs.getString("state")),
                rs.getString("trigger"),
                rs.getString("task_id"),
                rs.getInt("attempt"),
                rs.getLong("rows_read"),
                rs.getLong("rows_written"),
                rs.getLong("rows_rejected"),
                rs.getLong("rows_total"),
                rs.getInt("splits_done"),
                rs.getInt("splits_total"),
                rs.getString("error_code"),
                rs.getString("error_message"),
                (Boolean) rs.getObject("retriable"),
                (Boolean) rs.getObject("verified"),
                rs.getString("verification"),
                rs.getTimestamp("created_at").toInstant(),
                instant(rs.getTimestamp("started_at")),
                instant(rs.getTimestamp("ended_at")),
                rs.getString("owner"));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
