package io.datasync.models.job;

/** How rows land in the target table. */
public enum WriteMode {
    INSERT,
    UPSERT,
    OVERWRITE;

    @Override
    public String toString() {
        return WireNames.of(this);
    }
}
