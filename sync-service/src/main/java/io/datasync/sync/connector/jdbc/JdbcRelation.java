package io.datasync.sync.connector.jdbc;

import io.datasync.models.job.IncrementalMode;
import io.datasync.models.job.IncrementalSpec;
import io.datasync.models.job.SourceSpec;
import io.datasync.models.job.SqlIdentifiers;
import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.Schema;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a JDBC source learned about its table or query once, before reading: how to name it, its rows' schema with
 * their key, and how to read them. Describing it also checks that the split, incremental and key columns exist and
 * have types that can be ranged, watermarked and ordered.
 */
record JdbcRelation(Dialect dialect, String from, Schema schema, List<JdbcTypes.ValueReader> readers) {

    private static final Set<DataType> SPLITTABLE = Set.of(DataType.INT, DataType.BIGINT);
    private static final Set<DataType> WATERMARKS = Set.of(DataType.TIMESTAMP, DataType.TIMESTAMPTZ, DataType.DATE);
    private static final Set<DataType> UNORDERED = Set.of(DataType.BOOLEAN, DataType.BYTES, DataType.JSON);

    JdbcRelation {
        readers = List.copyOf(readers);
    }

    /** How messages name what the spec reads: {@code table sales.orders} or {@code the source query}. */
    static String nameOf(SourceSpec spec) {
        return spec.table() != null ? "table " + spec.table() : "the source query";
    }

    /**
     * Describes the spec's table or query through one statement that returns no rows, and looks up a table's
     * primary key. The key is the primary key, else the split column, else the pk-range column, else none.
     *
     * @param url the connection's URL, which tells the dialect unless a pooling or proxy driver hides it
     * @param name how messages name the relation, see {@link #nameOf}
     * @throws io.datasync.sync.connector.spi.ConnectorException {@code SYNC-001} when a column is not a plain name, a
     *     named column is missing or its type cannot serve as a split, watermark or key column
     */
    static JdbcRelation describe(Connection c, String url, SourceSpec spec, String name) throws SQLException {
        Dialect dialect = Dialect.fromUrl(url);
        if (dialect == Dialect.GENERIC) {
            dialect = Dialect.fromProductName(c.getMetaData().getDatabaseProductName());
        }
        String from = spec.table() != null ? dialect.quoteTable(spec.table()) : "(" + trimQuery(spec.query()) + ") q";
        List<Column> columns = new ArrayList<>();
        List<JdbcTypes.ValueReader> readers = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT * FROM " + from + " WHERE 1=0")) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                String label = md.getColumnLabel(i);
                if (!SqlIdentifiers.isColumn(label)) {
                    throw JdbcErrors.invalid("column '" + label + "' of " + name + " is not a plain name ("
                            + SqlIdentifiers.rule() + "); read it through a query with an alias");
                }
                JdbcTypes.Mapped mapped = JdbcTypes.map(md, i);
                columns.add(mapped.column());
                readers.add(mapped.reader());
            }
        }
        List<String> names = columns.stream().map(Column::name).toList();
        List<String> keys = spec.table() != null ? primaryKey(c, dialect, spec.table()) : List.of();
        if (!names.containsAll(keys)) {
            keys = List.of();
        }
        IncrementalSpec incremental = spec.incremental();
        // Without a primary key, the split (or pk-range) column orders a keyset read only when a unique index says
        // no two rows share a value: "after key k" would otherwise skip the rows sharing k across a chunk boundary.
        // A query, or a table without such an index, is streamed per split instead (not resumable, see JdbcSource).
        String candidate = spec.split() != null
                ? spec.split().column()
                : incremental.mode() == IncrementalMode.PK_RANGE ? incremental.column() : null;
        if (keys.isEmpty()
                && candidate != null
                && spec.table() != null
                && names.contains(candidate)
                && uniquelyIndexed(c, dialect, spec.table(), candidate)) {
            keys = List.of(candidate);
        }
        checkColumns(spec, name, names, keys);
        JdbcRelation described = new JdbcRelation(dialect, from, new Schema(columns, keys), readers);
        described.checkTypes(spec, name);
        return described;
    }

    Column column(String name) {
        return schema.column(schema.indexOf(name).orElseThrow());
    }

    /** {@code SELECT <every column> FROM <relation> [WHERE <conditions joined by AND>]<tail>}. */
    String select(List<String> conditions, String tail) {
        StringBuilder sql = new StringBuilder("SELECT ");
        sql.append(String.join(", ", schema.names().stream().map(dialect::quote).toList()));
        sql.append(" FROM ").append(from);
        if (!conditions.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", conditions));
        }
        return sql.append(tail).toString();
    }

    /**
     * Reads the current row into {@code row}. A value the driver cannot turn into its column's class (a data
     * exception: a numeric NaN or infinity read as a decimal, a value out of range) does not fail the read: the other
     * values are still read and the problem is returned, so the row is rejected with its reason instead of the run
     * failing.
     *
     * @return null when every value was read, otherwise what was wrong, naming the columns
     */
    String read(ResultSet rs, JdbcTypes.ValueReader[] readers, Object[] row) throws SQLException {
        StringBuilder problems = null;
        for (int i = 0; i < row.length; i++) {
            try {
                row[i] = readers[i].read(rs, i + 1);
            } catch (SQLException e) {
                if (!JdbcErrors.isDataException(e)) {
                    throw e;
                }
                problems = problems == null ? new StringBuilder() : problems.append("; ");
                problems.append(schema.column(i).name()).append(": ").append(e.getMessage());
            }
        }
        return problems == null ? null : problems.toString();
    }

    /** How to read the columns of this result set: binary PostgreSQL columns are decoded directly. */
    JdbcTypes.ValueReader[] readers(ResultSet rs) throws SQLException {
        return dialect == Dialect.POSTGRESQL
                ? PgBinaryValues.readers(rs, schema, readers)
                : readers.toArray(JdbcTypes.ValueReader[]::new);
    }

    private static void checkColumns(SourceSpec spec, String name, List<String> names, List<String> keys) {
        for (String key : keys) {
            if (!names.contains(key)) {
                throw JdbcErrors.invalid("column " + key + " is not a column of " + name + ": " + names);
            }
        }
        if (spec.split() != null && !names.contains(spec.split().column())) {
            throw JdbcErrors.invalid(
                    "split column " + spec.split().column() + " is not a column of " + name + ": " + names);
        }
        if (spec.incremental().column() != null
                && !names.contains(spec.incremental().column())) {
            throw JdbcErrors.invalid(
                    "incremental column " + spec.incremental().column() + " is not a column of " + name + ": " + names);
        }
    }

    private void checkTypes(SourceSpec spec, String name) {
        if (spec.split() != null) {
            Column column = column(spec.split().column());
            if (!SPLITTABLE.contains(column.type())) {
                throw JdbcErrors.invalid("split column " + column.name() + " is " + column.type()
                        + "; key ranges need an integer column");
            }
        }
        IncrementalSpec incremental = spec.incremental();
        if (incremental.mode() == IncrementalMode.TIMESTAMP) {
            Column column = column(incremental.column());
            if (!WATERMARKS.contains(column.type())) {
                throw JdbcErrors.invalid("timestamp column " + column.name() + " is " + column.type()
                        + "; a watermark needs a DATE, TIMESTAMP or TIMESTAMPTZ column");
            }
            if (schema.keys().isEmpty()) {
                throw JdbcErrors.invalid("timestamp incremental reads of " + name + " need a primary key, or a"
                        + " split column with a unique index, to resume between rows with the same timestamp");
            }
        }
        for (String key : schema.keys()) {
            if (UNORDERED.contains(column(key).type())) {
                throw JdbcErrors.invalid(
                        "key column " + key + " is " + column(key).type() + ", which cannot order a keyset read");
            }
        }
    }

    /** Where a table lives, as the driver's metadata calls want it. */
    private record Located(String catalog, String schema, String table) {
        static Located of(Connection c, Dialect dialect, String qualifiedTable) throws SQLException {
            String[] parts = qualifiedTable.split("\\.");
            String table = parts[parts.length - 1];
            String namespace = parts.length == 2 ? parts[0] : null;
            // MySQL and MariaDB call a database a catalog; PostgreSQL and most others call the namespace a schema
            return dialect == Dialect.MYSQL
                    ? new Located(namespace != null ? namespace : c.getCatalog(), null, table)
                    : new Located(null, namespace != null ? namespace : currentSchema(c), table);
        }
    }

    /** Whether a unique index (not a partial one) covers exactly this one column. */
    private static boolean uniquelyIndexed(Connection c, Dialect dialect, String qualifiedTable, String column)
            throws SQLException {
        Located at = Located.of(c, dialect, qualifiedTable);
        Map<String, List<String>> columnsByIndex = new java.util.HashMap<>();
        java.util.Set<String> partial = new java.util.HashSet<>();
        try (ResultSet rs = c.getMetaData().getIndexInfo(at.catalog(), at.schema(), at.table(), true, true)) {
            while (rs.next()) {
                String index = rs.getString("INDEX_NAME");
                if (index == null || rs.getBoolean("NON_UNIQUE")) {
                    continue;
                }
                if (rs.getString("FILTER_CONDITION") != null) {
                    partial.add(index);
                }
                columnsByIndex.computeIfAbsent(index, k -> new ArrayList<>()).add(rs.getString("COLUMN_NAME"));
            }
        }
        return columnsByIndex.entrySet().stream()
                .anyMatch(e -> !partial.contains(e.getKey()) && e.getValue().equals(List.of(column)));
    }

    private static List<String> primaryKey(Connection c, Dialect dialect, String qualifiedTable) throws SQLException {
        Located at = Located.of(c, dialect, qualifiedTable);
        Map<Integer, String> bySequence = new TreeMap<>();
        DatabaseMetaData md = c.getMetaData();
        try (ResultSet rs = md.getPrimaryKeys(at.catalog(), at.schema(), at.table())) {
            while (rs.next()) {
                bySequence.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
            }
        }
        return List.copyOf(bySequence.values());
    }

    private static String currentSchema(Connection c) {
        try {
            return c.getSchema();
        } catch (SQLException | AbstractMethodError e) {
            return null; // JDBC 4.0 drivers do not know schemas: look the table up in any
        }
    }

    private static String trimQuery(String query) {
        String trimmed = query.strip();
        while (trimmed.endsWith(";")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1).strip();
        }
        return trimmed;
    }
}
