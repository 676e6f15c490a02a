package io.datasync.models.job;

/** What a schedule does when it fires while the job's previous run is still going. */
public enum ConcurrencyPolicy {
    SKIP,
    QUEUE,
    REPLACE;

    @Override
    public String toString() {
        return WireNames.of(this);
    }
}
