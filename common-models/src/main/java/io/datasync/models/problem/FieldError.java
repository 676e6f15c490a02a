package io.datasync.models.problem;

/**
 * One problem with one part of a request.
 *
 * @param pointer a JSON pointer (RFC 6901) to the offending field, e.g. {@code /source/table}; {@code /} for the whole
 *     body, or a query parameter's name prefixed with {@code ?}
 * @param message what is wrong, in words an operator can act on
 */
public record FieldError(String pointer, String message) {
    public FieldError {
        if (pointer == null || pointer.isBlank()) {
            throw new IllegalArgumentException("pointer must not be blank");
        }
        if (message == null || message.isBlank()) {
            throw new IllegalArgumentException("message must not be blank");
        }
    }
}
