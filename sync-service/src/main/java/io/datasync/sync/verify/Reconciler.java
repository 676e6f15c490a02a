package io.datasync.sync.verify;

import io.datasync.sync.connector.spi.KeyAggregates;
import io.datasync.sync.connector.spi.KeyAggregates.Aggregate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Compares a source and a target by an integer key, each side aggregating in its own database: per key range the row
 * count, the sum of the keys and the sum of their squares (an order-independent checksum that means the same in
 * PostgreSQL and MariaDB). Ranges that differ are halved until they are small, so the report points at the rows to look
 * at instead of saying only "not equal".
 *
 * <p>It proves that every key arrived exactly once; it does not compare column values, which transforms may change
 * on purpose. Rows a transform refused are reported as differences: they are missing from the target.
 */
public final class Reconciler {

    /** A key range whose rows differ, with what each side holds there. */
    public record Difference(long from, long to, Aggregate source, Aggregate target) {}

    /** The outcome: verified when no range differs. */
    public record Report(boolean verified, long sourceRows, long targetRows, List<Difference> differences) {}

    private static final int FIRST_RANGES = 16;
    private static final long SMALLEST_RANGE = 1_000;
    private static final int MAX_DIFFERENCES = 20;
    /** Aggregate queries one verification may run, so a badly broken target cannot keep it busy for hours. */
    private static final int MAX_QUERIES = 2_000;

    /** Keys within ±this have squares that fit a bigint. */
    private static final long SQUARE_FITS = 3_037_000_499L;

    private final AtomicInteger queries = new AtomicInteger();
    private final KeyAggregates source;
    private final KeyAggregates target;
    private boolean integerSums;

    public Reconciler(KeyAggregates source, KeyAggregates target) {
        this.source = source;
        this.target = target;
    }

    /** Reconciles the two sides; the caller closes them. */
    public Report reconcile() {
        KeyAggregates.Bounds a = source.bounds();
        KeyAggregates.Bounds b = target.bounds();
        long[] bounds = a == null && b == null
                ? null
                : a == null
                        ? new long[] {b.min(), b.max()}
                        : b == null
                                ? new long[] {a.min(), a.max()}
                                : new long[] {Math.min(a.min(), b.min()), Math.max(a.max(), b.max())};
        boolean integerKeys = (a == null || a.integer()) && (b == null || b.integer());
        integerSums = integerKeys && bounds != null && bounds[0] >= -SQUARE_FITS && bounds[1] <= SQUARE_FITS;
        // The whole-table aggregates are the expensive part: both databases compute theirs at the same time.
        CompletableFuture<Aggregate> sourceSide = CompletableFuture.supplyAsync(() -> aggregate(source, null, null));
        Aggregate targetAll = aggregate(target, null, null);
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
                narrow(lo, hi, differences);
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
    }

    private Aggregate aggregate(KeyAggregates side, Long lo, Long hi) {
        queries.incrementAndGet();
        return side.aggregate(lo, hi, integerSums);
    }

    private static Aggregate joined(CompletableFuture<Aggregate> side) {
        try {
            return side.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private void narrow(long lo, long hi, List<Difference> out) {
        if (out.size() >= MAX_DIFFERENCES || queries.get() >= MAX_QUERIES) {
            return;
        }
        Aggregate a = aggregate(source, lo, hi);
        Aggregate b = aggregate(target, lo, hi);
        if (a.equals(b)) {
            return;
        }
        if (hi - lo < SMALLEST_RANGE || hi - lo < 0) {
            out.add(new Difference(lo, hi, a, b));
            return;
        }
        long mid = lo / 2 + hi / 2 + (lo % 2 + hi % 2) / 2;
        narrow(lo, mid, out);
        narrow(mid + 1, hi, out);
    }

    /**
     * Compares what a run tallied while copying from a source without SQL (files, HTTP, queries) with the target,
     * range by range of {@link KeyTally#RANGE} keys, in one aggregate query on the target.
     */
    public static Report compare(KeyTally tally, KeyAggregates target) {
        Map<Long, Aggregate> source = tally.ranges();
        Map<Long, Aggregate> held = target.aggregatesPerRange(KeyTally.RANGE);
        SortedSet<Long> ranges = new TreeSet<>(source.keySet());
        ranges.addAll(held.keySet());
        List<Difference> differences = new ArrayList<>();
        for (long from : ranges) {
            Aggregate s = source.getOrDefault(from, Aggregate.EMPTY);
            Aggregate t = held.getOrDefault(from, Aggregate.EMPTY);
            if (!s.equals(t) && differences.size() < MAX_DIFFERENCES) {
                differences.add(new Difference(from, from + KeyTally.RANGE, s, t));
            }
        }
        long sourceRows = source.values().stream().mapToLong(Aggregate::rows).sum();
        long targetRows = held.values().stream().mapToLong(Aggregate::rows).sum();
        return new Report(differences.isEmpty(), sourceRows, targetRows, differences);
    }
}
