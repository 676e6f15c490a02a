package io.datasync.config.rules;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Rule sets and their immutable versions in PostgreSQL; callers hold the transaction. */
@Repository
public class RuleSetRepository {

    /** A live rule set's head. */
    public record Head(UUID id, String name, long version, Instant createdAt, Instant updatedAt) {}

    /** A line of the rule set list. */
    public record Summary(
            UUID id,
            String name,
            long version,
            String description,
            int ruleCount,
            Instant createdAt,
            Instant updatedAt) {}

    /** One saved version; {@code body} is the canonical JSON of the definition. */
    public record Version(UUID ruleSetId, long version, String body, Instant createdAt) {}

    private final JdbcTemplate jdbc;

    public RuleSetRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Head> find(UUID id) {
        return jdbc
                .query(
                        "SELECT id, name, current_version, created_at, updated_at FROM rule_set"
                                + " WHERE id = ? AND NOT deleted",
                        RuleSetRepository::head,
                        id)
                .stream()
                .findFirst();
    }

    /** Whether a live rule set other than {@code except} has this name. */
    /** The id of the live rule set with this name. */
    public Optional<UUID> idByName(String name) {
        return jdbc.queryForList("SELECT id FROM rule_set WHERE name = ? AND NOT deleted", UUID.class, name).stream()
                .findFirst();
    }

    public boolean nameTaken(String name, UUID except) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM rule_set WHERE name = ? AND NOT deleted AND id IS DISTINCT FROM ?)",
                Boolean.class,
                name,
                except));
    }

    public void insert(UUID id, String name, String body, Instant now) {
        jdbc.update(
                "INSERT INTO rule_set (id, name, current_version, created_at, updated_at) VALUES (?, ?, 1, ?, ?)",
                id,
                name,
                Timestamp.from(now),
                Timestamp.from(now));
        insertVersion(id, 1, body, now);
    }

    /**
     * Saves a new version and makes it current; the row lock taken here orders concurrent updates of one set.
     *
     * @return the new version, or empty when the rule set does not exist (or is deleted)
     */
    /** Adds a version when the current one is still {@code expectedVersion}; empty when it is not (or is gone). */
    public Optional<Long> update(UUID id, String name, String body, Instant now, long expectedVersion) {
        List<Long> version = jdbc.queryForList(
                "UPDATE rule_set SET name = ?, current_version = current_version + 1, updated_at = ?"
                        + " WHERE id = ? AND NOT deleted AND current_version = ? RETURNING current_version",
                Long.class,
                name,
                Timestamp.from(now),
                id,
                expectedVersion);
        if (version.isEmpty()) {
            return Optional.empty();
        }
        insertVersion(id, version.get(0), body, now);
        return Optional.of(version.get(0));
    }

    /** Marks a rule set deleted; its versions stay, for the runs that used them. */
    public Optional<Head> delete(UUID id, Instant now) {
        return jdbc
                .query(
                        "UPDATE rule_set SET deleted = TRUE, updated_at = ? WHERE id = ? AND NOT deleted"
                                + " RETURNING id, name, current_version, created_at, updated_at",
                        RuleSetRepository::head,
                        Timestamp.from(now),
                        id)
                .stream()
                .findFirst();
    }

    public List<Summary> list(int page, int size) {
        return jdbc.query(
                "SELECT s.id, s.name, s.current_version, s.created_at, s.updated_at, v.body->>'description' AS description,"
                        + " jsonb_array_length(v.body->'rules') AS rule_count"
                        + " FROM rule_set s JOIN rule_set_version v ON v.rule_set_id = s.id AND v.version = s.current_version"
                        + " WHERE NOT s.deleted ORDER BY s.name LIMIT ? OFFSET ?",
                (rs, n) -> new Summary(
                        rs.getObject("id", UUID.class),
                        rs.getString("name"),
                        rs.getLong("current_version"),
                        rs.getString("description"),
                        rs.getInt("rule_count"),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("updated_at").toInstant()),
                size,
                (long) page * size);
    }

    public long count() {
        Long count = jdbc.queryForObject("SELECT count(*) FROM rule_set WHERE NOT deleted", Long.class);
        return count == null ? 0 : count;
    }

    /** The versions of a rule set, newest first, without their bodies. */
    public List<Version> versions(UUID id) {
        return jdbc.query(
                "SELECT rule_set_id, version, NULL AS body, created_at FROM rule_set_version"
                        + " WHERE rule_set_id = ? ORDER BY version DESC",
                RuleSetRepository::version,
                id);
    }

    public Optional<Version> version(UUID id, long version) {
        return jdbc
                .query(
                        "SELECT rule_set_id, version, body::text AS body, created_at FROM rule_set_version"
                                + " WHERE rule_set_id = ? AND version = ?",
                        RuleSetRepository::version,
                        id,
                        version)
                .stream()
                .findFirst();
    }

    private void insertVersion(UUID id, long version, String body, Instant now) {
        jdbc.update(
                "INSERT INTO rule_set_version (rule_set_id, version, body, created_at) VALUES (?, ?, ?::jsonb, ?)",
                id,
                version,
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
                rs.getString("body"),
                rs.getTimestamp("created_at").toInstant());
    }
}
