package io.datasync.sync.run;

import java.util.concurrent.TimeUnit;

/**
 * A token bucket shared by the readers of one run, for the job's rows/s and bytes/s limits. A limit of 0 means none.
 * Thread-safe; {@link #acquire} blocks the calling reader, which is exactly the backpressure a limit is for.
 */
final class RateLimiter {

    private final long perSecond;
    private long available;
    private long lastRefill;

    RateLimiter(long perSecond) {
        this.perSecond = perSecond;
        this.available = perSecond;
        this.lastRefill = System.nanoTime();
    }

    /** Takes {@code n} permits, waiting as long as the rate requires. */
    void acquire(long n) throws InterruptedException {
        if (perSecond <= 0 || n <= 0) {
            return;
        }
        long waitNanos;
        synchronized (this) {
            refill();
            available -= n;
            waitNanos = available >= 0 ? 0 : (long) (-available * 1e9 / perSecond);
        }
        if (waitNanos > 0) {
            TimeUnit.NANOSECONDS.sleep(waitNanos);
        }
    }

    private void refill() {
        long now = System.nanoTime();
        long earned = (long) ((now - lastRefill) * perSecond / 1e9);
        if (earned > 0) {
            available = Math.min(perSecond, available + earned);
            lastRefill = now;
        }
    }
}
