package io.datasync.sync.run;

import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.SyncErrorCode;
import java.time.Duration;

/**
 * Pause, resume and cancel for a running run, checked by the engine between chunks: a chunk in flight always finishes
 * (and commits with its checkpoint) before the run pauses or stops. Thread-safe.
 */
public final class RunControl {

    private boolean paused;
    private volatile boolean cancelled;

    public synchronized void pause() {
        paused = true;
    }

    public synchronized void resume() {
        paused = false;
        notifyAll();
    }

    public void cancel() {
        synchronized (this) {
            cancelled = true;
            notifyAll();
        }
        Runnable hook = onCancel;
        if (hook != null) {
            hook.run(); // outside the lock: a reader's wakeup may take its own locks
        }
    }

    private volatile Runnable onCancel;

    /**
     * What else a cancel does, e.g. wakes a stream reader blocked in a poll ({@code StreamReader.wakeup}); null for
     * nothing. Runs on the cancelling thread, also for a cancel that came before it was set.
     */
    public void onCancel(Runnable hook) {
        onCancel = hook;
        if (hook != null && cancelled) {
            hook.run();
        }
    }

    public boolean cancelled() {
        return cancelled;
    }

    private volatile boolean abandoned;
    private volatile boolean claimed;

    /** Whether this instance holds the run (claimed it in the database) and so renews its lease. */
    boolean claimed() {
        return claimed;
    }

    void claimed(boolean value) {
        claimed = value;
    }

    /**
     * Stops the run here because another instance took it over (this one lost its lease): the engine stops like on a
     * cancel, but this instance records nothing more about the run — its new owner does.
     */
    public void abandon() {
        abandoned = true;
        cancel();
    }

    public boolean abandoned() {
        return abandoned;
    }

    private volatile boolean handOver;

    /**
     * Stops this reader of the run for good while others read on (a member leaving, an instance shutting down beside
     * live members): like {@link #abandon}, and its reader {@link io.datasync.sync.connector.spi.StreamReader#leave
     * leaves} the source's group, so the broker stops routing messages to it.
     */
    public void handOver() {
        handOver = true;
        abandon();
    }

    public boolean handingOver() {
        return handOver;
    }

    /** {@link System#nanoTime()} when the last heartbeat that renewed the lease was sent; see {@link #checkLease}. */
    private volatile long leaseRenewedAt;
    /** How long after a renewal the lease counts as held here; zero for a run without a lease (tests, previews). */
    private volatile long leaseValidNanos;

    /**
     * Makes the run hold its lease only for {@code validFor} after each renewal: from then on {@link #checkLease}
     * refuses writes unless {@link #leaseRenewedAt} is called in time. Set once by the executor, before the engine
     * starts.
     *
     * @param validFor shorter than the lease itself (the executor takes two thirds of it), so this owner stops writing
     *     before another instance may take the run over, even if heartbeats fail without anyone noticing
     * @param renewedAt {@link System#nanoTime()} read before the claim that started the lease was sent
     */
    void lease(Duration validFor, long renewedAt) {
        leaseRenewedAt = renewedAt;
        leaseValidNanos = validFor.toNanos();
    }

    /**
     * Records that a heartbeat which renewed the lease was sent at {@code sentAt} ({@link System#nanoTime()} read
     * before sending it: the database renewed the lease no earlier than that). A later renewal never moves it back.
     */
    void leaseRenewedAt(long sentAt) {
        synchronized (this) {
            if (sentAt - leaseRenewedAt > 0) {
                leaseRenewedAt = sentAt;
            }
        }
    }

    /** Whether the lease, renewed last at {@link #leaseRenewedAt}, is still held here at {@code now} (nanoTime). */
    boolean leaseValid(long now) {
        long validFor = leaseValidNanos;
        return validFor == 0 || now - leaseRenewedAt < validFor;
    }

    /**
     * Called by the engine before each write: an owner whose heartbeats have not renewed its lease for long enough
     * that another instance may soon take the run over (the database unreachable, this process paused) stops writing;
     * the executor then abandons the run to whoever takes it, without recording an end.
     *
     * @throws ConnectorException {@link SyncErrorCode#FENCED} when the lease is no longer held here
     */
    public void checkLease() {
        long now = System.nanoTime();
        if (!leaseValid(now)) {
            throw new ConnectorException(
                    SyncErrorCode.FENCED,
                    "this instance last renewed the run's lease "
                            + Duration.ofNanos(now - leaseRenewedAt).toMillis()
                            + " ms ago (valid for "
                            + Duration.ofNanos(leaseValidNanos).toMillis()
                            + " ms): it stops writing and leaves the run to the instance that takes it over",
                    null);
        }
    }

    public synchronized boolean paused() {
        return paused;
    }

    /**
     * Waits for {@code duration} unless the run is cancelled first.
     *
     * @return false when the run was cancelled
     */
    synchronized boolean sleep(java.time.Duration duration) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        for (long left = duration.toNanos(); left > 0 && !cancelled; left = deadline - System.nanoTime()) {
            wait(Math.max(1, left / 1_000_000));
        }
        return !cancelled;
    }

    /** Blocks the calling reader while the run is paused and not cancelled. */
    synchronized void awaitIfPaused() throws InterruptedException {
        while (paused && !cancelled) {
            wait();
        }
    }
}
