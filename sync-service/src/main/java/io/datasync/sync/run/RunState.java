package io.datasync.sync.run;

/** The life of a run. {@code SUCCEEDED}, {@code FAILED} and {@code CANCELLED} are final. */
public enum RunState {
    QUEUED,
    RUNNING,
    PAUSED,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
