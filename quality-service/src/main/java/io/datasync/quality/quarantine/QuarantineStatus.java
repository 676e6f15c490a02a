package io.datasync.quality.quarantine;

import java.util.Locale;

/**
 * Where a quarantined row is in its life: {@code open} as the gate kept it (or refused again by a replay), {@code
 * fixed} patched by an operator, {@code replaying} sent to the sync engine, {@code replayed} written to the target,
 * {@code discarded} given up on.
 */
public enum QuarantineStatus {
    OPEN,
    FIXED,
    REPLAYING,
    REPLAYED,
    DISCARDED;

    /** The wire and column name, e.g. {@code open}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status with this wire name (any case), or null when there is none. */
    public static QuarantineStatus parse(String text) {
        for (QuarantineStatus status : values()) {
            if (status.toString().equalsIgnoreCase(text)) {
                return status;
            }
        }
        return null;
    }
}
