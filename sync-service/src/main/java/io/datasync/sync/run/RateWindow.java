package io.datasync.sync.run;

import java.util.function.LongSupplier;

/**
 * Rows per second over the last minute, for a stream run's view: a ring of sixty one-second buckets. Unlike a rate
 * since the run began, it drops to zero within a minute of the stream going quiet and shows a burst while it happens.
 * Thread-safe.
 */
final class RateWindow {

    private static final int SECONDS = 60;

    private final LongSupplier millis;
    private final long started;
    private final long[] second = new long[SECONDS];
    private final long[] rows = new long[SECONDS];

    /** @param millis the clock, in milliseconds (a fake one in tests) */
    RateWindow(LongSupplier millis) {
        this.millis = millis;
        this.started = millis.getAsLong();
        java.util.Arrays.fill(second, Long.MIN_VALUE);
    }

    RateWindow() {
        this(System::currentTimeMillis);
    }

    synchronized void record(long n) {
        long now = Math.floorDiv(millis.getAsLong(), 1000);
        int slot = (int) Math.floorMod(now, (long) SECONDS);
        if (second[slot] != now) {
            second[slot] = now;
            rows[slot] = 0;
        }
        rows[slot] += n;
    }

    /**
     * Rows per second over the last 60 s, or since the window was created when that is less (at least one second), so
     * a stream started 10 s ago is not shown at a sixth of its rate.
     */
    synchronized double perSecond() {
        long nowMillis = millis.getAsLong();
        long now = Math.floorDiv(nowMillis, 1000);
        long sum = 0;
        for (int i = 0; i < SECONDS; i++) {
            if (second[i] > now - SECONDS && second[i] <= now) {
                sum += rows[i];
            }
        }
        double seconds = Math.min(SECONDS, Math.max(1.0, (nowMillis - started) / 1000.0));
        return sum / seconds;
    }
}
