package io.datasync.sync.run;

import java.time.Duration;
import java.util.Arrays;

/**
 * End-to-end latency of a stream run's recent micro-batches (commit time minus source event time), for the p50 and p99
 * of its view: the last {@link #SAMPLES} samples, two per micro-batch — its oldest record (the longest wait in it) and
 * its newest (the shortest). Thread-safe.
 */
final class LatencyWindow {

    static final int SAMPLES = 1024;

    private final long[] millis = new long[SAMPLES];
    private int next;
    private int size;

    /** Adds one micro-batch committed at {@code committedAt}, whose records happened from {@code first} to {@code last}. */
    synchronized void record(java.time.Instant first, java.time.Instant last, java.time.Instant committedAt) {
        if (first != null) {
            add(Math.max(0, committedAt.toEpochMilli() - first.toEpochMilli()));
        }
        if (last != null) {
            add(Math.max(0, committedAt.toEpochMilli() - last.toEpochMilli()));
        }
    }

    private void add(long value) {
        millis[next] = value;
        next = (next + 1) % SAMPLES;
        size = Math.min(SAMPLES, size + 1);
    }

    /** The {@code q} quantile (0..1) of the recent samples (nearest rank), or null before the first batch. */
    synchronized Duration quantile(double q) {
        if (size == 0) {
            return null;
        }
        long[] sorted = Arrays.copyOf(millis, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * size) - 1;
        return Duration.ofMillis(sorted[Math.max(0, Math.min(size - 1, rank))]);
    }
}
