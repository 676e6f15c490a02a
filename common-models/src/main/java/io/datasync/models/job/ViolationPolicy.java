package io.datasync.models.job;

/** What happens to a row that breaks a quality rule. */
public enum ViolationPolicy {
    QUARANTINE,
    DROP,
    FAIL;

    @Override
    public String toString() {
        return WireNames.of(this);
    }
}
