package io.datasync.sync.connector.spi;

import java.math.BigDecimal;
import java.util.Map;

/**
 * One side of a verification: keyed data that computes, in its own database, the row count, the sum of the keys and
 * the sum of their squares over a key range — an order-independent checksum that means the same on every side. Opened
 * per verification, used by one thread, closed after.
 */
public interface KeyAggregates extends AutoCloseable {

    /** What a side holds in one key range, normalized (no trailing zeros) so sides compare equal across databases. */
    record Aggregate(long rows, BigDecimal keySum, BigDecimal keySquares) {
        public static final Aggregate EMPTY = new Aggregate(0, BigDecimal.ZERO, BigDecimal.ZERO);

        public Aggregate {
            keySum = normalized(keySum);
            keySquares = normalized(keySquares);
        }

        private static BigDecimal normalized(BigDecimal value) {
            BigDecimal v = value == null ? BigDecimal.ZERO : value.stripTrailingZeros();
            return v.signum() == 0 ? BigDecimal.ZERO : v;
        }
    }

    /**
     * The smallest and largest key, and whether the key is an integer column (a decimal or float key is rounded
     * differently by each database, so the sides cannot be compared range by range); null when there are no rows.
     */
    record Bounds(long min, long max, boolean integer) {}

    /** @throws ConnectorException {@code SYNC-014} (retriable) when the side cannot be read */
    Bounds bounds();

    /**
     * The aggregate over {@code [from, to]}, or over everything when both are null.
     *
     * @param integerSums whether every key's square fits a 64-bit integer, so the sums may be computed in integer
     *     arithmetic (several times cheaper than decimals)
     */
    Aggregate aggregate(Long from, Long to, boolean integerSums);

    /** Aggregates per range of {@code width} keys, by the range's first key; ranges without rows are absent. */
    Map<Long, Aggregate> aggregatesPerRange(long width);

    @Override
    void close();
}
