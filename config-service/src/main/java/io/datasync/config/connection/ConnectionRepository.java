package io.datasync.config.connection;

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
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The {@code connection} table; settings are a JSONB document whose secrets are already ciphertext. */
@Repository
class ConnectionRepository {

    private static final String COLUMNS =
            "id, name, type, description, version, settings::text AS settings, created_at, updated_at";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final JdbcTemplate jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    ConnectionRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void insert(StoredConnection c) {
        jdbc.update(
                "INSERT INTO connection (id, name, type, description, version, settings, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?)",
                c.id(),
                c.name(),
                c.type().wireName(),
                c.description(),
                c.version(),
                json.writeValueAsString(c.settings()),
                Timestamp.from(c.createdAt()),
                Timestamp.from(c.updatedAt()));
    }

    /** Replaces everything but the id and creation time; the caller holds the row lock and sets the new version. */
    void update(StoredConnection c) {
        jdbc.update(
                "UPDATE connection SET name = ?, type = ?, description = ?, version = ?, settings = ?::jsonb, "
                        + "updated_at = ? WHERE id = ?",
                c.name(),
                c.type().wireName(),
                c.description(),
                c.version(),
                json.writeValueAsString(c.settings()),
                Timestamp.from(c.updatedAt()),
                c.id());
    }

    /** Re-encryption changes no setting, so it keeps the version and sends no event. */
    void updateSettings(UUID id, Map<String, Object> settings) {
        jdbc.update("UPDATE connection SET settings = ?::jsonb WHERE id = ?", json.writeValueAsString(settings), id);
    }

    Optional<StoredConnection> findById(UUID id, boolean lock) {
        return jdbc
                .query(
                        "SELECT " + COLUMNS + " FROM connection WHERE id = ?" + (lock ? " FOR UPDATE" : ""),
                        this::map,
                        id)
                .stream()
                .findFirst();
    }

    Optional<StoredConnection> findByName(String name) {
        return jdbc.query("SELECT " + COLUMNS + " FROM connection WHERE name = ?", this::map, name).stream()
                .findFirst();
    }

    boolean nameTaken(String name, UUID exceptId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM connection WHERE name = ? AND id <> ?)", Boolean.class, name, exceptId));
    }

    List<StoredConnection> page(String type, int offset, int limit) {
        return type == null
                ? jdbc.query(
                        "SELECT " + COLUMNS + " FROM connection ORDER BY name LIMIT ? OFFSET ?",
                        this::map,
                        limit,
                        offset)
                : jdbc.query(
                        "SELECT " + COLUMNS + " FROM connection WHERE type = ? ORDER BY name LIMIT ? OFFSET ?",
                        this::map,
                        type,
                        limit,
                        offset);
    }

    long count(String type) {
        Long n = type == null
                ? jdbc.queryForObject("SELECT count(*) FROM connection", Long.class)
                : jdbc.queryForObject("SELECT count(*) FROM connection WHERE type = ?", Long.class, type);
        return n == null ? 0 : n;
    }

    /** Every connection, locked until the transaction ends, so a rotation sees and rewrites a stable set. */
    List<StoredConnection> lockAll() {
        return jdbc.query("SELECT " + COLUMNS + " FROM connection ORDER BY id FOR UPDATE", this::map);
    }

    List<StoredConnection> all() {
        return jdbc.query("SELECT " + COLUMNS + " FROM connection ORDER BY name", this::map);
    }

    boolean delete(UUID id) {
        return jdbc.update("DELETE FROM connection WHERE id = ?", id) == 1;
    }

    private StoredConnection map(ResultSet rs, int row) throws SQLException {
        String type = rs.getString("type");
        return new StoredConnection(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                ConnectionType.fromWireName(type)
                        .orElseThrow(
                                () -> new IllegalStateException("stored connection type '" + type + "' is unknown")),
                rs.getString("description"),
                rs.getLong("version"),
                json.readValue(rs.getString("settings"), MAP),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("updated_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp.toInstant();
    }
}
