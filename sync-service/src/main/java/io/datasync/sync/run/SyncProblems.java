package io.datasync.sync.run;

import io.datasync.kit.web.Problems;
import io.datasync.models.problem.ErrorCode;
import io.datasync.sync.connector.spi.ConnectorException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A connector failure answering an API call (config-service down, a source refusing the login during verification)
 * is the caller's business, not an internal error: 503 when a retry may help, 409 when it cannot, with the stable
 * SYNC code in the problem.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class SyncProblems {

    @ExceptionHandler(ConnectorException.class)
    ResponseEntity<ProblemDetail> connector(ConnectorException e, HttpServletRequest request) {
        ErrorCode code = e.retriable() ? ErrorCode.SERVICE_UNAVAILABLE : ErrorCode.CONFLICT;
        ProblemDetail problem = Problems.complete(Problems.of(code, e.getMessage()), request.getRequestURI());
        problem.setProperty("syncCode", e.code());
        return ResponseEntity.status(code.status())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
