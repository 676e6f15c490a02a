package io.datasync.config.apikey;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code api_key} table. */
@Repository
class ApiKeyRepository {

    private static final String COLUMNS = "id, name, role, job_id, key_hash, created_at, created_by, expires_at,"
            + " last_used_at, revoked_at, revoked_by";

    private final JdbcTemplate jdbc;

    ApiKeyRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void insert(StoredApiKey k) {
        jdbc.update(
                "INSERT INTO api_key (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                k.id(),
                k.name(),
                k.role(),
                k.jobId(),
                k.keyHash(),
                ts(k.createdAt()),
                k.createdBy(),
                ts(k.expiresAt()),
                ts(k.lastUsedAt()),
                ts(k.revokedAt()),
                k.revokedBy());
    }

    Optional<StoredApiKey> find(String id, boolean lock) {
        return jdbc
                .query(
                        "SELECT " + COLUMNS + " FROM api_key WHERE id = ?" + (lock ? " FOR UPDATE" : ""),
                        ApiKeyRepository::row,
                        id)
                .stream()
                .findFirst();
    }

    /** The unrevoked key holding {@code name}, if any (expired or not). */
    Optional<StoredApiKey> unrevokedByName(String name) {
        return jdbc
                .query(
                        "SELECT " + COLUMNS + " FROM api_key WHERE name = ? AND revoked_at IS NULL FOR UPDATE",
                        ApiKeyRepository::row,
                        name)
                .stream()
                .findFirst();
    }

    /** The unrevoked keys bound to a job, locked. */
    List<StoredApiKey> unrevokedForJob(UUID jobId) {
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM api_key WHERE job_id = ? AND revoked_at IS NULL ORDER BY id FOR UPDATE",
                ApiKeyRepository::row,
                jobId);
    }

    List<StoredApiKey> page(int offset, int size) {
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM api_key ORDER BY created_at DESC, id LIMIT ? OFFSET ?",
                ApiKeyRepository::row,
                size,
                offset);
    }

    long count() {
        Long count = jdbc.queryForObject("SELECT count(*) FROM api_key", Long.class);
        return count == null ? 0 : count;
    }

    void revoke(String id, Instant at, String by) {
        jdbc.update("UPDATE api_key SET revoked_at = ?, revoked_by = ? WHERE id = ?", ts(at), by, id);
    }

    /** Records a use, unless one at or after {@code notBefore} is recorded already. */
    void used(String id, Instant at, Instant notBefore) {
        jdbc.update(
                "UPDATE api_key SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)",
                ts(at),
                id,
                ts(notBefore));
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    private static StoredApiKey row(ResultSet rs, int n) throws SQLException {
        return new StoredApiKey(
                rs.getString("id"),
                rs.getString("name"),
                rs.getString("role"),
                rs.getObject("job_id", UUID.class),
                rs.getString("key_hash"),
                instant(rs, "created_at"),
                rs.getString("created_by"),
                instant(rs, "expires_at"),
                instant(rs, "last_used_at"),
                instant(rs, "revoked_at"),
                rs.getString("revoked_by"));
    }
}
