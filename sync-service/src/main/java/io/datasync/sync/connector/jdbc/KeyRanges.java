package io.datasync.sync.connector.jdbc;

import io.datasync.models.job.SplitSpec;
import io.datasync.sync.connector.spi.Split;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Divides a JDBC source with {@code split: {column, parallelism}} into contiguous ranges of its integer split column
 * (plus one split for its NULLs), and turns each split back into the conditions its reader adds.
 */
final class KeyRanges {

    private KeyRanges() {}

    /**
     * What a reader of one split adds to its statement's WHERE clause.
     *
     * @param nulls whether the split holds the rows whose split column is NULL
     */
    record Filter(List<String> conditions, List<Object> parameters, boolean nulls) {

        Filter {
            conditions = List.copyOf(conditions);
            parameters = List.copyOf(parameters);
        }
    }

    /**
     * The splits over the column's min and max now: {@code parallelism} ranges, or one split of every non-NULL value
     * when there is none, and a split for NULLs when the column is nullable.
     */
    static List<Split> splits(Connection c, JdbcRelation relation, SplitSpec split) throws SQLException {
        String name = split.column();
        BigInteger[] minMax = minMax(c, relation, name);
        List<Split> splits = new ArrayList<>();
        if (minMax == null) {
            splits.add(new Split(name + "[all]", Map.of("column", name)));
        } else {
            splits.addAll(ranges(name, minMax[0], minMax[1], split.parallelism()));
        }
        if (relation.column(name).nullable()) {
            splits.add(new Split(name + "[null]", Map.of("column", name, "nulls", true)));
        }
        return List.copyOf(splits);
    }

    /**
     * The range conditions of a split made by {@link #splits}; none for {@link Split#whole()}.
     *
     * @param split the source's split spec, null when it is read whole
     * @throws io.datasync.sync.connector.spi.ConnectorException {@code SYNC-001} when the split was made for another
     *     split column
     */
    static Filter filter(Split split, SplitSpec spec, Dialect dialect) {
        Map<String, Object> bounds = split.bounds();
        if (bounds.isEmpty()) {
            return new Filter(List.of(), List.of(), false);
        }
        Object column = bounds.get("column");
        if (spec == null || !spec.column().equals(column)) {
            throw JdbcErrors.invalid(
                    "split " + split.id() + " was not made by this source (split column " + column + ")");
        }
        String quoted = dialect.quote(spec.column());
        if (Boolean.TRUE.equals(bounds.get("nulls"))) {
            return new Filter(List.of(quoted + " IS NULL"), List.of(), true);
        }
        List<String> conditions = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        Object lower = bounds.get("from");
        Object upper = bounds.get("to");
        if (lower instanceof Number n) {
            conditions.add(quoted + " >= ?");
            parameters.add(n.longValue());
        }
        if (upper instanceof Number n) {
            conditions.add(quoted + " < ?");
            parameters.add(n.longValue());
        }
        if (lower == null && upper == null) {
            conditions.add(quoted + " IS NOT NULL");
        }
        return new Filter(conditions, parameters, false);
    }

    /**
     * {@code parallelism} contiguous ranges over [min, max]; ids name the nominal range (stable for the same data),
     * while the first has no lower and the last no upper bound, so rows beyond min or max added since still belong to
     * a split.
     */
    static List<Split> ranges(String column, BigInteger min, BigInteger max, int parallelism) {
        BigInteger span = max.subtract(min).add(BigInteger.ONE);
        int n = span.min(BigInteger.valueOf(parallelism)).intValueExact();
        List<Split> splits = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            BigInteger from = min.add(span.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(n)));
            BigInteger to = min.add(span.multiply(BigInteger.valueOf(i + 1L)).divide(BigInteger.valueOf(n)));
            boolean last = i == n - 1;
            Map<String, Object> bounds = new LinkedHashMap<>();
            bounds.put("column", column);
            if (i > 0) {
                bounds.put("from", from.longValueExact());
            }
            if (!last) {
                bounds.put("to", to.longValueExact());
            }
            String id = column + "[" + from + "," + (last ? max + "]" : to + ")");
            splits.add(new Split(id, bounds));
        }
        return splits;
    }

    /** The column's smallest and largest value, or null when it has none (no rows, or only NULLs). */
    private static BigInteger[] minMax(Connection c, JdbcRelation relation, String column) throws SQLException {
        String quoted = relation.dialect().quote(column);
        try (Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT min(" + quoted + "), max(" + quoted + ") FROM " + relation.from())) {
            rs.next();
            BigDecimal min = rs.getBigDecimal(1);
            BigDecimal max = rs.getBigDecimal(2);
            return min == null ? null : new BigInteger[] {min.toBigIntegerExact(), max.toBigIntegerExact()};
        }
    }
}
