package io.datasync.sync.verify;

import io.datasync.sync.connector.spi.KeyAggregates;
import io.datasync.sync.connector.spi.Schema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The source side of a verification for sources no SQL aggregate can run on (files, HTTP APIs): while a run copies,
 * the keys of every row it wrote are tallied per range of {@link #RANGE} keys — count, Σkey and Σkey², as the
 * {@link Reconciler} computes them inside a database — so the target can be compared range by range afterwards without
 * reading the source again. Memory is one small cell per range, at most {@link #MAX_RANGES} of them.
 *
 * <p>A tally is only whole when the run read its whole source: a run resumed from checkpoints an earlier attempt
 * committed, a key that is not an integer, or too many ranges make it {@linkplain #incomplete() incomplete}, and the run
 * is then reported as not verifiable rather than as different. Thread-safe: splits add their chunks concurrently.
 */
public final class KeyTally {

    static final long RANGE = 1_000;
    static final int MAX_RANGES = 200_000;

    /** One range's keys, kept relative to the range start so sums of squares fit in a long. */
    private static final class Cell {
        long rows;
        long offsets;
        long squares;

        void add(long offset) {
            rows++;
            offsets += offset;
            squares += offset * offset;
        }

        void add(Cell other) {
            rows += other.rows;
            offsets += other.offsets;
            squares += other.squares;
        }

        KeyAggregates.Aggregate aggregate(long range) {
            BigInteger start = BigInteger.valueOf(range).multiply(BigInteger.valueOf(RANGE));
            BigInteger n = BigInteger.valueOf(rows);
            BigInteger sum = start.multiply(n).add(BigInteger.valueOf(offsets));
            BigInteger squaresSum = start.multiply(start)
                    .multiply(n)
                    .add(start.multiply(BigInteger.TWO).multiply(BigInteger.valueOf(offsets)))
                    .add(BigInteger.valueOf(squares));
            return new KeyAggregates.Aggregate(rows, new BigDecimal(sum), new BigDecimal(squaresSum));
        }
    }

    private final String key;
    private final Map<Long, Cell> cells = new HashMap<>();
    private volatile String incomplete;

    /** @param key the key column, named as in the source's rows and in the target table */
    public KeyTally(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** Tallies the keys of rows that were written. */
    public void add(Schema schema, List<Object[]> rows) {
        if (incomplete != null || rows.isEmpty()) {
            return;
        }
        OptionalInt index = schema.indexOf(key);
        if (index.isEmpty()) {
            incomplete("the rows have no column " + key);
            return;
        }
        Map<Long, Cell> local = new HashMap<>();
        for (Object[] row : rows) {
            Object value = row[index.getAsInt()];
            if (value == null) {
                continue; // NULL keys are not compared, as the SQL aggregates skip them too
            }
            if (!(value instanceof Long || value instanceof Integer || value instanceof Short)) {
                incomplete("key " + key + " holds " + value.getClass().getSimpleName() + " values, not integers");
                return;
            }
            long k = ((Number) value).longValue();
            long range = Math.floorDiv(k, RANGE);
            local.computeIfAbsent(range, r -> new Cell()).add(k - range * RANGE);
        }
        synchronized (cells) {
            local.forEach((range, cell) ->
                    cells.computeIfAbsent(range, r -> new Cell()).add(cell));
            if (cells.size() > MAX_RANGES) {
                incomplete("the keys spread over more than " + MAX_RANGES + " ranges of " + RANGE);
                cells.clear();
            }
        }
    }

    /** Marks the tally as not covering the whole source, with why. */
    public void incomplete(String why) {
        if (incomplete == null) {
            incomplete = why;
        }
    }

    /** Why the tally does not cover the whole source, or null when it does. */
    public String incomplete() {
        return incomplete;
    }

    /** Per range start (a multiple of {@link #RANGE}), what the source held, in key order. */
    Map<Long, KeyAggregates.Aggregate> ranges() {
        Map<Long, KeyAggregates.Aggregate> out = new TreeMap<>();
        synchronized (cells) {
            cells.forEach((range, cell) -> out.put(range * RANGE, cell.aggregate(range)));
        }
        return out;
    }
}
