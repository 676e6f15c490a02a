package io.datasync.sync.connector.postgres;

import io.datasync.models.job.SqlIdentifiers;
import io.datasync.models.job.TargetSpec;
import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.Schema;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A table of the target database by name, and what the sink asks PostgreSQL's catalog about it: whether it exists,
 * its columns and their types, the unique index an upsert arbitrates on, and the DDL creating it from the rows' schema.
 * Names are taken exactly as written and always quoted, so they are case-sensitive and never carry SQL.
 */
final class TargetTable {

    /** PostgreSQL truncates longer identifiers silently, which would make derived table names collide. */
    private static final int MAX_IDENTIFIER = 63;

    private final String schema;
    private final String name;
    /** {@code schema.table} for messages. */
    private final String display;
    /** The quoted, schema-qualified name for SQL. */
    private final String sql;

    private TargetTable(String schema, String name) {
        this.schema = schema;
        this.name = name;
        this.display = schema + "." + name;
        this.sql = quote(schema) + "." + quote(name);
    }

    /**
     * The job's target table: {@code schema.table}, or {@code table} in the user's {@code current_schema()}.
     *
     * @throws io.datasync.sync.connector.spi.ConnectorException SYNC-202 when the name has no schema and the
     *     search_path names none that exists
     */
    static TargetTable resolve(Connection c, String table) throws SQLException {
        String[] parts = table.split("\\.");
        return new TargetTable(parts.length == 2 ? parts[0] : currentSchema(c), parts[parts.length - 1]);
    }

    /**
     * Refuses a target whose table or key names are not plain identifiers, or whose keys are not columns of the rows,
     * before anything connects.
     */
    static void checkNames(TargetSpec target, Schema schema) {
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

    String schema() {
        return schema;
    }

    String name() {
        return name;
    }

    String display() {
        return display;
    }

    String sql() {
        return sql;
    }

    /** A table beside this one whose name is derived from this one's by a suffix (see {@link #derivedName}). */
    TargetTable sibling(String suffix) {
        return new TargetTable(schema, derivedName(name, suffix));
    }

    /** The table's oid, or null when there is no such table (a plain or partitioned one; a view does not count). */
    Long oid(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT c.oid::bigint FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')")) {
            st.setString(1, schema);
            st.setString(2, name);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    /** Creates the table with a column per column of the rows and the keys, if any, as its primary key. */
    void create(Connection c, Schema rows, List<String> keys) throws SQLException {
        execute(c, createTableSql(sql, rows, keys));
    }

    /**
     * @param oid this table's oid
     * @throws io.datasync.sync.connector.spi.ConnectorException SYNC-203 naming the rows' columns the table lacks
     */
    void checkColumns(Connection c, long oid, Schema rows) throws SQLException {
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
                rows.names().stream().filter(n -> !existing.contains(n)).toList();
        if (!missing.isEmpty()) {
            throw PostgresSinkError.MISSING_COLUMNS.exception(
                    "table " + display + " has no column(s) " + String.join(", ", missing));
        }
    }

    boolean isEmpty(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT 1 FROM " + sql + " LIMIT 1")) {
            return !rs.next();
        }
    }

    /** Whether ON CONFLICT (keys) has an arbiter: a unique, immediate, non-partial index on exactly those columns. */
    static boolean hasUniqueIndexOn(Connection c, long oid, List<String> keys) throws SQLException {
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

    /** The table's column types by name ({@code pg_type.typname}; a domain or array is not a base type binary COPY writes). */
    static Map<String, String> columnTypes(Connection c, long oid) throws SQLException {
        Map<String, String> types = new HashMap<>();
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

    /**
     * The table's shape: every column's name and full type (with modifiers such as a {@code varchar}'s length), in
     * column order. Changes whenever a column is added, dropped, renamed or retyped.
     */
    static String shape(Connection c, long oid) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT coalesce(string_agg(quote_ident(a.attname)"
                + " || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum), '') FROM pg_attribute a"
                + " WHERE a.attrelid = ?::oid AND a.attnum > 0 AND NOT a.attisdropped")) {
            st.setLong(1, oid);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getString(1);
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

    static String columnList(List<String> names) {
        return names.stream().map(TargetTable::quote).collect(Collectors.joining(", "));
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
