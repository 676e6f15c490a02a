package io.datasync.sync.connector.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.datasync.models.job.SqlIdentifiers;
import io.datasync.models.job.TargetSpec;
import io.datasync.models.job.WriteMode;
import io.datasync.sync.connector.spi.Checkpoint;
import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.connector.spi.Sink;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a job's rows into one PostgreSQL table. Each chunk is written in one transaction on the target: its rows are
 * COPied into a session-local staging table, moved into the table by one set-based statement, and the split's
 * checkpoint is upserted into {@code datasync_checkpoint} in the table's schema. The sink owns its checkpoints in the
 * target database precisely so that rows and position commit together; no other store could give that guarantee
 * without a distributed transaction.
 *
 * <h2>Write modes</h2>
 *
 * <ul>
 *   <li>{@code insert}: {@code INSERT … SELECT} from staging, in the chunk's row order.
 *   <li>{@code upsert}: {@code INSERT … ON CONFLICT (keys) DO UPDATE}; rows of one chunk sharing a key are reduced to
 *       the last one first ({@code DISTINCT ON}), since one statement may not update a row twice. The keys need a
 *       primary key or unique index on exactly those columns.
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

    static final String CHECKPOINT_TABLE = "datasync_checkpoint";
    static final String SHADOW_SUFFIX = "__datasync_load";
    static final String OLD_SUFFIX = "__datasync_old";

    /** The staging column holding each row's place in its chunk; a dot keeps it apart from any job's column names. */
    private static final String ROW_COLUMN = quote("datasync.row");
    /** PostgreSQL truncates longer identifiers silently, which would make derived table names collide. */
    private static final int MAX_IDENTIFIER = 63;

    private static final int FLUSH_CHARS = 1 << 16;
    /** Chunks estimated up to this size are encoded in binary into one buffer; larger ones are streamed. */
    static final long BUFFERED_CHUNK_BYTES = 16L << 20;

    private static final String UNIQUE_VIOLATION = "23505";
    private static final TypeReference<Map<String, Object>> POSITION_MAP = new TypeReference<>() {};

    private final PostgresEndpoint endpoint;
    /** The connection's writing pool when shared with other runs; null when the sink opens (and closes) its own. */
    private final javax.sql.DataSource shared;

    private final TargetSpec target;
    private final String jobId;
    private final int parallelism;
    /** Integers come back as Long whatever they were written as, so a position compares equal after a round trip. */
    private final JsonMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .build();

    private volatile Prepared prepared;

    /** What {@link #prepare} found out, fixed for the rest of the run. */
    private record Prepared(
            javax.sql.DataSource pool,
            Schema schema,
            String schemaName,
            String tableName,
            String display,
            String table,
            String writeTable,
            String checkpoints,
            boolean upsert,
            List<String> keys,
            java.util.concurrent.atomic.AtomicBoolean direct,
            Map<String, String> types,
            String staging) {}

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
            PostgresEndpoint endpoint, javax.sql.DataSource shared, TargetSpec target, String jobId, int parallelism) {
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
     * Checks the target table against the rows' schema, creating it when missing and {@code createTable} is set;
     * creates the checkpoint table when missing and, for overwrite, the shadow table.
     *
     * @throws ConnectorException SYNC-202 missing table, SYNC-203 missing columns, SYNC-204 upsert without a unique
     *     key, SYNC-205 unsafe name, SYNC-201 credentials refused, SYNC-211 target unreachable
     */
    @Override
    public void prepare(Schema schema) {
        if (prepared != null) {
            throw new IllegalStateException("prepare is called once per run");
        }
        checkNames(schema);
        javax.sql.DataSource pool = shared != null ? shared : openPool();
        try (Connection c = pool.getConnection()) {
            try {
                Prepared ready = prepare(c, pool, schema);
                c.commit();
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

    /** Closes the pool when the sink opened it itself; a shared pool stays with its connection. */
    private void closeOwn(javax.sql.DataSource pool) {
        if (pool != shared && pool instanceof HikariDataSource own) {
            own.close();
        }
    }

    /**
     * A writing pool that could not open its first connection (refused login, unreachable host), classified like any
     * other failure of the sink.
     */
    public static io.datasync.sync.connector.spi.ConnectorException connectionFailed(
            RuntimeException e, PostgresEndpoint endpoint) {
        if (e.getCause() instanceof SQLException sql) {
            return PostgresSinkError.classify(sql, "connecting", endpoint);
        }
        return PostgresSinkError.TRANSIENT.exception("connecting to " + endpoint.safeUrl() + " failed", null);
    }

    private Prepared prepare(Connection c, javax.sql.DataSource pool, Schema schema) throws SQLException {
        String[] parts = target.table().split("\\.");
        String schemaName = parts.length == 2 ? parts[0] : currentSchema(c);
        String tableName = parts[parts.length - 1];
        String display = schemaName + "." + tableName;
        String table = quote(schemaName) + "." + quote(tableName);

        Long oid = tableOid(c, schemaName, tableName);
        if (oid == null) {
            if (!target.createTable()) {
                throw PostgresSinkError.MISSING_TABLE.exception("table " + display + " does not exist in "
                        + endpoint.safeUrl() + "; create it or set createTable on the job's target");
            }
            execute(c, createTableSql(table, schema, target.keys()));
            oid = tableOid(c, schemaName, tableName);
        }
        checkColumns(c, oid, schema, display);

        String checkpoints = quote(schemaName) + "." + quote(CHECKPOINT_TABLE);
        execute(
                c,
                "CREATE TABLE IF NOT EXISTS " + checkpoints + " (job_id text NOT NULL, split_id text NOT NULL,"
                        + " position jsonb NOT NULL, rows_written bigint NOT NULL,"
                        + " updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (job_id, split_id))");

        String writeTable = table;
        long writeOid = oid;
        if (target.writeMode() == WriteMode.OVERWRITE) {
            String shadowName = derivedName(tableName, SHADOW_SUFFIX);
            writeTable = quote(schemaName) + "." + quote(shadowName);
            Long shadowOid = tableOid(c, schemaName, shadowName);
            if (shadowOid == null) {
                execute(c, "CREATE TABLE " + writeTable + " (LIKE " + table + " INCLUDING ALL)");
                // Checkpoints left without their shadow belong to no rows; a fresh load must not skip anything.
                deleteCheckpoints(c, checkpoints);
                shadowOid = tableOid(c, schemaName, shadowName);
            } else {
                checkColumns(c, shadowOid, schema, schemaName + "." + shadowName);
                if (!hasCheckpoints(c, checkpoints)) {
                    // Left by another load that never finished (a failed run): none of its rows are this load's,
                    // and appending to them would double every row both loads read.
                    execute(c, "TRUNCATE " + writeTable);
                }
            }
            writeOid = shadowOid;
        }

        boolean arbiter = !target.keys().isEmpty() && hasUniqueIndexOn(c, writeOid, target.keys());
        if (target.writeMode() == WriteMode.UPSERT && !arbiter) {
            throw PostgresSinkError.NO_UNIQUE_KEY.exception("upsert into " + display
                    + " needs a primary key or unique index on exactly " + target.keys()
                    + " (not partial, not deferrable); the table has none");
        }
        // Insert keeps its append semantics even on a keyed table: a key arriving twice is an error, not an update.
        boolean upsert = target.writeMode() == WriteMode.UPSERT || target.writeMode() == WriteMode.OVERWRITE && arbiter;
        // Appends always COPY straight into the table; upserts do while no key can exist there yet (see load).
        boolean direct = !upsert || isEmpty(c, writeTable);
        return new Prepared(
                pool,
                schema,
                schemaName,
                tableName,
                display,
                table,
                writeTable,
                checkpoints,
                upsert,
                target.keys(),
                new java.util.concurrent.atomic.AtomicBoolean(direct),
                columnTypes(c, writeOid),
                // Sessions of a shared pool serve every job writing to this database: each target gets a staging
                // table of its own shape, named after the table and the columns.
                "datasync_staging_"
                        + Integer.toHexString((writeTable + "|" + String.join(",", schema.names())).hashCode()));
    }

    /** The table's column types by name ({@code pg_type.typname}; a domain or array is not a base type binary COPY writes). */
    private static Map<String, String> columnTypes(Connection c, long oid) throws SQLException {
        Map<String, String> types = new java.util.HashMap<>();
        try (PreparedStatement st = c.prepareStatement("SELECT a.attname::text, t.typname::text FROM pg_attribute a"
                + " JOIN pg_type t ON t.oid = a.atttypid WHERE a.attrelid = ?::oid AND a.attnum > 0"
                + " AND NOT a.attisdropped AND t.typtype = 'b'")) {
            st.setLong(1, oid);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return Map.copyOf(types);
    }

    private static boolean isEmpty(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT 1 FROM " + table + " LIMIT 1")) {
            return !rs.next();
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
            try (PreparedStatement st = c.prepareStatement("SELECT position::text, rows_written FROM " + p.checkpoints()
                    + " WHERE job_id = ? AND split_id = ?")) {
                st.setString(1, jobId);
                st.setString(2, splitId);
                try (ResultSet rs = st.executeQuery()) {
                    Optional<Checkpoint> found = rs.next()
                            ? Optional.of(new Checkpoint(jobId, splitId, fromJson(rs.getString(1)), rs.getLong(2)))
                            : Optional.empty();
                    c.commit();
                    return found;
                }
            }
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
     *     constraint, never the value); nothing of the chunk is committed in any of these cases
     */
    @Override
    public long write(Chunk chunk, Checkpoint checkpoint) {
        Prepared p = requirePrepared();
        if (!jobId.equals(checkpoint.jobId())) {
            throw new IllegalArgumentException(
                    "this sink writes checkpoints of job " + jobId + ", not of " + checkpoint.jobId());
        }
        List<String> names = chunk.schema().names();
        checkChunkColumns(p, names);
        String doing = "writing a chunk of split " + checkpoint.splitId() + " to " + p.display();
        try (Connection c = p.pool().getConnection()) {
            try {
                long written = chunk.isEmpty() ? 0 : load(c, p, chunk, doing);
                saveCheckpoint(c, p, checkpoint);
                c.commit();
                return written;
            } catch (SQLException e) {
                rollbackQuietly(c);
                if (!p.upsert()
                        || !UNIQUE_VIOLATION.equals(e.getSQLState())
                        || !p.direct().compareAndSet(true, false)) {
                    throw e;
                }
                // A key the table already holds (or one the chunk repeats): from now on every chunk goes through
                // staging and ON CONFLICT, starting with this one, written again below in a fresh transaction.
            } catch (RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        } catch (SQLException e) {
            throw PostgresSinkError.classify(e, doing, endpoint);
        }
        return write(chunk, checkpoint);
    }

    /** Upserts (and overwrites of a keyed table, which upsert into the shadow table) write a key once however often. */
    @Override
    public boolean idempotent() {
        return requirePrepared().upsert();
    }

    /** For overwrite, swaps the loaded shadow table in and clears the job's checkpoints, all in one transaction. */
    @Override
    public void finish() {
        Prepared p = requirePrepared();
        if (target.writeMode() != WriteMode.OVERWRITE) {
            return;
        }
        String old = derivedName(p.tableName(), OLD_SUFFIX);
        try (Connection c = p.pool().getConnection()) {
            try {
                // Readers queue behind the lock and, once it is released, resolve the name to the new table.
                execute(c, "LOCK TABLE " + p.table() + " IN ACCESS EXCLUSIVE MODE");
                execute(c, "ALTER TABLE " + p.table() + " RENAME TO " + quote(old));
                execute(c, "ALTER TABLE " + p.writeTable() + " RENAME TO " + quote(p.tableName()));
                keepOwnedSequences(c, quote(p.schemaName()) + "." + quote(old), p.table());
                execute(c, "DROP TABLE " + quote(p.schemaName()) + "." + quote(old));
                deleteCheckpoints(c, p.checkpoints());
                c.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        } catch (SQLException e) {
            throw PostgresSinkError.classify(e, "swapping the loaded table into " + p.display(), endpoint);
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

    /**
     * Hands the sequences of the old table's serial columns to the new table before the old one is dropped: the
     * shadow, made {@code LIKE} the old table, draws its defaults from those very sequences, and dropping their owner
     * would drop them (or, as PostgreSQL refuses that, fail the swap).
     */
    private static void keepOwnedSequences(Connection c, String oldTable, String newTable) throws SQLException {
        List<String> moves = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("SELECT s.oid::regclass::text, a.attname::text FROM pg_depend d"
                + " JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'"
                + " JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid"
                + " WHERE d.classid = 'pg_class'::regclass AND d.refobjid = ?::regclass AND d.deptype = 'a'")) {
            st.setString(1, oldTable);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    moves.add("ALTER SEQUENCE " + rs.getString(1) + " OWNED BY " + newTable + "."
                            + quote(rs.getString(2)));
                }
            }
        }
        for (String move : moves) {
            execute(c, move);
        }
    }

    /**
     * Writes a chunk's rows. The fast path COPYs them straight into the table: always for appends, and for upserts
     * while the table started empty and no key has clashed yet, since a row whose key is new needs no ON CONFLICT.
     * Otherwise through a per-session staging table and one set-based INSERT … ON CONFLICT per chunk.
     */
    private long load(Connection c, Prepared p, Chunk chunk, String doing) throws SQLException {
        String columns = columnList(chunk.schema().names());
        if (p.direct().get()) {
            copy(c, p, chunk, "COPY " + p.writeTable() + " (" + columns + ") FROM STDIN", doing, false);
            return chunk.size();
        }
        execute(
                c,
                "CREATE TEMP TABLE IF NOT EXISTS " + p.staging() + " ON COMMIT DELETE ROWS AS SELECT "
                        + columnList(p.schema().names()) + ", 0::bigint AS "
                        + ROW_COLUMN + " FROM " + p.writeTable() + " WITH NO DATA");
        copy(
                c,
                p,
                chunk,
                "COPY pg_temp." + p.staging() + " (" + columns + ", " + ROW_COLUMN + ") FROM STDIN",
                doing,
                true);
        try (Statement st = c.createStatement()) {
            return st.executeLargeUpdate(moveSql(p, chunk.schema().names()));
        }
    }

    /**
     * Writes the chunk with COPY: in binary when every value already has its column's exact type, as text otherwise.
     * A chunk of up to {@link #BUFFERED_CHUNK_BYTES} is checked and encoded in one pass into one buffer; a larger one
     * is checked first and then streamed a buffer at a time, as text always is, so it is never held twice in memory.
     * The staging table is created from the target's column types (not {@code LIKE} it), so its columns carry no
     * constraints: NOT NULL and the like are checked once, on the target, and target columns the rows lack keep
     * their defaults.
     */
    private static void copy(Connection c, Prepared p, Chunk chunk, String sql, String doing, boolean ordinals)
            throws SQLException {
        BinaryCopy.Encoder[] encoders = BinaryCopy.encoders(chunk.schema().names(), p.types());
        if (encoders != null) {
            // the size estimate plus each tuple's field count and lengths
            long sizeHint = chunk.bytes() + (long) chunk.size() * (2 + 4L * (encoders.length + 3));
            if (sizeHint <= BUFFERED_CHUNK_BYTES) {
                BinaryCopy.Buffer binary = BinaryCopy.encode(encoders, chunk.rows(), ordinals, sizeHint);
                if (binary != null) {
                    copyBinary(c, sql + " (FORMAT binary)", binary);
                    return;
                }
            } else if (BinaryCopy.accepts(encoders, chunk.rows())) {
                streamBinary(c, chunk, sql + " (FORMAT binary)", encoders, ordinals);
                return;
            }
        }
        String[] names = chunk.schema().names().toArray(String[]::new);
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            StringBuilder text = new StringBuilder(FLUSH_CHARS + 1024);
            long ordinal = 0;
            for (Object[] row : chunk.rows()) {
                try {
                    if (ordinals) {
                        CopyText.appendRow(text, row, names, ordinal);
                    } else {
                        CopyText.appendRow(text, row, names);
                    }
                    ordinal++;
                } catch (IllegalArgumentException e) {
                    throw PostgresSinkError.DATA.exception(
                            doing + ": row " + (ordinal + 1) + " of the chunk: " + e.getMessage());
                }
                if (text.length() >= FLUSH_CHARS) {
                    flush(copy, text);
                }
            }
            flush(copy, text);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                cancelQuietly(copy);
            }
        }
    }

    /** A chunk encoded by {@link BinaryCopy#encode}: every value already of its column's exact type. */
    private static void copyBinary(Connection c, String sql, BinaryCopy.Buffer binary) throws SQLException {
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            copy.writeToCopy(binary.array(), 0, binary.size());
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                cancelQuietly(copy);
            }
        }
    }

    /** A large chunk that {@link BinaryCopy#accepts}, encoded and sent a buffer at a time. */
    private static void streamBinary(
            Connection c, Chunk chunk, String sql, BinaryCopy.Encoder[] encoders, boolean ordinals)
            throws SQLException {
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            BinaryCopy.Buffer buffer = new BinaryCopy.Buffer();
            buffer.write(BinaryCopy.HEADER);
            long ordinal = 0;
            for (Object[] row : chunk.rows()) {
                BinaryCopy.appendRow(buffer, encoders, row, ordinals ? ordinal++ : -1);
                if (buffer.size() >= FLUSH_CHARS) {
                    copy.writeToCopy(buffer.array(), 0, buffer.size());
                    buffer.clear();
                }
            }
            buffer.int16(-1);
            copy.writeToCopy(buffer.array(), 0, buffer.size());
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                cancelQuietly(copy);
            }
        }
    }

    private static void flush(CopyIn copy, StringBuilder text) throws SQLException {
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        text.setLength(0);
    }

    /** The one set-based statement moving staged rows into the table. */
    private static String moveSql(Prepared p, List<String> names) {
        String columns = columnList(names);
        if (!p.upsert()) {
            // Chunk order, so identity columns and the physical order follow the source.
            return "INSERT INTO " + p.writeTable() + " (" + columns + ") SELECT " + columns + " FROM pg_temp."
                    + p.staging() + " ORDER BY " + ROW_COLUMN;
        }
        String keys = columnList(p.keys());
        List<String> updates = names.stream()
                .filter(n -> !p.keys().contains(n))
                .map(n -> quote(n) + " = EXCLUDED." + quote(n))
                .collect(Collectors.toCollection(ArrayList::new));
        if (updates.isEmpty()) {
            // Only key columns: a no-op update still counts the existing row as written, as for any other table.
            String key = quote(p.keys().get(0));
            updates.add(key + " = EXCLUDED." + key);
        }
        return "INSERT INTO " + p.writeTable() + " (" + columns + ") SELECT DISTINCT ON (" + keys + ") " + columns
                + " FROM pg_temp." + p.staging() + " ORDER BY " + keys + ", " + ROW_COLUMN + " DESC ON CONFLICT ("
                + keys
                + ") DO UPDATE SET " + String.join(", ", updates);
    }

    private void saveCheckpoint(Connection c, Prepared p, Checkpoint checkpoint) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO " + p.checkpoints()
                + " (job_id, split_id, position, rows_written, updated_at) VALUES (?, ?, ?::jsonb, ?, now())"
                + " ON CONFLICT (job_id, split_id) DO UPDATE SET position = EXCLUDED.position,"
                + " rows_written = EXCLUDED.rows_written, updated_at = EXCLUDED.updated_at")) {
            st.setString(1, checkpoint.jobId());
            st.setString(2, checkpoint.splitId());
            st.setString(3, toJson(checkpoint));
            st.setLong(4, checkpoint.rowsWritten());
            st.executeUpdate();
        }
    }

    private boolean hasCheckpoints(Connection c, String checkpoints) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT 1 FROM " + checkpoints + " WHERE job_id = ? LIMIT 1")) {
            st.setString(1, jobId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void deleteCheckpoints(Connection c, String checkpoints) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("DELETE FROM " + checkpoints + " WHERE job_id = ?")) {
            st.setString(1, jobId);
            st.executeUpdate();
        }
    }

    private String toJson(Checkpoint checkpoint) {
        try {
            return json.writeValueAsString(checkpoint.position().values());
        } catch (JacksonException e) {
            throw new IllegalArgumentException(
                    "the position of split " + checkpoint.splitId() + " is not plain JSON values", e);
        }
    }

    private Position fromJson(String text) {
        Map<String, Object> values = new LinkedHashMap<>(json.readValue(text, POSITION_MAP));
        values.values().removeIf(v -> v == null);
        return new Position(values);
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

    private void checkNames(Schema schema) {
        if (!SqlIdentifiers.isTable(target.table())) {
            throw PostgresSinkError.INVALID_NAME.exception(
                    "table name '" + target.table() + "' is refused: " + SqlIdentifiers.rule());
        }
        List<String> badKeys =
                target.keys().stream().filter(k -> !SqlIdentifiers.isColumn(k)).toList();
        if (!badKeys.isEmpty()) {
            throw PostgresSinkError.INVALID_NAME.exception(
                    "key names " + badKeys + " are refused: " + SqlIdentifiers.rule());
        }
        List<String> unknownKeys =
                target.keys().stream().filter(k -> !schema.names().contains(k)).toList();
        if (!unknownKeys.isEmpty()) {
            throw PostgresSinkError.MISSING_COLUMNS.exception("key columns " + unknownKeys + " of table "
                    + target.table() + " are not columns of the rows " + schema.names());
        }
    }

    private static void checkChunkColumns(Prepared p, List<String> names) {
        List<String> unknown =
                names.stream().filter(n -> !p.schema().names().contains(n)).toList();
        if (!unknown.isEmpty()) {
            throw PostgresSinkError.MISSING_COLUMNS.exception(
                    "the chunk has columns " + unknown + " that were not prepared for " + p.display());
        }
        if (p.upsert() && !names.containsAll(p.keys())) {
            throw PostgresSinkError.MISSING_COLUMNS.exception(
                    "the chunk lacks key columns " + p.keys() + " needed to upsert into " + p.display());
        }
    }

    private static void checkColumns(Connection c, long oid, Schema schema, String display) throws SQLException {
        Set<String> existing = new HashSet<>();
        try (PreparedStatement st = c.prepareStatement(
                "SELECT attname::text FROM pg_attribute WHERE attrelid = ?::oid AND attnum > 0 AND NOT attisdropped")) {
            st.setLong(1, oid);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    existing.add(rs.getString(1));
                }
            }
        }
        List<String> missing =
                schema.names().stream().filter(n -> !existing.contains(n)).toList();
        if (!missing.isEmpty()) {
            throw PostgresSinkError.MISSING_COLUMNS.exception(
                    "table " + display + " has no column(s) " + String.join(", ", missing));
        }
    }

    /** Whether ON CONFLICT (keys) has an arbiter: a unique, immediate, non-partial index on exactly those columns. */
    private static boolean hasUniqueIndexOn(Connection c, long oid, List<String> keys) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT array(SELECT a.attname::text"
                + " FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)"
                + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum WHERE k.n <= i.indnkeyatts)"
                + " FROM pg_index i WHERE i.indrelid = ?::oid AND i.indisunique AND i.indimmediate"
                + " AND i.indpred IS NULL AND i.indexprs IS NULL")) {
            st.setLong(1, oid);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Array columns = rs.getArray(1);
                    if (Set.of((String[]) columns.getArray()).equals(Set.copyOf(keys))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static Long tableOid(Connection c, String schema, String table) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT c.oid::bigint FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')")) {
            st.setString(1, schema);
            st.setString(2, table);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static String currentSchema(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT current_schema()")) {
            if (!rs.next() || rs.getString(1) == null) {
                throw PostgresSinkError.MISSING_TABLE.exception(
                        "the table name has no schema and the user's search_path names none that exists");
            }
            return rs.getString(1);
        }
    }

    static String createTableSql(String table, Schema schema, List<String> keys) {
        List<String> definitions = new ArrayList<>();
        for (Column column : schema.columns()) {
            definitions.add(quote(column.name()) + " " + columnType(column) + (column.nullable() ? "" : " NOT NULL"));
        }
        if (!keys.isEmpty()) {
            definitions.add("PRIMARY KEY (" + columnList(keys) + ")");
        }
        return "CREATE TABLE " + table + " (" + String.join(", ", definitions) + ")";
    }

    /** The PostgreSQL type holding every value of a column without loss. */
    static String columnType(Column column) {
        return switch (column.type()) {
            case BOOLEAN -> "boolean";
            case INT -> "integer";
            case BIGINT -> "bigint";
            case DECIMAL ->
                column.precision() > 0 ? "numeric(" + column.precision() + ", " + column.scale() + ")" : "numeric";
            case DOUBLE -> "double precision";
            case TEXT -> column.precision() > 0 ? "varchar(" + column.precision() + ")" : "text";
            case DATE -> "date";
            case TIME -> "time";
            case TIMESTAMP -> "timestamp";
            case TIMESTAMPTZ -> "timestamptz";
            case UUID -> "uuid";
            case BYTES -> "bytea";
            case JSON -> "jsonb";
        };
    }

    /**
     * A table name derived from another by a suffix, shortened with a hash when it would pass PostgreSQL's 63-byte
     * limit (identifiers are ASCII, so characters are bytes).
     */
    static String derivedName(String table, String suffix) {
        if (table.length() + suffix.length() <= MAX_IDENTIFIER) {
            return table + suffix;
        }
        String hash = String.format("%08x", table.hashCode());
        return table.substring(0, MAX_IDENTIFIER - suffix.length() - hash.length() - 1) + "_" + hash + suffix;
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static String columnList(List<String> names) {
        return names.stream().map(PostgresSink::quote).collect(Collectors.joining(", "));
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
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

    private static void cancelQuietly(CopyIn copy) {
        try {
            copy.cancelCopy();
        } catch (SQLException ignored) {
            // Only reached while an error is already propagating; the rollback that follows discards the COPY.
        }
    }
}
