package io.datasync.models.quality;

import java.util.Locale;

/** The quality dimension a check measures; scores are given per dimension and weighted into one. */
public enum Dimension {
    COMPLETENESS,
    VALIDITY,
    UNIQUENESS,
    CONSISTENCY,
    TIMELINESS,
    ACCURACY;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The dimension with this wire name (any case), or null when there is none. */
    public static Dimension parse(String text) {
        for (Dimension dimension : values()) {
            if (dimension.toString().equalsIgnoreCase(text)) {
                return dimension;
            }
        }
        return null;
    }
}
