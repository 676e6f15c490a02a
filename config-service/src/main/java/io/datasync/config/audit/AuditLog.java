package io.datasync.config.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The {@code audit_log} table: rows are only ever added, and read newest first. */
@Repository
public class AuditLog {

    /** A row to add; {@code eventId} is set for rows that came as events from other services (null otherwise). */
    public record NewEntry(
            Instant occurredAt,
            String service,
            String actor,
            String actorRole,
            String via,
            String apiKeyId,
            String action,
            String resourceType,
            String resourceId,
            String method,
            String path,
            Long beforeVersion,
            Long afterVersion,
            String correlationId,
            UUID eventId) {}

    /** What to select; null members do not filter. */
    public record Filter(String resourceType, String resourceId, String actor, Instant from, Instant to) {}

    private static final String COLUMNS = "id, occurred_at, service, actor, actor_role, actor_via, api_key_id, action,"
            + " resource_type, resource_id, method, path, before_version, after_version, correlation_id";

    private final JdbcTemplate jdbc;

    AuditLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds a row in the caller's transaction, the one making the change it records. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void add(NewEntry e) {
        jdbc.update(
                "INSERT INTO audit_log (occurred_at, service, actor, actor_role, actor_via, api_key_id, action,"
                        + " resource_type, resource_id, method, path, before_version, after_version, correlation_id,"
                        + " event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (event_id) DO NOTHING",
                Timestamp.from(e.occurredAt()),
                e.service(),
                e.actor(),
                e.actorRole(),
                e.via(),
                e.apiKeyId(),
                e.action(),
                e.resourceType(),
                e.resourceId(),
                e.method(),
                e.path(),
                e.beforeVersion(),
                e.afterVersion(),
                e.correlationId(),
                e.eventId());
    }

    public List<AuditEntry> page(Filter filter, int offset, int size) {
        List<Object> args = new ArrayList<>();
        String where = where(filter, args);
        args.add(size);
        args.add(offset);
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM audit_log" + where
                        + " ORDER BY occurred_at DESC, id DESC LIMIT ? OFFSET ?",
                AuditLog::entry,
                args.toArray());
    }

    public long count(Filter filter) {
        List<Object> args = new ArrayList<>();
        String where = where(filter, args);
        Long count = jdbc.queryForObject("SELECT count(*) FROM audit_log" + where, Long.class, args.toArray());
        return count == null ? 0 : count;
    }

    private static String where(Filter filter, List<Object> args) {
        List<String> terms = new ArrayList<>();
        if (filter.resourceType() != null) {
            terms.add("resource_type = ?");
            args.add(filter.resourceType());
        }
        if (filter.resourceId() != null) {
            terms.add("resource_id = ?");
            args.add(filter.resourceId());
        }
        if (filter.actor() != null) {
            terms.add("actor = ?");
            args.add(filter.actor());
        }
        if (filter.from() != null) {
            terms.add("occurred_at >= ?");
            args.add(Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            terms.add("occurred_at < ?");
            args.add(Timestamp.from(filter.to()));
        }
        return terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms);
    }

    private static AuditEntry entry(ResultSet rs, int row) throws SQLException {
        return new AuditEntry(
                rs.getLong("id"),
                rs.getTimestamp("occurred_at").toInstant(),
                rs.getString("service"),
                rs.getString("actor"),
                rs.getString("actor_role"),
                rs.getString("actor_via"),
                rs.getString("api_key_id"),
                rs.getString("action"),
                rs.getString("resource_type"),
                rs.getString("resource_id"),
                rs.getString("method"),
                rs.getString("path"),
                rs.getObject("before_version", Long.class),
                rs.getObject("after_version", Long.class),
                rs.getString("correlation_id"));
    }
}
