package io.datasync.kit.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised outside Spring MVC (a filter, the servlet container rejecting a request) reach {@code /error}; they
 * get the same problem details as everything else instead of Boot's default error JSON.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    public ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int code = status instanceof Integer i && i >= 400 ? i : 500;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        ProblemDetail problem = ProblemDetail.forStatus(code);
        if (code < 500 && message instanceof String text && !text.isBlank()) {
            problem.setDetail(text);
        }
        Problems.complete(problem, uri == null ? null : uri.toString());
        if (request.getAttribute(CorrelationIdFilter.ATTRIBUTE) instanceof String correlationId) {
            problem.setProperty("correlationId", correlationId);
        }
        return ResponseEntity.status(code)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
