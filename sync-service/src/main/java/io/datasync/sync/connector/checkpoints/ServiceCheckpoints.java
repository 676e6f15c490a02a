package io.datasync.sync.connector.checkpoints;

import io.datasync.sync.connector.spi.Checkpoint;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.PositionJson;
import io.datasync.sync.connector.spi.PositionUpdate;
import io.datasync.sync.connector.spi.SyncErrorCode;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checkpoints (batch) and stream positions of sinks whose target has no transaction to keep them in — Kafka topics
 * and MQTT brokers — stored in sync-service's own database ({@code sync_sink_checkpoint}). A sink saves them after the
 * target acknowledged the rows (Kafka {@code acks=all} and flush, MQTT PUBACK/PUBCOMP), so a crash in between sends
 * those rows again: at least once, and once per key on a compacted topic or a retained MQTT message per key.
 *
 * <p>Stream positions move by compare-and-set, all of a micro-batch's splits in one transaction, so two members that
 * both think they own a split cannot both move it. Thread-safe.
 */
@Component
public class ServiceCheckpoints {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public ServiceCheckpoints(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    public Optional<Checkpoint> read(String scope, String splitId) {
        return jdbc
                .query(
                        "SELECT position::text, rows_written FROM sync_sink_checkpoint WHERE scope = ? AND split_id = ?",
                        (rs, i) -> new Checkpoint(scope, splitId, PositionJson.read(rs.getString(1)), rs.getLong(2)),
                        scope,
                        splitId)
                .stream()
                .findFirst();
    }

    /** Inserts or replaces a batch split's checkpoint. */
    public void save(Checkpoint checkpoint) {
        jdbc.update(
                "INSERT INTO sync_sink_checkpoint (scope, split_id, position, rows_written, updated_at)"
                        + " VALUES (?, ?, ?::jsonb, ?, now()) ON CONFLICT (scope, split_id) DO UPDATE SET"
                        + " position = EXCLUDED.position, rows_written = EXCLUDED.rows_written, updated_at = now()",
                checkpoint.jobId(),
                checkpoint.splitId(),
                PositionJson.write(checkpoint.position()),
                checkpoint.rowsWritten());
    }

    /** The stored positions of a stream scope's splits; a split never committed is absent. */
    public Map<String, Position> positions(String scope, Collection<String> splitIds) {
        Map<String, Position> found = new HashMap<>();
        if (splitIds.isEmpty()) {
            return found;
        }
        jdbc.query(
                "SELECT split_id, position::text FROM sync_sink_checkpoint WHERE scope = ? AND split_id = ANY (?)",
                rs -> {
                    found.put(rs.getString(1), PositionJson.read(rs.getString(2)));
                },
                scope,
                splitIds.toArray(String[]::new));
        return found;
    }

    /**
     * Moves every split of a micro-batch from its expected position to its next one, all or none.
     *
     * @throws ConnectorException {@link SyncErrorCode#POSITION_MOVED} when a split no longer holds its expected
     *     position (another member moved it); nothing is changed then
     */
    public void compareAndSet(String scope, List<PositionUpdate> updates) {
        try {
            transactions.executeWithoutResult(status -> {
                for (PositionUpdate update : updates) {
                    int changed = update.expected() == null
                            ? jdbc.update(
                                    "INSERT INTO sync_sink_checkpoint (scope, split_id, position, rows_written,"
                                            + " updated_at) VALUES (?, ?, ?::jsonb, ?, now())"
                                            + " ON CONFLICT (scope, split_id) DO NOTHING",
                                    scope,
                                    update.splitId(),
                                    PositionJson.write(update.next()),
                                    update.rows())
                            : jdbc.update(
                                    "UPDATE sync_sink_checkpoint SET position = ?::jsonb,"
                                            + " rows_written = rows_written + ?, updated_at = now()"
                                            + " WHERE scope = ? AND split_id = ? AND position = ?::jsonb",
                                    PositionJson.write(update.next()),
                                    update.rows(),
                                    scope,
                                    update.splitId(),
                                    PositionJson.write(update.expected()));
                    if (changed == 0) {
                        throw new ConnectorException(
                                SyncErrorCode.POSITION_MOVED,
                                "split " + update.splitId() + " of " + scope + " no longer holds the position this"
                                        + " reader resumed from; it was moved by another reader",
                                null);
                    }
                }
            });
        } catch (DataAccessException e) {
            throw new ConnectorException(
                    SyncErrorCode.STATE_UNAVAILABLE,
                    "cannot store the stream positions of " + scope + " in sync-service's database: " + e.getMessage(),
                    e);
        }
    }

    /** Forgets a scope's checkpoints and positions (its job was deleted, or a run starts from the beginning). */
    public void deleteAll(String scope) {
        jdbc.update("DELETE FROM sync_sink_checkpoint WHERE scope = ?", scope);
    }
}
