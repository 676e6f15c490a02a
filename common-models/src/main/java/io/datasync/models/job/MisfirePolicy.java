package io.datasync.models.job;

/** What a schedule does with fires it missed while the scheduler was down: fire once now, or skip them. */
public enum MisfirePolicy {
    FIRE_NOW,
    SKIP;

    @Override
    public String toString() {
        return WireNames.of(this);
    }
}
