package io.datasync.sync.run;

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
