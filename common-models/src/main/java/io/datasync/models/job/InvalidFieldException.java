package io.datasync.models.job;

import io.datasync.models.json.Json;

/** Thrown by a record's compact constructor for one invalid field, so readers can point at it. */
public final class InvalidFieldException extends IllegalArgumentException implements Json.FieldProblem {

    private final String field;

    public InvalidFieldException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The name of the invalid component within its record. */
    @Override
    public String field() {
        return field;
    }

    /** The message without the field name. */
    @Override
    public String reason() {
        return getMessage().substring(field.length() + 2);
    }
}
