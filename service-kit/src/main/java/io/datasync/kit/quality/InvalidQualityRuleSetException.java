package io.datasync.kit.quality;

import io.datasync.models.problem.FieldError;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A rule set that cannot be used: every problem found, each at the JSON pointer of what is wrong, so a service can
 * answer 400 with all of them at once.
 */
public class InvalidQualityRuleSetException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidQualityRuleSetException(List<FieldError> errors) {
        super(message(errors));
        this.errors = List.copyOf(errors);
        if (this.errors.isEmpty()) {
            throw new IllegalArgumentException("an invalid rule set has at least one error");
        }
    }

    public List<FieldError> errors() {
        return errors;
    }

    private static String message(List<FieldError> errors) {
        return "invalid quality rule set: "
                + errors.stream().map(e -> e.pointer() + " " + e.message()).collect(Collectors.joining("; "));
    }
}
