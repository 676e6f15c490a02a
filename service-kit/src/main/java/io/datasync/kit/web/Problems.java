package io.datasync.kit.web;

import io.datasync.models.problem.ErrorCode;
import io.datasync.models.problem.FieldError;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds and completes problem details so every error of every service has the same members. */
public final class Problems {

    private Problems() {}

    public static ProblemDetail of(ErrorCode code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(code.status()), detail);
        problem.setType(code.type());
        problem.setTitle(code.title());
        problem.setProperty("code", code.code());
        return problem;
    }

    public static ProblemDetail withErrors(ProblemDetail problem, List<FieldError> errors) {
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return problem;
    }

    /**
     * Fills what Spring's own problem details lack: the stable type and code for their status, the request path and
     * the correlation id.
     */
    public static ProblemDetail complete(ProblemDetail problem, String path) {
        ErrorCode code = ErrorCode.forStatus(problem.getStatus());
        if (problem.getType() == null || URI.create("about:blank").equals(problem.getType())) {
            problem.setType(code.type());
        }
        if (problem.getProperties() == null || !problem.getProperties().containsKey("code")) {
            problem.setProperty("code", code.code());
        }
        if (problem.getInstance() == null && path != null) {
            problem.setInstance(URI.create(path));
        }
        String correlationId = CorrelationIdFilter.current();
        if (correlationId != null) {
            problem.setProperty("correlationId", correlationId);
        }
        return problem;
    }
}
