package io.datasync.models.quality;

/**
 * One check a row broke.
 *
 * @param check the check's name in its rule set
 * @param reason what was wrong with the value, in words an operator can act on
 */
public record Violation(String check, Dimension dimension, Severity severity, String reason) {
    public Violation {
        if (check == null || check.isBlank()) {
            throw new IllegalArgumentException("check must not be blank");
        }
        if (dimension == null || severity == null) {
            throw new IllegalArgumentException("a violation needs a dimension and a severity");
        }
        reason = reason == null ? "" : reason;
    }
}
