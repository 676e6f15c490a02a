package io.datasync.models.quality;

import java.util.Locale;

/**
 * What happens to a row that breaks a check, from the mildest: {@code warn} counts it and writes it, {@code drop}
 * leaves it out, {@code quarantine} leaves it out and keeps it for fixing and replay, {@code fail} stops the run. A row
 * breaking several checks gets the most severe of their severities.
 */
public enum Severity {
    WARN,
    DROP,
    QUARANTINE,
    FAIL;

    /** The wire name, e.g. {@code quarantine}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The severity with this wire name (any case), or null when there is none. */
    public static Severity parse(String text) {
        for (Severity severity : values()) {
            if (severity.toString().equalsIgnoreCase(text)) {
                return severity;
            }
        }
        return null;
    }

    /** The more severe of the two; null counts as none. */
    public static Severity worst(Severity a, Severity b) {
        if (a == null) {
            return b;
        }
        return b == null || a.compareTo(b) >= 0 ? a : b;
    }
}
