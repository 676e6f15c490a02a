package io.datasync.kit.outbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/** SQL of the {@code outbox_event} table. */
public class OutboxRepository {

    /** Advisory lock key of the outbox relay (any constant; each service has its own database). */
    private static final long RELAY_LOCK = 0x0D5A_0B0CL;

    private static final String COLUMNS =
            "seq, id, topic, message_key, type, payload, created_at, published_at, correlation_id";

    private final JdbcTemplate jdbc;

    public OutboxRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void insert(
            String id, String topic, String key, String type, String payload, Instant createdAt, String correlationId) {
        jdbc.update(
                "INSERT INTO outbox_event (id, topic, message_key, type, payload, created_at, correlation_id)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                UUID.fromString(id),
                topic,
                key,
                type,
                payload,
                Timestamp.from(createdAt),
                correlationId);
    }

    /** Locks the oldest unpublished rows; rows another relay holds are skipped, so two replicas never send one row. */
    List<OutboxRecord> lockUnpublished(int limit) {
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM outbox_event WHERE published_at IS NULL ORDER BY seq LIMIT ? "
                        + "FOR UPDATE SKIP LOCKED",
                OutboxRepository::map,
                limit);
    }

    void markPublished(List<OutboxRecord> records) {
        Long[] seqs = records.stream().map(OutboxRecord::seq).toArray(Long[]::new);
        jdbc.update(c -> {
            var ps = c.prepareStatement("UPDATE outbox_event SET published_at = now() WHERE seq = ANY (?)");
            ps.setArray(1, c.createArrayOf("bigint", seqs));
            return ps;
        });
    }

    public long countPending() {
        Long n = jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE published_at IS NULL", Long.class);
        return n == null ? 0 : n;
    }

    /** Takes the relay lock for the current transaction; false when another relay holds it. */
    boolean tryBecomeActiveRelay() {
        return Boolean.TRUE.equals(
                jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, RELAY_LOCK));
    }

    /** Deletes published outbox rows and inbox entries older than {@code cutoff}; returns how many. */
    int purgeBefore(Instant cutoff) {
        Timestamp t = Timestamp.from(cutoff);
        return jdbc.update("DELETE FROM outbox_event WHERE published_at < ?", t)
                + jdbc.update("DELETE FROM inbox_event WHERE received_at < ?", t);
    }

    /** Creation time of the oldest unpublished event, if any: how far the relay is behind. */
    public Instant oldestPending() {
        Timestamp t = jdbc.queryForObject(
                "SELECT min(created_at) FROM outbox_event WHERE published_at IS NULL", Timestamp.class);
        return t == null ? null : t.toInstant();
    }

    public List<OutboxRecord> recent(int limit) {
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM outbox_event ORDER BY seq DESC LIMIT ?", OutboxRepository::map, limit);
    }

    private static OutboxRecord map(ResultSet rs, int row) throws SQLException {
        Timestamp published = rs.getTimestamp("published_at");
        return new OutboxRecord(
                rs.getLong("seq"),
                rs.getString("id"),
                rs.getString("topic"),
                rs.getString("message_key"),
                rs.getString("type"),
                rs.getString("payload"),
                rs.getTimestamp("created_at").toInstant(),
                published == null ? null : published.toInstant(),
                rs.getString("correlation_id"));
    }
}
