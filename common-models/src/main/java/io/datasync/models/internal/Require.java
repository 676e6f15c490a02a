package io.datasync.models.internal;

/** Checks of the internal answers' compact constructors: a broken answer fails where it is read, with its field. */
final class Require {

    private Require() {}

    static String text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    static <T> T present(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }
}
