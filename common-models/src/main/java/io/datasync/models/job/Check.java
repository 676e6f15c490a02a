package io.datasync.models.job;

import java.time.Duration;

/** Field checks for job-definition records; each failure names its field. */
final class Check {

    private Check() {}

    static <T> T required(T value, String field) {
        if (value == null) {
            throw new InvalidFieldException(field, "is required");
        }
        return value;
    }

    static String requiredText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidFieldException(field, "is required");
        }
        return value;
    }

    static String name(String value, String field) {
        requiredText(value, field);
        if (!Names.isSafe(value)) {
            throw new InvalidFieldException(field, "'" + value + "' must be " + Names.RULE);
        }
        return value;
    }

    static long notNegative(long value, String field) {
        if (value < 0) {
            throw new InvalidFieldException(field, "must not be negative, was " + value);
        }
        return value;
    }

    static int between(int value, int min, int max, String field) {
        if (value < min || value > max) {
            throw new InvalidFieldException(field, "must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    static double between(double value, double min, double max, String field) {
        if (Double.isNaN(value) || value < min || value > max) {
            throw new InvalidFieldException(field, "must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    static Duration notNegative(Duration value, String field) {
        if (value != null && value.isNegative()) {
            throw new InvalidFieldException(field, "must not be negative, was " + Durations.format(value));
        }
        return value;
    }
}
