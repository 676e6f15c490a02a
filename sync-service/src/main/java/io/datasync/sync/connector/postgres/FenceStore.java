package io.datasync.sync.connector.postgres;

import static io.datasync.sync.connector.postgres.TargetTable.execute;
import static io.datasync.sync.connector.postgres.TargetTable.quote;

import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.Fence;
import io.datasync.sync.connector.spi.SyncErrorCode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The fences of the scopes written into a schema, in its {@code datasync_fence} table beside the checkpoints: per scope
 * the epoch of the owner that may write it now. A new owner {@link #claim claims} the scope with its larger epoch
 * before it reads any checkpoint; every chunk transaction first {@link #check checks} that the scope still holds its
 * epoch. The check updates the fence row, so it holds the row's lock until the chunk commits: a late commit of an
 * earlier owner is ordered strictly before the new owner's claim (which waits for the lock), and the new owner reads
 * the checkpoints after its claim, so it resumes after that chunk. A check after the claim finds another epoch and the
 * chunk rolls back with {@link SyncErrorCode#FENCED}: no lost and no doubled chunk, even for appends.
 *
 * <p>A writer stopped in the middle of its chunk (SIGSTOP, a long GC pause) would hold the fence row's lock, and with
 * it the new owner's claim, until it runs again. So the check bounds how long its transaction may stay idle
 * ({@code idle_in_transaction_session_timeout}, a third of the run's lease: the server then ends that session and its
 * transaction rolls back) and the claim bounds how long it waits for the lock ({@code lock_timeout}, half the lease).
 * A writer stopped while its COPY streams is not idle to the server and keeps the lock until it runs again or its
 * connection breaks; the claim then fails with FENCED and the run is taken up again after a lease.
 *
 * <p>Every statement runs in the caller's transaction. Thread-safe (no state but SQL).
 */
final class FenceStore {

    static final String TABLE = "datasync_fence";

    private final String table;
    /** For {@code idle_in_transaction_session_timeout} in a chunk's transaction; null leaves the server's setting. */
    private final Duration idleTimeout;
    /** For {@code lock_timeout} of the claim; null leaves the server's setting. */
    private final Duration lockTimeout;

    /**
     * @param schema the target table's schema, which holds the fences
     * @param lease how long a run's owner keeps it without renewing its lease; null for no timeouts
     */
    FenceStore(String schema, Duration lease) {
        this.table = quote(schema) + "." + quote(TABLE);
        this.idleTimeout = lease == null ? null : atLeastOneMilli(lease.dividedBy(3));
        this.lockTimeout = lease == null ? null : atLeastOneMilli(lease.dividedBy(2));
    }

    /** Creates the fence table when the schema has none yet; every scope written into the schema shares it. */
    void create(Connection c) throws SQLException {
        execute(
                c,
                "CREATE TABLE IF NOT EXISTS " + table + " (scope text PRIMARY KEY, epoch bigint NOT NULL,"
                        + " owner text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())");
    }

    /**
     * Records {@code fence} as the scope's owner unless a larger epoch holds it already. Waits for a writer still in a
     * chunk of the scope to commit or roll back, at most {@code lock_timeout}.
     *
     * @throws ConnectorException {@link SyncErrorCode#FENCED} when a newer owner holds the scope, or when a stalled
     *     writer held it longer than the lock timeout
     */
    void claim(Connection c, Fence fence) throws SQLException {
        if (lockTimeout != null) {
            execute(c, "SET LOCAL lock_timeout = '" + lockTimeout.toMillis() + "ms'");
        }
        int claimed;
        try (PreparedStatement st = c.prepareStatement("INSERT INTO " + table
                + " AS f (scope, epoch, owner, updated_at) VALUES (?, ?, ?, now()) ON CONFLICT (scope) DO UPDATE"
                + " SET epoch = EXCLUDED.epoch, owner = EXCLUDED.owner, updated_at = EXCLUDED.updated_at"
                + " WHERE f.epoch < EXCLUDED.epoch")) {
            st.setString(1, fence.scope());
            st.setLong(2, fence.epoch());
            st.setString(3, fence.owner());
            claimed = st.executeUpdate();
        } catch (SQLException e) {
            if ("55P03".equals(e.getSQLState())) { // lock_not_available: lock_timeout fired
                throw new ConnectorException(
                        SyncErrorCode.FENCED,
                        "the fence of " + fence.scope() + " in " + table + " is locked by an earlier owner's chunk"
                                + " that did not finish within " + lockTimeout.toMillis() + " ms (that writer is"
                                + " stalled); the run is left to be taken up again",
                        null);
            }
            throw e;
        }
        if (claimed == 0) {
            throw fenced(c, fence, "a newer owner claimed it first");
        }
    }

    /**
     * Checks, first thing in a chunk's transaction, that the scope still holds {@code fence}'s epoch, and keeps the
     * fence row locked until the transaction ends. Bounds how long the transaction may then stay idle.
     *
     * @throws ConnectorException {@link SyncErrorCode#FENCED} when another owner claimed the scope since; the caller
     *     rolls back
     */
    void check(Connection c, Fence fence) throws SQLException {
        // One round trip per chunk: the idle timeout is set (for this transaction only) by the row the check updates.
        try (PreparedStatement st = c.prepareStatement("UPDATE " + table
                + " SET updated_at = now() WHERE scope = ? AND epoch = ?"
                + " RETURNING set_config('idle_in_transaction_session_timeout',"
                + " COALESCE(?, current_setting('idle_in_transaction_session_timeout')), true)")) {
            st.setString(1, fence.scope());
            st.setLong(2, fence.epoch());
            st.setString(3, idleTimeout == null ? null : idleTimeout.toMillis() + "ms"); // null keeps the server's
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw fenced(c, fence, "another owner claimed it since");
                }
            }
        }
    }

    /** The epoch and owner holding the scope now, named in the refusal for the operator. */
    private ConnectorException fenced(Connection c, Fence fence, String why) throws SQLException {
        String holder = "nobody";
        try (PreparedStatement st = c.prepareStatement("SELECT epoch, owner FROM " + table + " WHERE scope = ?")) {
            st.setString(1, fence.scope());
            try (ResultSet rs = st.executeQuery()) {
                if (rs.next()) {
                    holder = "epoch " + rs.getLong(1) + " of " + rs.getString(2);
                }
            }
        }
        return new ConnectorException(
                SyncErrorCode.FENCED,
                "epoch " + fence.epoch() + " of " + fence.owner() + " no longer owns " + fence.scope() + " (" + why
                        + "; " + table + " holds " + holder + "): nothing of this transaction is written",
                null);
    }

    private static Duration atLeastOneMilli(Duration d) {
        return d.toMillis() < 1 ? Duration.ofMillis(1) : d;
    }
}
