package io.datasync.kit.web;

import io.datasync.models.problem.ErrorCode;
import io.datasync.models.problem.FieldError;
import java.util.List;

/** An error a service answers with a problem detail of a stable code, e.g. a missing resource or invalid fields. */
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final List<FieldError> errors;

    public ApiException(ErrorCode code, String detail) {
        this(code, detail, List.of());
    }

    public ApiException(ErrorCode code, String detail, List<FieldError> errors) {
        super(detail);
        this.code = code;
        this.errors = List.copyOf(errors);
    }

    public static ApiException notFound(String what, String id) {
        return new ApiException(ErrorCode.NOT_FOUND, what + " '" + id + "' does not exist");
    }

    public static ApiException invalid(List<FieldError> errors) {
        return new ApiException(
                ErrorCode.VALIDATION_FAILED,
                errors.size() == 1 ? "1 field is invalid" : errors.size() + " fields are invalid",
                errors);
    }

    public ErrorCode code() {
        return code;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
