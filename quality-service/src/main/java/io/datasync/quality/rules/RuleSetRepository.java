package io.datasync.quality.rules;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Quality rule sets and their immutable versions in PostgreSQL; callers hold the transaction. */
@Repository
public class RuleSetRepository {

    /** A live rule set's head. */
    public record Head(UUID id, String name, long version, Instant createdAt, Instant updatedAt) {}

    /** One saved version; {@code body} is the canonical JSON of the definition. */
    public record Version(UUID ruleSetId, long version, String name, String body, Instant createdAt) {}

    private static final String HEAD_COLUMNS = "id, name, current_version, created_at, updated_at";

    private final JdbcTemplate jdbc;

    public RuleSetRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Head> find(UUID id) {
        return jdbc
                .query(
                        "SELECT " + HEAD_COLUMNS + " FROM quality_rule_set WHERE id = ? AND NOT deleted",
                        RuleSetRepository::head,
                        id)
                .stream()
                .findFirst();
    }

    /** The live rule set with this name. */
    public Optional<Head> findByName(String name) {
        return jdbc
                .query(
                        "SELECT " + HEAD_COLUMNS + " FROM quality_rule_set WHERE name = ? AND NOT deleted",
                        RuleSetRepository::head,
                        name)
                .stream()
                .findFirst();
    }

    /** Whether a live rule set other than {@code except} has this name. */
    public boolean nameTaken(String name, UUID except) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM quality_rule_set WHERE name = ? AND NOT deleted"
                        + " AND id IS DISTINCT FROM ?)",
                Boolean.class,
                name,
                except));
    }

    public void insert(UUID id, String name, String body, Instant now) {
        jdbc.update(
                "INSERT INTO quality_rule_set (id, name, current_version, created_at, updated_at)"
                        + " VALUES (?, ?, 1, ?, ?)",
                id,
                name,
                Timestamp.from(now),
                Timestamp.from(now));
        insertVersion(id, 1, name, body, now);
    }

    /** Adds a version when the current one is still {@code expectedVersion}; empty when it is not (or is gone). */
    public Optional<Long> update(UUID id, String name, String body, Instant now, long expectedVersion) {
        List<Long> version = jdbc.queryForList(
                "UPDATE quality_rule_set SET name = ?, current_version = current_version + 1, updated_at = ?"
                        + " WHERE id = ? AND NOT deleted AND current_version = ? RETURNING current_version",
                Long.class,
                name,
                Timestamp.from(now),
                id,
                expectedVersion);
        if (version.isEmpty()) {
            return Optional.empty();
        }
        insertVersion(id, version.get(0), name, body, now);
        return Optional.of(version.get(0));
    }

    /** Marks a rule set deleted; its versions stay, for the runs that used them. */
    public Optional<Head> delete(UUID id, Instant now) {
        return jdbc
                .query(
                        "UPDATE quality_rule_set SET deleted = TRUE, updated_at = ? WHERE id = ? AND NOT deleted"
                                + " RETURNING " + HEAD_COLUMNS,
                        RuleSetRepository::head,
                        Timestamp.from(now),
                        id)
                .stream()
                .findFirst();
    }

    public List<Head> list(int page, int size) {
        return jdbc.query(
                "SELECT " + HEAD_COLUMNS + " FROM quality_rule_set WHERE NOT deleted ORDER BY name LIMIT ? OFFSET ?",
                RuleSetRepository::head,
                size,
                (long) page * size);
    }

    public long count() {
        Long count = jdbc.queryForObject("SELECT count(*) FROM quality_rule_set WHERE NOT deleted", Long.class);
        return count == null ? 0 : count;
    }

    /** The versions of a rule set, newest first, without their bodies. */
    public List<Version> versions(UUID id) {
        return jdbc.query(
                "SELECT rule_set_id, version, name, NULL AS body, created_at FROM quality_rule_set_version"
                        + " WHERE rule_set_id = ? ORDER BY version DESC",
                RuleSetRepository::version,
                id);
    }

    public Optional<Version> version(UUID id, long version) {
        return jdbc
                .query(
                        "SELECT rule_set_id, version, name, body::text AS body, created_at"
                                + " FROM quality_rule_set_version WHERE rule_set_id = ? AND version = ?",
                        RuleSetRepository::version,
                        id,
                        version)
                .stream()
                .findFirst();
    }

    /**
     * The version a run names (rule set name and version number): of the live rule set with that name when it has
     * one, else of the newest (deleted or renamed) set that saved a version under that name.
     */
    public Optional<Version> versionByName(String name, long version) {
        return jdbc
                .query(
                        "SELECT v.rule_set_id, v.version, v.name, v.body::text AS body, v.created_at"
                                + " FROM quality_rule_set_version v JOIN quality_rule_set s ON s.id = v.rule_set_id"
                                + " WHERE v.name = ? AND v.version = ?"
                                + " ORDER BY (s.name = v.name AND NOT s.deleted) DESC, v.created_at DESC LIMIT 1",
                        RuleSetRepository::version,
                        name,
                        version)
                .stream()
                .findFirst();
    }

    private void insertVersion(UUID id, long version, String name, String body, Instant now) {
        jdbc.update(
                "INSERT INTO quality_rule_set_version (rule_set_id, version, name, body, created_at)"
                        + " VALUES (?, ?, ?, ?::jsonb, ?)",
                id,
                version,
                name,
                body,
                Timestamp.from(now));
    }

    private static Head head(ResultSet rs, int row) throws SQLException {
        return new Head(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getLong("current_version"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    private static Version version(ResultSet rs, int row) throws SQLException {
        return new Version(
                rs.getObject("rule_set_id", UUID.class),
                rs.getLong("version"),
                rs.getString("name"),
                rs.getString("body"),
                rs.getTimestamp("created_at").toInstant());
    }
}
