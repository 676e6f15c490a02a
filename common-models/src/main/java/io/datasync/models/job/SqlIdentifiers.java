package io.datasync.models.job;

import java.util.regex.Pattern;

/**
 * Table and column names users may write in a job. Only plain identifiers (optionally {@code schema.table}) are
 * accepted, so a name can always be quoted safely and never carries SQL: {@code orders; drop table x} is refused.
 */
public final class SqlIdentifiers {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

    private SqlIdentifiers() {}

    /** A column name: one identifier. */
    public static boolean isColumn(String name) {
        return name != null && IDENTIFIER.matcher(name).matches();
    }

    /** A table name: an identifier, optionally qualified by a schema identifier. */
    public static boolean isTable(String name) {
        if (name == null) {
            return false;
        }
        String[] parts = name.split("\\.", -1);
        if (parts.length > 2) {
            return false;
        }
        for (String part : parts) {
            if (!isColumn(part)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A column name, double-quoted for SQL.
     *
     * @throws IllegalArgumentException when it is not a plain identifier (so it never needs escaping)
     */
    public static String quoted(String column) {
        if (!isColumn(column)) {
            throw new IllegalArgumentException("'" + column + "' is not an identifier: " + rule());
        }
        return '"' + column + '"';
    }

    /**
     * A table name double-quoted part by part: {@code "schema"."table"}.
     *
     * @throws IllegalArgumentException when it is not a table name
     */
    public static String quotedTable(String table) {
        if (!isTable(table)) {
            throw new IllegalArgumentException("'" + table + "' is not a table name: " + rule());
        }
        int dot = table.indexOf('.');
        return dot < 0 ? quoted(table) : quoted(table.substring(0, dot)) + "." + quoted(table.substring(dot + 1));
    }

    /** Why a name is refused, for error messages. */
    public static String rule() {
        return "letters, digits, '_' and '$', starting with a letter or '_', at most 63 characters"
                + " (tables may be qualified as schema.table)";
    }
}
