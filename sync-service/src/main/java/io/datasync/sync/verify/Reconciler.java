package io.datasync.sync.verify;

import io.datasync.sync.connector.jdbc.Dialect;
import io.datasync.sync.connector.jdbc.JdbcEndpoint;
import io.datasync.sync.connector.jdbc.JdbcErrors;
import io.datasync.sync.connector.spi.ConnectorException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares a source table and a target table by an integer key, inside each database: per key range the row count,
 * the sum of the keys and the sum of their squares (an order-independent checksum computed with exact decimals, so
 * it means the same in PostgreSQL and MariaDB). Ranges that differ are halved until they are small, so the report
 * points at the rows to look at instead of saying only "not equal".
 *
 * <p>It proves that every key arrived exactly once; it does not compare column values, which transforms may change
 * on purpose. Rows a transform refused are reported as differences: they are missing from the target.
 */
public final class Reconciler {

    /** One side of the comparison. */
    public record Side(JdbcEndpoint endpoint, String table) {}

    /** A key range whose rows differ, with what each side holds there. */
    public record Difference(long from, long to, Aggregate source, Aggregate target) {}

    /** What a side holds in one key range. */
    public record Aggregate(long rows, BigDecimal keySum, BigDecimal keySquares) {
        static final Aggregate EMPTY = new Aggregate(0, BigDecimal.ZERO, BigDecimal.ZERO);
    }

    /** The outcome: verified when no range differs. */
    public record Report(boolean verified, long sourceRows, long targetRows, List<Difference> differences) {}

    private static final int FIRST_RANGES = 16;
    private static final long SMALLEST_RANGE = 1_000;
    private static final int MAX_DIFFERENCES = 20;
    /** Aggregate queries one verification may run, so a badly broken target cannot keep it busy for hours. */
    private static final int MAX_QUERIES = 2_000;

    /** Keys within ±this have squares that fit a bigint. */
    private static final long SQUARE_FITS = 3_037_000_499L;

    private final java.util.concurrent.atomic.AtomicInteger queries = new java.util.concurrent.atomic.AtomicInteger();
    private static final java.util.Set<Integer> INTEGER_TYPES = java.util.Set.of(
            java.sql.Types.TINYINT, java.sql.Types.SMALLINT, java.sql.Types.INTEGER, java.sql.Types.BIGINT);

    /** Whether the key is an integer column on both sides: found out with the bounds. */
    private boolean integerKeys = true;
    /** Whether both sums can be computed in integer arithmetic: set once the key bounds are known. */
    private volatile boolean integerSums;

    private final Side source;
    private final Side target;
    private final String key;

    public Reconciler(Side source, Side target, String key) {
        this.source = source;
        this.target = target;
        this.key = key;
    }

    public Report reconcile() {
        try (Connection s = connect(source);
                Connection t = connect(target)) {
            Dialect sd = Dialect.fromUrl(source.endpoint().url());
            Dialect td = Dialect.fromUrl(target.endpoint().url());
            long[] bounds = bounds(s, sd, source.table(), t, td, target.table());
            integerSums = integerKeys && bounds != null && bounds[0] >= -SQUARE_FITS && bounds[1] <= SQUARE_FITS;
            // The whole-table aggregates are the expensive part: both databases compute theirs at the same time.
            java.util.concurrent.CompletableFuture<Aggregate> sourceSide =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                        try {
                            return aggregate(s, sd, source.table(), null, null);
                        } catch (SQLException e) {
                            throw new java.util.concurrent.CompletionException(e);
                        }
                    });
            Aggregate targetAll = aggregate(t, td, target.table(), null, null);
            Aggregate sourceAll = joined(sourceSide);
            List<Difference> differences = new ArrayList<>();
            if (!sourceAll.equals(targetAll) && bounds != null) {
                long span;
                try {
                    span = Math.subtractExact(bounds[1], bounds[0]);
                } catch (ArithmeticException e) {
                    span = Long.MAX_VALUE; // keys spread over the whole long range
                }
                long width = span / FIRST_RANGES + 1;
                long lo = bounds[0];
                while (differences.size() < MAX_DIFFERENCES && queries.get() < MAX_QUERIES) {
                    long hi = bounds[1] - lo < width ? bounds[1] : lo + width - 1;
                    narrow(s, sd, t, td, lo, hi, differences);
                    if (hi == bounds[1]) {
                        break;
                    }
                    lo = hi + 1;
                }
            }
            if (!sourceAll.equals(targetAll) && differences.isEmpty()) {
                // keys agree range by range but not in total: rows with a NULL key on one side
                differences.add(new Difference(Long.MIN_VALUE, Long.MAX_VALUE, sourceAll, targetAll));
            }
            return new Report(differences.isEmpty(), sourceAll.rows(), targetAll.rows(), differences);
        } catch (SQLException e) {
            throw new ConnectorException("SYNC-014", true, "verification could not read a side: " + e.getMessage(), e);
        }
    }

    private static Aggregate joined(java.util.concurrent.CompletableFuture<Aggregate> side) throws SQLException {
        try {
            return side.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw e;
        }
    }

    private void narrow(Connection s, Dialect sd, Connection t, Dialect td, long lo, long hi, List<Difference> out)
            throws SQLException {
        if (out.size() >= MAX_DIFFERENCES || queries.get() >= MAX_QUERIES) {
            return;
        }
        Aggregate a = aggregate(s, sd, source.table(), lo, hi);
        Aggregate b = aggregate(t, td, target.table(), lo, hi);
        if (a.equals(b)) {
            return;
        }
        if (hi - lo < SMALLEST_RANGE || hi - lo < 0) {
            out.add(new Difference(lo, hi, a, b));
            return;
        }
        long mid = lo / 2 + hi / 2 + (lo % 2 + hi % 2) / 2;
        narrow(s, sd, t, td, lo, mid, out);
        narrow(s, sd, t, td, mid + 1, hi, out);
    }

    private long[] bounds(Connection s, Dialect sd, String st, Connection t, Dialect td, String tt)
            throws SQLException {
        long[] a = minMax(s, sd, st);
        long[] b = minMax(t, td, tt);
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])};
    }

    private long[] minMax(Connection c, Dialect d, String table) throws SQLException {
        String k = d.quote(key);
        try (PreparedStatement ps =
                        c.prepareStatement("SELECT min(" + k + "), max(" + k + ") FROM " + d.quoteTable(table));
                ResultSet rs = ps.executeQuery()) {
            // a float or decimal key would be rounded differently by each database's cast to an integer
            integerKeys &= INTEGER_TYPES.contains(rs.getMetaData().getColumnType(1));
            rs.next();
            Object min = rs.getObject(1);
            return min == null ? null : new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    private Aggregate aggregate(Connection c, Dialect d, String table, Long lo, Long hi) throws SQLException {
        queries.incrementAndGet();
        String k = d.quote(key);
        String wide = wide(d, k);
        String sql = "SELECT count(*), sum(" + wide + "), sum(" + wide + " * " + wide + ") FROM " + d.quoteTable(table)
                + (lo == null ? "" : " WHERE " + k + " BETWEEN ? AND ?");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (lo != null) {
                ps.setLong(1, lo);
                ps.setLong(2, hi);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long rows = rs.getLong(1);
                return rows == 0
                        ? Aggregate.EMPTY
                        : new Aggregate(rows, normalized(rs.getBigDecimal(2)), normalized(rs.getBigDecimal(3)));
            }
        }
    }

    /**
     * Compares what a run tallied while copying from a source without SQL (files, HTTP) with the target table, range by
     * range of {@link KeyTally#RANGE} keys, in one aggregate query on the target.
     */
    public static Report compare(KeyTally tally, Side target) {
        Map<Long, Aggregate> source = tally.ranges();
        Map<Long, Aggregate> held = new java.util.TreeMap<>();
        Dialect d = Dialect.fromUrl(target.endpoint().url());
        String k = d.quote(tally.key());
        String sql = "SELECT floor(" + k + " / " + KeyTally.RANGE + ".0)::bigint, count(" + k + "), sum(" + k
                + "::numeric), sum(" + k + "::numeric * " + k + ") FROM " + d.quoteTable(target.table()) + " WHERE "
                + k + " IS NOT NULL GROUP BY 1";
        try (Connection c = connect(target);
                PreparedStatement st = c.prepareStatement(sql);
                ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                held.put(
                        rs.getLong(1) * KeyTally.RANGE,
                        new Aggregate(rs.getLong(2), normalized(rs.getBigDecimal(3)), normalized(rs.getBigDecimal(4))));
            }
        } catch (SQLException e) {
            throw JdbcErrors.classify(
                    e, "table " + target.table(), target.endpoint().password());
        }
        java.util.SortedSet<Long> ranges = new java.util.TreeSet<>(source.keySet());
        ranges.addAll(held.keySet());
        List<Difference> differences = new ArrayList<>();
        for (long from : ranges) {
            Aggregate s = normalizedOf(source.getOrDefault(from, Aggregate.EMPTY));
            Aggregate t = held.getOrDefault(from, Aggregate.EMPTY);
            if (!s.equals(t) && differences.size() < MAX_DIFFERENCES) {
                differences.add(new Difference(from, from + KeyTally.RANGE, s, t));
            }
        }
        long sourceRows = source.values().stream().mapToLong(Aggregate::rows).sum();
        long targetRows = held.values().stream().mapToLong(Aggregate::rows).sum();
        return new Report(differences.isEmpty(), sourceRows, targetRows, differences);
    }

    /**
     * The key as the type its sums are computed in. PostgreSQL and MariaDB/MySQL sum integers into exact decimals
     * (PostgreSQL through a 128-bit accumulator), so when every square fits a bigint the per-row work stays in integer
     * arithmetic, several times cheaper than decimal multiplication; otherwise, and for other databases, whose
     * integer sums may overflow, the key is widened to a decimal first.
     */
    private String wide(Dialect d, String k) {
        if (integerSums && d == Dialect.POSTGRESQL) {
            return "CAST(" + k + " AS BIGINT)";
        }
        if (integerSums && d == Dialect.MYSQL) {
            return "CAST(" + k + " AS SIGNED)";
        }
        return "CAST(" + k + " AS DECIMAL(38,0))";
    }

    private static Aggregate normalizedOf(Aggregate a) {
        return new Aggregate(a.rows(), normalized(a.keySum()), normalized(a.keySquares()));
    }

    /** Without trailing zeros, so 10.00 from one database equals 10 from the other. */
    private static BigDecimal normalized(BigDecimal value) {
        BigDecimal v = Objects.requireNonNullElse(value, BigDecimal.ZERO).stripTrailingZeros();
        return v.signum() == 0 ? BigDecimal.ZERO : v;
    }

    private static Connection connect(Side side) throws SQLException {
        return side.endpoint().open();
    }
}
