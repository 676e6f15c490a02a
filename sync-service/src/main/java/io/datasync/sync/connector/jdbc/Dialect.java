package io.datasync.sync.connector.jdbc;

import io.datasync.models.job.SqlIdentifiers;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * The few SQL differences the JDBC source depends on: how identifiers are quoted, how a chunk is limited, whether
 * row-value comparisons {@code (a, b) > (?, ?)} are available for keyset pagination on composite keys, and how a value
 * is bound.
 */
public enum Dialect {
    POSTGRESQL('"', true),
    /** MySQL and MariaDB: backticks work whatever {@code sql_mode} says, double quotes only with ANSI_QUOTES. */
    MYSQL('`', true),
    /** Anything else: ANSI quotes, the row limit through {@code Statement.setMaxRows}, expanded key comparisons. */
    GENERIC('"', false);

    private final char quote;
    private final boolean nativeSql;

    Dialect(char quote, boolean nativeSql) {
        this.quote = quote;
        this.nativeSql = nativeSql;
    }

    public static Dialect fromUrl(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        if (lower.startsWith("jdbc:mariadb:") || lower.startsWith("jdbc:mysql:")) {
            return MYSQL;
        }
        return GENERIC;
    }

    /** For URLs that do not tell, e.g. through a pooling or proxy driver: the database's own product name. */
    public static Dialect fromProductName(String productName) {
        String lower = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
        if (lower.contains("postgres")) {
            return POSTGRESQL;
        }
        if (lower.contains("mysql") || lower.contains("mariadb")) {
            return MYSQL;
        }
        return GENERIC;
    }

    /**
     * Quotes a column name, so it is matched exactly as written.
     *
     * @throws IllegalArgumentException when the name is not a plain identifier; quoting is only safe for those
     */
    public String quote(String column) {
        if (!SqlIdentifiers.isColumn(column)) {
            throw new IllegalArgumentException("'" + column + "' is not a safe column name: " + SqlIdentifiers.rule());
        }
        return quote + column + quote;
    }

    /** Quotes a table name, each part of {@code schema.table} on its own. */
    public String quoteTable(String table) {
        if (!SqlIdentifiers.isTable(table)) {
            throw new IllegalArgumentException("'" + table + "' is not a safe table name: " + SqlIdentifiers.rule());
        }
        StringJoiner joined = new StringJoiner(".");
        for (String part : table.split("\\.")) {
            joined.add(quote + part + quote);
        }
        return joined.toString();
    }

    /** Whether {@link #limitClause()} limits the rows in SQL; otherwise the reader uses {@code setMaxRows}. */
    public boolean limitsInSql() {
        return nativeSql;
    }

    /** Appended after ORDER BY, with one parameter for the row count; empty when {@link #limitsInSql()} is false. */
    public String limitClause() {
        return nativeSql ? " LIMIT ?" : "";
    }

    /**
     * The condition "the row's key comes after the given key" over already quoted columns, with one {@code ?} per
     * column in the order the parameters must be bound (see {@link #afterParameters}).
     */
    public String after(List<String> quotedColumns) {
        if (quotedColumns.size() == 1) {
            return quotedColumns.get(0) + " > ?";
        }
        if (nativeSql) {
            StringJoiner cols = new StringJoiner(", ", "(", ")");
            StringJoiner params = new StringJoiner(", ", "(", ")");
            quotedColumns.forEach(c -> {
                cols.add(c);
                params.add("?");
            });
            return cols + " > " + params;
        }
        // (a > ?) OR (a = ? AND b > ?) OR …: portable, binds the key prefix once per disjunct
        StringJoiner or = new StringJoiner(" OR ", "(", ")");
        for (int i = 0; i < quotedColumns.size(); i++) {
            StringJoiner and = new StringJoiner(" AND ", "(", ")");
            for (int j = 0; j < i; j++) {
                and.add(quotedColumns.get(j) + " = ?");
            }
            and.add(quotedColumns.get(i) + " > ?");
            or.add(and.toString());
        }
        return or.toString();
    }

    /** The key values to bind for {@link #after}, in order. */
    public Object[] afterParameters(Object[] key) {
        if (key.length == 1 || nativeSql) {
            return key.clone();
        }
        int n = key.length * (key.length + 1) / 2;
        Object[] params = new Object[n];
        int p = 0;
        for (int i = 0; i < key.length; i++) {
            for (int j = 0; j <= i; j++) {
                params[p++] = key[j];
            }
        }
        return params;
    }

    /** Binds a value, as a string where a driver may not know the Java type (UUIDs outside PostgreSQL). */
    void bind(PreparedStatement st, int index, Object value) throws SQLException {
        if (value instanceof UUID && this != POSTGRESQL) {
            st.setString(index, value.toString());
        } else {
            st.setObject(index, value);
        }
    }
}
