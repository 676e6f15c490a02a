package io.datasync.models.problem;

import java.net.URI;
import java.util.List;

/**
 * An RFC 9457 problem detail as every DataSync API returns it ({@code application/problem+json}), with the extension
 * members {@code code}, {@code correlationId} and {@code errors}.
 */
public record ApiProblem(
        URI type,
        String title,
        int status,
        String detail,
        String instance,
        String code,
        String correlationId,
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public ApiProblem {
        if (type == null) {
            throw new IllegalArgumentException("type is required");
        }
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be an error status (4xx or 5xx), was " + status);
        }
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** A problem for a stable code, with a detail for this occurrence. */
    public static ApiProblem of(ErrorCode code, String detail, String instance, String correlationId) {
        return new ApiProblem(
                code.type(), code.title(), code.status(), detail, instance, code.code(), correlationId, List.of());
    }

    public ApiProblem withErrors(List<FieldError> fieldErrors) {
        return new ApiProblem(type, title, status, detail, instance, code, correlationId, fieldErrors);
    }
}
