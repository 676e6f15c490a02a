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

    public synchronized void cancel() {
        cancelled = true;
        notifyAll();
    }

    public boolean cancelled() {
        return cancelled;
    }

    public synchronized boolean paused() {
        return paused;
    }

    /** Blocks the calling reader while the run is paused and not cancelled. */
    synchronized void awaitIfPaused() throws InterruptedException {
        while (paused && !cancelled) {
            wait();
        }
    }
}
