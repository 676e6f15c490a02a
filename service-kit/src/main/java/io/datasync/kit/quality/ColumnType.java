package io.datasync.kit.quality;

import java.util.Locale;

/**
 * The sync engine's column types ({@code DataType} in sync-service), with the Java class of their values; the gate
 * reads a row's values by these classes.
 */
enum ColumnType {
    BOOLEAN,
    INT,
    BIGINT,
    DECIMAL,
    DOUBLE,
    TEXT,
    DATE,
    TIME,
    TIMESTAMP,
    TIMESTAMPTZ,
    UUID,
    BYTES,
    JSON;

    /** The type of this name (any case), or null. */
    static ColumnType of(String name) {
        if (name == null) {
            return null;
        }
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    boolean numeric() {
        return this == INT || this == BIGINT || this == DECIMAL || this == DOUBLE;
    }

    boolean integral() {
        return this == INT || this == BIGINT;
    }

    /** Values are {@link String}s a person wrote: TEXT and JSON. */
    boolean text() {
        return this == TEXT || this == JSON;
    }

    /** A point in time: a date or a timestamp. */
    boolean pointInTime() {
        return this == DATE || this == TIMESTAMP || this == TIMESTAMPTZ;
    }

    /** Values have an order the gate can compare ({@code dedupe} by {@code newest}, ranges). */
    boolean ordered() {
        return numeric() || pointInTime() || this == TEXT || this == TIME;
    }
}
