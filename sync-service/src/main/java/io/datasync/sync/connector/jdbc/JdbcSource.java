package io.datasync.sync.connector.jdbc;

import io.datasync.models.job.IncrementalMode;
import io.datasync.models.job.IncrementalSpec;
import io.datasync.models.job.SourceSpec;
import io.datasync.models.job.SourceType;
import io.datasync.models.job.SqlIdentifiers;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.connector.spi.Source;
import io.datasync.sync.connector.spi.Split;
import io.datasync.sync.connector.spi.SplitReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a table or a query through JDBC. One instance per run; readers may be opened on several threads at once,
 * each with its own connection.
 *
 * <p><b>Reading.</b> Keyed rows are read with keyset pagination: each {@code next(maxRows)} is one short statement
 * {@code … WHERE <split> AND <window> AND key > ? ORDER BY key LIMIT ?} in autocommit mode. No transaction or cursor
 * stays open between chunks, so a long run holds no locks and no snapshot (no vacuum or undo-log pressure), a broken
 * connection only costs the current chunk, and a restart resumes exactly after the checkpointed key ({@code
 * {"lastKey": 41230}}, a list for composite keys). The key is the table's primary key, else the split column or the
 * pk-range column when a unique index covers exactly it: a column whose values repeat cannot order "after key k"
 * without skipping rows, so a query, or a table without such a key, has none. Rows without any key are streamed through one server-side cursor (PostgreSQL: a transaction and
 * a fetch size; MariaDB: a streaming result set) with the position {@code {"offset": n}} for progress only: their
 * order is not stable, so a reader opened at any position re-reads the split from its start, and only a keyed target
 * (upsert) makes that free of duplicates. The relation's schema, key and value readers are described once
 * ({@link JdbcRelation}).
 *
 * <p><b>Splits.</b> With {@code split: {column, parallelism}} on an integer column: {@code parallelism} contiguous
 * ranges between the column's min and max at run start (the first and the last open-ended, so rows inserted while
 * the run reads are not lost between ranges), plus a split for NULLs when the column is nullable ({@link KeyRanges}).
 *
 * <p><b>Incremental runs.</b> The engine passes the state the previous successful run ended with to the constructor
 * and, once every split of this run is written, stores {@link #nextState()} for the next run. The window is fixed once,
 * when the splits are made ({@link IncrementalWindow}):
 *
 * <ul>
 *   <li>{@code timestamp}: state {@code {"watermark": "2026-11-27T10:00"}}. A run reads the rows with {@code
 *       watermark - safetyLag < column <= high}, where {@code high} is {@code max(column)} when the run starts, so a
 *       run reads a bounded set even while rows keep arriving, and rows committed late with an older timestamp are
 *       caught by the next run as long as they are less than {@code safetyLag} late. The database's own values are
 *       compared, so no clock other than the database's matters. Rows are ordered by (column, key); positions are
 *       {@code {"watermark": …, "lastKey": …}}. Rows whose column is NULL are never read in this mode.
 *   <li>{@code pk-range}: state {@code {"maxKey": 41230}}; a run reads {@code maxKey < column <= max(column)}.
 *   <li>{@code full}: every row; the state is empty.
 * </ul>
 */
public final class JdbcSource implements Source {

    static final String LAST_KEY = "lastKey";
    static final String WATERMARK = "watermark";
    static final String OFFSET = "offset";
    static final String MAX_KEY = "maxKey";

    private final JdbcConnections connections;
    private final SourceSpec spec;
    private final JdbcSourceOptions options;
    private final Map<String, Object> previousState;
    private final String relationName;

    private JdbcRelation relation; // guarded by this: described once, on the first call that needs it
    private IncrementalWindow window; // guarded by this: fixed once per run, before the first split is read

    /** A full read, or the first run of an incremental job. */
    public JdbcSource(JdbcConnections connections, SourceSpec spec) {
        this(connections, spec, Map.of());
    }

    /**
     * @param previousState what {@link #nextState()} returned at the end of the job's previous successful run; empty
     *     for the first run
     * @throws ConnectorException {@code SYNC-001} when the spec or its options are invalid for a JDBC source
     */
    public JdbcSource(JdbcConnections connections, SourceSpec spec, Map<String, Object> previousState) {
        if (connections == null || spec == null) {
            throw new IllegalArgumentException("a JDBC source needs an endpoint and a source spec");
        }
        if (spec.type() != SourceType.JDBC) {
            throw JdbcErrors.invalid("a JDBC source cannot read a source of type " + spec.type());
        }
        if (spec.table() != null && !SqlIdentifiers.isTable(spec.table())) {
            throw JdbcErrors.invalid("'" + spec.table() + "' is not a safe table name: " + SqlIdentifiers.rule());
        }
        if (spec.split() != null && !SqlIdentifiers.isColumn(spec.split().column())) {
            throw JdbcErrors.invalid(
                    "split column '" + spec.split().column() + "' is not a safe column name: " + SqlIdentifiers.rule());
        }
        IncrementalSpec incremental = spec.incremental();
        if (incremental.mode() == IncrementalMode.CHANGELOG) {
            throw JdbcErrors.invalid(
                    "the JDBC source reads full, timestamp or pk-range; changelog has its own connector");
        }
        if (incremental.column() != null && !SqlIdentifiers.isColumn(incremental.column())) {
            throw JdbcErrors.invalid("incremental column '" + incremental.column() + "' is not a safe column name: "
                    + SqlIdentifiers.rule());
        }
        this.connections = connections;
        this.spec = spec;
        this.options = JdbcSourceOptions.parse(spec.options());
        this.previousState = previousState == null ? Map.of() : Map.copyOf(previousState);
        this.relationName = JdbcRelation.nameOf(spec);
    }

    @Override
    public Schema schema() {
        return relation().schema();
    }

    @Override
    public List<Split> splits() {
        JdbcRelation r = relation();
        window(); // fixed now, on the coordinating thread, so every split reads the same window
        if (spec.split() == null) {
            return List.of(Split.whole());
        }
        return withConnection(c -> KeyRanges.splits(c, r, spec.split()));
    }

    @Override
    public SplitReader open(Split split, Position from) {
        JdbcRelation r = relation();
        IncrementalWindow w = window();
        KeyRanges.Filter range = KeyRanges.filter(split, spec.split(), r.dialect());
        List<String> conditions = new ArrayList<>(range.conditions());
        conditions.addAll(w.conditions());
        List<Object> parameters = new ArrayList<>(range.parameters());
        parameters.addAll(w.parameters());
        List<String> order = orderColumns(r);
        if (w.empty()) {
            return new EmptyReader();
        }
        if (streams(order, range.nulls())) {
            return new StreamingReader(this, r, r.select(conditions, ""), parameters, options);
        }
        return keysetReader(r, order, conditions, parameters, from == null ? Position.START : from);
    }

    /** Keyset splits resume after their last key; streamed ones (no key to order by) start over. */
    @Override
    public boolean resumable(Split split) {
        boolean nullSplit =
                KeyRanges.filter(split, spec.split(), relation().dialect()).nulls();
        return !streams(orderColumns(relation()), nullSplit);
    }

    /**
     * The state to store for the next run once every split of this run has been written: {@code {"watermark": …}},
     * {@code {"maxKey": …}} or empty for full reads. Unchanged from the previous state when nothing matched.
     */
    @Override
    public Map<String, Object> nextState() {
        return window().nextState();
    }

    /** The keyset order: the key, preceded by the watermark column in timestamp mode. */
    private List<String> orderColumns(JdbcRelation r) {
        List<String> order = new ArrayList<>();
        if (spec.incremental().mode() == IncrementalMode.TIMESTAMP) {
            order.add(spec.incremental().column());
        }
        for (String key : r.schema().keys()) {
            if (!order.contains(key)) {
                order.add(key);
            }
        }
        return order;
    }

    /** Whether the split is read through one cursor, in no stable order, instead of by keyset pagination. */
    private boolean streams(List<String> order, boolean nullSplit) {
        return order.isEmpty() || nullSplit && order.contains(spec.split().column());
    }

    /** A reader of the rows matching {@code conditions} in {@code order}, continuing after {@code start}. */
    private KeysetReader keysetReader(
            JdbcRelation r, List<String> order, List<String> conditions, List<Object> parameters, Position start) {
        KeyPositions positions = new KeyPositions(
                order.stream().map(c -> r.column(c).type()).toList(),
                spec.incremental().mode() == IncrementalMode.TIMESTAMP);
        Object[] after = positions.decode(start);
        List<String> quotedOrder = order.stream().map(r.dialect()::quote).toList();
        String orderBy =
                " ORDER BY " + String.join(", ", quotedOrder) + r.dialect().limitClause();
        List<String> nextConditions = new ArrayList<>(conditions);
        nextConditions.add(r.dialect().after(quotedOrder));
        int[] orderIndexes = order.stream()
                .mapToInt(c -> r.schema().indexOf(c).orElseThrow())
                .toArray();
        return new KeysetReader(
                this,
                r,
                r.select(conditions, orderBy),
                r.select(nextConditions, orderBy),
                parameters,
                orderIndexes,
                positions,
                after,
                options);
    }

    private synchronized JdbcRelation relation() {
        if (relation == null) {
            relation = withConnection(c -> JdbcRelation.describe(c, connections.url(), spec, relationName));
        }
        return relation;
    }

    private synchronized IncrementalWindow window() {
        if (window == null) {
            JdbcRelation r = relation();
            window = withConnection(c -> IncrementalWindow.fix(c, r, spec.incremental(), previousState));
        }
        return window;
    }

    /** A read-only connection (from the connection's pool during a run); the caller closes it. */
    Connection connect() throws SQLException {
        return connections.open();
    }

    ConnectorException classify(SQLException e) {
        return JdbcErrors.classify(e, relationName, connections.password());
    }

    private <T> T withConnection(SqlWork<T> work) {
        try (Connection c = connect()) {
            return work.run(c);
        } catch (SQLException e) {
            throw classify(e);
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }
}
