package io.datasync.models.job;

import io.datasync.models.problem.FieldError;
import java.util.List;
import java.util.stream.Collectors;

/** A job definition that cannot be read, with every problem found and where it is. */
public final class JobDefinitionException extends RuntimeException {

    private final List<FieldError> errors;

    public JobDefinitionException(List<FieldError> errors) {
        super(errors.stream().map(e -> e.pointer() + ": " + e.message()).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
