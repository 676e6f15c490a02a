package io.datasync.sync.connector.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.datasync.models.job.TargetSpec;
import io.datasync.models.job.WriteMode;
import io.datasync.sync.connector.spi.Checkpoint;
import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.Fence;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.PositionUpdate;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.connector.spi.Sink;
import io.datasync.sync.connector.spi.SyncErrorCode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Writes a job's rows into one PostgreSQL table. Each chunk is written in one transaction on the target: its rows are
 * COPied into the table ({@link CopyWriter}), and the split's checkpoint is upserted into {@code datasync_checkpoint}
 * in the table's schema ({@link CheckpointStore}). The sink owns its checkpoints in the target database precisely so
 * that rows and position commit together; no other store could give that guarantee without a distributed transaction.
 * {@link TargetTable} checks (or creates) the table, {@link OverwriteSwap} loads and swaps in an overwrite's shadow
 * table; this class holds the connections and transactions and calls them in the order of the {@link Sink} lifecycle.
 *
 * <h2>Write modes</h2>
 *
 * <ul>
 *   <li>{@code insert}: COPY straight into the table, in the chunk's row order; a key arriving twice is a constraint
 *       error, not an update.
 *   <li>{@code upsert}: COPY straight into the table while it started empty and no key has clashed; from the first
 *       clash on, COPY into a per-session staging table and {@code INSERT … ON CONFLICT (keys) DO UPDATE}, rows of one
 *       chunk sharing a key reduced to the last one first ({@code DISTINCT ON}), since one statement may not update a
 *       row twice. The keys need a primary key or unique index on exactly those columns.
 *   <li>{@code overwrite}: rows go to a shadow table {@code <table>__datasync_load} created {@code LIKE} the target
 *       {@code INCLUDING ALL}; {@link #finish()} swaps it in under an {@code ACCESS EXCLUSIVE} lock in one transaction
 *       (rename, rename, drop), so readers see the old table or the new one, never a half-loaded one. With keys and a
 *       unique index the shadow is written by upsert. An interrupted overwrite resumes into its shadow, whose rows
 *       committed with the checkpoints; the swap deletes the job's checkpoints so the next run starts from scratch.
 *       Grants, triggers and foreign keys pointing at the old table are not carried over.
 * </ul>
 *
 * <h2>Delivery guarantee</h2>
 *
 * Exactly once per chunk: a chunk and its checkpoint commit in the same transaction, so after a crash either both are
 * on the target or neither is, and the engine resumes after the last committed checkpoint, never replaying a chunk that
 * committed. Upsert is moreover idempotent by key, so even a replayed chunk would leave one row per key.
 *
 * <h2>Fencing</h2>
 *
 * Given a {@link #fence} before {@link #prepare}, the sink claims it in {@code datasync_fence} of the table's schema
 * (beside the checkpoints) at the end of {@link #prepare}, before any checkpoint is read, and every chunk transaction
 * (and the overwrite swap) first checks it ({@link FenceStore}): an owner that lost the run fails its next chunk with
 * {@code SYNC-040} and writes nothing more, whatever it was doing when it lost it.
 *
 * <h2>Connections and threads</h2>
 *
 * A HikariCP pool sized to the run's parallelism rather than a {@code DriverManager} connection per writer thread:
 * the writer threads belong to the engine and the sink never sees them end, so per-thread connections would leak; the
 * pool also evicts a connection whose backend died and keeps healthy ones (with their staging table) across chunks.
 * {@link #write} and {@link #checkpoint} may be called from several threads at once; {@link #prepare}, {@link #finish}
 * and {@link #close} are called by one thread, before and after the writers.
 *
 * <p>Table and column names are taken exactly as written (quoted, so case-sensitive); an unqualified table lives in the
 * user's {@code current_schema()}.
 */
public final class PostgresSink implements Sink {

    /** Chunks estimated up to this size are encoded in binary into one buffer; larger ones are streamed. */
    static final long BUFFERED_CHUNK_BYTES = CopyWriter.BUFFERED_CHUNK_BYTES;

    private final PostgresEndpoint endpoint;
    /** The connection's writing pool when shared with other runs; null when the sink opens (and closes) its own. */
    private final DataSource shared;

    private final TargetSpec target;
    private final String jobId;
    private final int parallelism;

    private volatile Prepared prepared;
    /** The run owner's fence, set before {@link #prepare}; null writes unfenced. */
    private volatile Fence fence;
    /** The owner's lease, which bounds the fence's lock and idle timeouts; null for none. */
    private volatile Duration lease;

    /**
     * What {@link #prepare} found out and set up, fixed for the rest of the run.
     *
     * @param overwrite the shadow table and its swap; null unless the write mode is overwrite
     */
    private record Prepared(
            DataSource pool,
            TargetTable table,
            CheckpointStore checkpoints,
            FenceStore fences,
            CopyWriter writer,
            OverwriteSwap overwrite) {}

    /**
     * @param endpoint the target database, password decrypted
     * @param target the job's target: table ({@code schema.table} or {@code table}), write mode, keys, createTable
     * @param jobId the job whose checkpoints this sink writes (and, for overwrite, clears at the end)
     * @param parallelism how many threads will call {@link #write} at once; the connection pool gets as many
     */
    public PostgresSink(PostgresEndpoint endpoint, TargetSpec target, String jobId, int parallelism) {
        this(endpoint, null, target, jobId, parallelism);
    }

    /**
     * @param shared the connection's writing pool (autocommit off), shared with other runs and not closed by this sink;
     *     null to open a pool of the run's own, sized to {@code parallelism}
     */
    public PostgresSink(
            PostgresEndpoint endpoint, DataSource shared, TargetSpec target, String jobId, int parallelism) {
        if (endpoint == null || target == null) {
            throw new IllegalArgumentException("a PostgreSQL sink needs an endpoint and a target");
        }
        if (jobId == null || jobId.isBlank()) {
            throw new IllegalArgumentException("a PostgreSQL sink needs a job id");
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
        }
        this.endpoint = endpoint;
        this.shared = shared;
        this.target = target;
        this.jobId = jobId;
        this.parallelism = parallelism;
    }

    /**
     * A writing pool that could not open its first connection (refused login, unreachable host), classified like any
     * other failure of the sink.
     */
    public static ConnectorException connectionFailed(RuntimeException e, PostgresEndpoint endpoint) {
        if (e.getCause() instanceof SQLException sql) {
            return PostgresSinkError.classify(sql, "connecting", endpoint);
        }
        return PostgresSinkError.TRANSIENT.exception("connecting to " + endpoint.safeUrl() + " failed", null);
    }

    /**
     * Fences every later write: {@link #prepare} claims the fence after preparing the tables, and each chunk
     * transaction checks it first; {@code lease} bounds the fence's lock and idle timeouts ({@link FenceStore}).
     */
    @Override
    public void fence(Fence fence, Duration lease) {
        if (prepared != null) {
            throw new IllegalStateException("the fence is set before prepare");
        }
        this.fence = java.util.Objects.requireNonNull(fence, "fence");
        this.lease = lease;
    }

    /**
     * Checks the target table against the rows' schema, creating it when missing and {@code createTable} is set;
     * creates the checkpoint and fence tables when missing and, for overwrite, the shadow table; then claims the
     * {@link #fence}, if any, in a transaction of its own.
     *
     * @throws ConnectorException SYNC-202 missing table, SYNC-203 missing columns, SYNC-204 upsert without a unique
     *     key, SYNC-205 unsafe name, SYNC-201 credentials refused, SYNC-211 target unreachable, SYNC-040 when a newer
     *     owner holds the {@link #fence}
     */
    @Override
    public void prepare(Schema schema) {
        if (prepared != null) {
            throw new IllegalStateException("prepare is called once per run");
        }
        TargetTable.checkNames(target, schema);
        DataSource pool = shared != null ? shared : openPool();
        try (Connection c = pool.getConnection()) {
            try {
                Prepared ready = prepare(c, pool, schema);
                c.commit();
                claimFence(c, ready.fences());
                prepared = ready;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        } catch (SQLException e) {
            closeOwn(pool);
            throw PostgresSinkError.classify(e, "preparing table " + target.table(), endpoint);
        } catch (RuntimeException e) {
            closeOwn(pool);
            throw e;
        }
    }

    private Prepared prepare(Connection c, DataSource pool, Schema schema) throws SQLException {
        TargetTable table = TargetTable.resolve(c, target.table());
        Long oid = table.oid(c);
        if (oid == null) {
            if (!target.createTable()) {
                throw PostgresSinkError.MISSING_TABLE.exception("table " + table.display() + " does not exist in "
                        + endpoint.safeUrl() + "; create it or set createTable on the job's target");
            }
            table.create(c, schema, target.keys());
            oid = table.oid(c);
        }
        table.checkColumns(c, oid, schema);

        CheckpointStore checkpoints = new CheckpointStore(table.schema(), jobId);
        checkpoints.create(c);
        FenceStore fences = new FenceStore(table.schema(), lease);
        fences.create(c);

        OverwriteSwap overwrite = null;
        TargetTable writeTable = table;
        long writeOid = oid;
        if (target.writeMode() == WriteMode.OVERWRITE) {
            overwrite = new OverwriteSwap(table, checkpoints);
            writeTable = overwrite.shadow();
            writeOid = overwrite.prepareShadow(c, schema);
        }

        boolean arbiter = !target.keys().isEmpty() && TargetTable.hasUniqueIndexOn(c, writeOid, target.keys());
        if (target.writeMode() == WriteMode.UPSERT && !arbiter) {
            throw PostgresSinkError.NO_UNIQUE_KEY.exception("upsert into " + table.display()
                    + " needs a primary key or unique index on exactly " + target.keys()
                    + " (not partial, not deferrable); the table has none");
        }
        // Insert keeps its append semantics even on a keyed table: a key arriving twice is an error, not an update.
        boolean upsert = target.writeMode() == WriteMode.UPSERT || target.writeMode() == WriteMode.OVERWRITE && arbiter;
        // Appends always COPY straight into the table; upserts do while no key can exist there yet.
        boolean direct = !upsert || writeTable.isEmpty(c);
        CopyWriter writer = new CopyWriter(
                writeTable,
                schema,
                upsert ? target.keys() : List.of(),
                direct,
                TargetTable.columnTypes(c, writeOid),
                TargetTable.shape(c, writeOid));
        return new Prepared(pool, table, checkpoints, fences, writer, overwrite);
    }

    /** Claims the fence, in a transaction of its own so that it holds the fence row only for the claim. */
    private void claimFence(Connection c, FenceStore fences) throws SQLException {
        Fence f = fence;
        if (f != null) {
            fences.claim(c, f);
            c.commit();
        }
    }

    /** First in every writing transaction: fails it with FENCED when this sink's owner no longer owns the scope. */
    private void checkFence(Connection c, Prepared p) throws SQLException {
        Fence f = fence;
        if (f != null) {
            p.fences().check(c, f);
        }
    }

    /**
     * Where the engine resumes a split: the checkpoint committed with the split's last written chunk. The position
     * went through JSON: integers come back as {@code Long} (or {@code BigInteger}), decimals as {@code Double}.
     */
    @Override
    public Optional<Checkpoint> checkpoint(String jobId, String splitId) {
        Prepared p = requirePrepared();
        try (Connection c = p.pool().getConnection()) {
            Optional<Checkpoint> found = p.checkpoints().read(c, jobId, splitId);
            c.commit();
            return found;
        } catch (SQLException e) {
            throw PostgresSinkError.classify(e, "reading the checkpoint of split " + splitId, endpoint);
        }
    }

    /**
     * Writes a chunk and its checkpoint in one transaction.
     *
     * @return rows inserted or updated by this chunk (for upsert, rows sharing a key count once)
     * @throws ConnectorException SYNC-211 (retriable) on a broken connection, deadlock or serialization failure;
     *     SYNC-212 on a constraint violation, SYNC-213 on a value its column refuses (both name the column or
     *     constraint, never the value); SYNC-040 when another owner claimed the sink's fence; nothing of the chunk is
     *     committed in any of these cases
     */
    @Override
    public long write(Chunk chunk, Checkpoint checkpoint) {
        Prepared p = requirePrepared();
        if (!jobId.equals(checkpoint.jobId())) {
            throw new IllegalArgumentException(
                    "this sink writes checkpoints of job " + jobId + ", not of " + checkpoint.jobId());
        }
        p.writer().checkColumns(chunk.schema().names(), p.table().display());
        String doing = "writing a chunk of split " + checkpoint.splitId() + " to "
                + p.table().display();
        boolean direct = p.writer().direct();
        try (Connection c = p.pool().getConnection()) {
            try {
                checkFence(c, p);
                long written = chunk.isEmpty() ? 0 : p.writer().write(c, chunk, doing, direct);
                p.checkpoints().save(c, checkpoint);
                c.commit();
                return written;
            } catch (SQLException e) {
                rollbackQuietly(c);
                if (!p.writer().fallBackToStaging(e, direct)) {
                    throw e;
                }
                // A key the table already holds (one the chunk repeats, or one another split's writer wrote meanwhile):
                // from now on every chunk goes through staging and ON CONFLICT, starting with this one, written again
                // below in a fresh transaction.
            } catch (RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        } catch (SQLException e) {
            throw PostgresSinkError.classify(e, doing, endpoint);
        }
        return write(chunk, checkpoint);
    }

    /**
     * Writes one stream micro-batch and moves its splits' positions, in one transaction: per split a compare-and-set
     * of its position in {@code datasync_checkpoint} under this sink's checkpoint key ({@code <jobId>/stream}), then
     * the rows by the same paths as a batch chunk (COPY, or staging and {@code ON CONFLICT} for upserts). A batch with
     * no rows (only rejects) still moves its positions, so a bad message never holds a split back.
     *
     * @return rows inserted or updated by this batch
     * @throws ConnectorException SYNC-041 (retriable) when a split no longer holds the position the reader expected
     *     (another reader committed it first): nothing of the batch is committed; else as {@link #write(Chunk,
     *     Checkpoint)}
     */
    @Override
    public long write(Chunk chunk, List<PositionUpdate> positions) {
        Prepared p = requirePrepared();
        if (p.overwrite() != null) {
            throw new ConnectorException(
                    SyncErrorCode.INVALID_OPTIONS,
                    "a stream cannot be written with overwrite: it never finishes, so its table would never be"
                            + " swapped in; use insert or upsert",
                    null);
        }
        p.writer().checkColumns(chunk.schema().names(), p.table().display());
        String doing = "writing a micro-batch of " + chunk.size() + " rows to "
                + p.table().display();
        boolean direct = p.writer().direct();
        try (Connection c = p.pool().getConnection()) {
            try {
                // first in the transaction: an owner that lost the stream writes nothing (SYNC-040)
                checkFence(c, p);
                // Positions before rows: a reader whose split moved fails here at once, before its (replayed) rows
                // could clash with the committed ones as a constraint error; the row locks taken keep concurrent
                // writers of a split ordered until this transaction ends, so it is as atomic as rows-first.
                for (PositionUpdate update : positions) {
                    if (!p.checkpoints().compareAndSet(c, jobId, update)) {
                        // rolled back below
                        throw new ConnectorException(
                                SyncErrorCode.POSITION_MOVED,
                                "split " + update.splitId() + " of " + jobId + " no longer holds position "
                                        + (update.expected() == null
                                                ? "(none)"
                                                : update.expected().values())
                                        + ": another reader committed it first; nothing of this micro-batch was"
                                        + " written",
                                null);
                    }
                }
                long written = chunk.changes() != null
                        ? p.writer().writeChanges(c, chunk, doing, direct)
                        : chunk.isEmpty() ? 0 : p.writer().write(c, chunk, doing, direct);
                c.commit();
                return written;
            } catch (SQLException e) {
                rollbackQuietly(c);
                if (!p.writer().fallBackToStaging(e, direct)) {
                    throw e;
                }
                // A key the table already holds: from now on through staging and ON CONFLICT, this batch first.
            } catch (RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        } catch (SQLException e) {
            throw PostgresSinkError.classify(e, doing, endpoint);
        }
        return write(chunk, positions);
    }

    /** The committed positions of a stream's splits (read in a transaction of their own). */
    @Override
    public Map<String, Position> positions(String scope, Collection<String> splitIds) {
        Prepared p = requirePrepared();
        try (Connection c = p.pool().getConnection()) {
            Map<String, Position> found = p.checkpoints().positions(c, scope, splitIds);
            c.commit();
            return found;
        } catch (SQLException e) {
            throw PostgresSinkError.classify(e, "reading the positions of " + scope, endpoint);
        }
    }

    /** Upserts (and overwrites of a keyed table, which upsert into the shadow table) write a key once however often. */
    @Override
    public boolean idempotent() {
        return requirePrepared().writer().upsert();
    }

    /** For overwrite, swaps the loaded shadow table in and clears the job's checkpoints, all in one transaction. */
    @Override
    public void finish() {
        Prepared p = requirePrepared();
        if (p.overwrite() == null) {
            return;
        }
        try (Connection c = p.pool().getConnection()) {
            try {
                checkFence(c, p);
                p.overwrite().swap(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        } catch (SQLException e) {
            throw PostgresSinkError.classify(
                    e, "swapping the loaded table into " + p.table().display(), endpoint);
        }
    }

    /**
     * Closes the pool when the sink opened it; a shadow table of an unfinished overwrite stays, so that a later attempt
     * resumes into it.
     */
    @Override
    public void close() {
        Prepared p = prepared;
        if (p != null) {
            closeOwn(p.pool());
        }
    }

    private HikariDataSource openPool() {
        HikariConfig config = new HikariConfig();
        config.setPoolName("datasync-pg-sink-" + jobId);
        config.setJdbcUrl(endpoint.url());
        config.setUsername(endpoint.user());
        config.setPassword(endpoint.password());
        config.setMaximumPoolSize(parallelism);
        config.setMinimumIdle(1);
        config.setAutoCommit(false);
        // Lets an operator tell the run's sessions apart in pg_stat_activity.
        config.addDataSourceProperty("ApplicationName", "datasync-sink " + jobId);
        // The server's detail on constraint and data errors quotes row values; keep them out of exception messages.
        config.addDataSourceProperty("logServerErrorDetail", "false");
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            // Hikari checks one connection at start, so bad credentials or an unreachable host fail here, at once.
            if (e.getCause() instanceof SQLException sql) {
                throw PostgresSinkError.classify(sql, "connecting", endpoint);
            }
            throw e;
        }
    }

    /** Closes the pool when the sink opened it itself; a shared pool stays with its connection. */
    private void closeOwn(DataSource pool) {
        if (pool != shared && pool instanceof HikariDataSource own) {
            own.close();
        }
    }

    private Prepared requirePrepared() {
        Prepared p = prepared;
        if (p == null) {
            throw new IllegalStateException("prepare(schema) must succeed before the sink is used");
        }
        return p;
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // The connection is broken; the server rolls the transaction back when the session ends.
        }
    }
}
