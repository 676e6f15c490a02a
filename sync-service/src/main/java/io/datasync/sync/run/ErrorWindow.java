package io.datasync.sync.run;

import io.datasync.models.job.LimitsSpec;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A stream run's error budget over a sliding time window instead of since the run began: a run that never ends would
 * otherwise either fail on a burst long forgotten (the cumulative count only grows) or never fail at all (a ratio over
 * months of good rows hides a partition that is all bad now). Read and rejected records are counted in a ring of
 * one-minute buckets covering the window, and {@link LimitsSpec#exceededBy} is applied to their sum; buckets older
 * than the window are reused. Thread-safe.
 */
final class ErrorWindow {

    /** The window a stream's error budget applies to when the job names none. */
    static final Duration DEFAULT = Duration.ofMinutes(5);

    private static final long BUCKET_MILLIS = 60_000;

    private final LimitsSpec limits;
    private final LongSupplier millis;
    private final long[] minute;
    private final long[] read;
    private final long[] rejected;

    /**
     * @param window rounded up to whole minutes, at least one
     * @param millis the clock, in milliseconds (a fake one in tests)
     */
    ErrorWindow(LimitsSpec limits, Duration window, LongSupplier millis) {
        this.limits = limits == null ? LimitsSpec.UNLIMITED : limits;
        this.millis = millis;
        int buckets = (int) Math.max(1, (window.toMillis() + BUCKET_MILLIS - 1) / BUCKET_MILLIS);
        this.minute = new long[buckets];
        this.read = new long[buckets];
        this.rejected = new long[buckets];
        java.util.Arrays.fill(minute, Long.MIN_VALUE);
    }

    ErrorWindow(LimitsSpec limits, Duration window) {
        this(limits, window, System::currentTimeMillis);
    }

    /** Counts a committed micro-batch: {@code read} source records, {@code rejected} of them refused. */
    synchronized void record(long read, long rejected) {
        long now = Math.floorDiv(millis.getAsLong(), BUCKET_MILLIS);
        int slot = (int) Math.floorMod(now, (long) minute.length);
        if (minute[slot] != now) {
            minute[slot] = now;
            this.read[slot] = 0;
            this.rejected[slot] = 0;
        }
        this.read[slot] += read;
        this.rejected[slot] += rejected;
    }

    /** Why the budget is exceeded within the window, or null. */
    synchronized String exceeded() {
        long[] sums = sums();
        String why = limits.exceededBy(sums[1], sums[0], false);
        return why == null ? null : why + " within the last " + minute.length + " min";
    }

    /** Records read within the window. */
    synchronized long read() {
        return sums()[0];
    }

    /** Records rejected within the window. */
    synchronized long rejected() {
        return sums()[1];
    }

    private long[] sums() {
        long now = Math.floorDiv(millis.getAsLong(), BUCKET_MILLIS);
        long r = 0;
        long x = 0;
        for (int i = 0; i < minute.length; i++) {
            if (minute[i] > now - minute.length && minute[i] <= now) {
                r += read[i];
                x += rejected[i];
            }
        }
        return new long[] {r, x};
    }
}
