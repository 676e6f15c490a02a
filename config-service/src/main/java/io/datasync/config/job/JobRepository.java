package io.datasync.config.job;

import io.datasync.config.connection.ConnectionUsage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** SQL of the {@code job} and {@code job_version} tables. Versions are only ever inserted, never changed. */
@Repository
public class JobRepository implements ConnectionUsage {

    /** A job's current state; {@code revision} changes on every write and is the ETag. */
    public record JobRow(
            UUID id,
            String name,
            boolean enabled,
            int currentVersion,
            int revision,
            Instant createdAt,
            Instant updatedAt,
            String definition) {}

    public record VersionRow(int version, Instant createdAt, String definition) {}

    private static final String SELECT = "SELECT j.id, j.name, j.enabled, j.current_version, j.revision, j.created_at,"
            + " j.updated_at, v.definition FROM job j JOIN job_version v ON v.job_id = j.id"
            + " AND v.version = j.current_version WHERE j.deleted_at IS NULL";

    private final JdbcTemplate jdbc;

    JobRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<JobRow> find(UUID id) {
        return jdbc.query(SELECT + " AND j.id = ?", JobRepository::map, id).stream()
                .findFirst();
    }

    /** Locks the job's row for the rest of the transaction, so two writers cannot both pass the ETag check. */
    Optional<JobRow> findForUpdate(UUID id) {
        return jdbc.query(SELECT + " AND j.id = ? FOR UPDATE OF j", JobRepository::map, id).stream()
                .findFirst();
    }

    boolean nameTaken(String name, UUID except) {
        Boolean taken = jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM job WHERE name = ? AND deleted_at IS NULL AND id <> ?)",
                Boolean.class,
                name,
                except);
        return Boolean.TRUE.equals(taken);
    }

    List<JobRow> page(String search, Boolean enabled, int page, int size) {
        return jdbc.query(
                SELECT + " AND (?::text IS NULL OR j.name ILIKE '%' || ? || '%')"
                        + " AND (?::boolean IS NULL OR j.enabled = ?) ORDER BY j.name LIMIT ? OFFSET ?",
                JobRepository::map,
                search,
                search,
                enabled,
                enabled,
                size,
                (long) page * size);
    }

    /**
     * Live jobs by id, after {@code after} (null for the first). Keyset paging: a job created, renamed or deleted
     * meanwhile never shifts the others between pages, as an offset would.
     */
    List<JobRow> after(UUID after, int size) {
        return jdbc.query(
                SELECT + " AND (?::uuid IS NULL OR j.id > ?) ORDER BY j.id LIMIT ?",
                JobRepository::map,
                after,
                after,
                size);
    }

    long count(String search, Boolean enabled) {
        Long n = jdbc.queryForObject(
                "SELECT count(*) FROM job j WHERE j.deleted_at IS NULL"
                        + " AND (?::text IS NULL OR j.name ILIKE '%' || ? || '%') AND (?::boolean IS NULL OR j.enabled = ?)",
                Long.class, search, search, enabled, enabled);
        return n == null ? 0 : n;
    }

    void insert(UUID id, String name, Instant now) {
        jdbc.update(
                "INSERT INTO job (id, name, enabled, current_version, revision, created_at, updated_at)"
                        + " VALUES (?, ?, TRUE, 0, 0, ?, ?)",
                id,
                name,
                Timestamp.from(now),
                Timestamp.from(now));
    }

    /** Adds the next version and makes it current; returns its number. */
    int addVersion(UUID id, String name, String definition, Instant now) {
        Integer version = jdbc.queryForObject(
                "UPDATE job SET current_version = current_version + 1, revision = revision + 1, name = ?,"
                        + " updated_at = ? WHERE id = ? RETURNING current_version",
                Integer.class,
                name,
                Timestamp.from(now),
                id);
        jdbc.update(
                "INSERT INTO job_version (job_id, version, definition, created_at) VALUES (?, ?, ?, ?)",
                id,
                version,
                definition,
                Timestamp.from(now));
        return version;
    }

    void setEnabled(UUID id, boolean enabled, Instant now) {
        jdbc.update(
                "UPDATE job SET enabled = ?, revision = revision + 1, updated_at = ? WHERE id = ?",
                enabled,
                Timestamp.from(now),
                id);
    }

    void delete(UUID id, Instant now) {
        jdbc.update(
                "UPDATE job SET deleted_at = ?, revision = revision + 1, updated_at = ? WHERE id = ?",
                Timestamp.from(now),
                Timestamp.from(now),
                id);
    }

    List<VersionRow> versions(UUID id) {
        return jdbc.query(
                "SELECT version, created_at, definition FROM job_version WHERE job_id = ? ORDER BY version",
                (rs, n) -> new VersionRow(
                        rs.getInt("version"), rs.getTimestamp("created_at").toInstant(), rs.getString("definition")),
                id);
    }

    Optional<VersionRow> version(UUID id, int version) {
        return jdbc
                .query(
                        "SELECT version, created_at, definition FROM job_version WHERE job_id = ? AND version = ?",
                        (rs, n) -> new VersionRow(
                                rs.getInt("version"),
                                rs.getTimestamp("created_at").toInstant(),
                                rs.getString("definition")),
                        id,
                        version)
                .stream()
                .findFirst();
    }

    @Override
    public List<String> jobsUsing(String connectionName) {
        return jdbc.queryForList(
                "SELECT j.name FROM job j JOIN job_version v ON v.job_id = j.id AND v.version = j.current_version"
                        + " WHERE j.deleted_at IS NULL AND (v.definition::jsonb #>> '{source,connection}' = ?"
                        + " OR v.definition::jsonb #>> '{target,connection}' = ?) ORDER BY j.name",
                String.class,
                connectionName,
                connectionName);
    }

    @Override
    public Map<String, Integer> connectionsNeeded(String connectionName) {
        Map<String, Integer> needed = new java.util.LinkedHashMap<>();
        jdbc.query(
                "SELECT j.name, COALESCE((v.definition::jsonb #>> '{source,split,parallelism}')::int, 1) FROM job j"
                        + " JOIN job_version v ON v.job_id = j.id AND v.version = j.current_version"
                        + " WHERE j.deleted_at IS NULL AND (v.definition::jsonb #>> '{source,connection}' = ?"
                        + " OR v.definition::jsonb #>> '{target,connection}' = ?) ORDER BY j.name",
                rs -> {
                    needed.put(rs.getString(1), rs.getInt(2));
                },
                connectionName,
                connectionName);
        return needed;
    }

    private static JobRow map(ResultSet rs, int row) throws SQLException {
        return new JobRow(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getBoolean("enabled"),
                rs.getInt("current_version"),
                rs.getInt("revision"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                rs.getString("definition"));
    }
}
