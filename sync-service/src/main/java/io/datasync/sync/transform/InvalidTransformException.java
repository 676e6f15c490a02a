package io.datasync.sync.transform;

import io.datasync.models.problem.FieldError;
import java.util.List;
import java.util.stream.Collectors;

/** Transform steps that cannot be built, with every problem found, each pointing at the option at fault. */
public final class InvalidTransformException extends IllegalArgumentException {

    private final List<FieldError> errors;

    public InvalidTransformException(List<FieldError> errors) {
        super(errors.stream().map(e -> e.pointer() + ": " + e.message()).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
