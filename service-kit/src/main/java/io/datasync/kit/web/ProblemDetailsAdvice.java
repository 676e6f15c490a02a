package io.datasync.kit.web;

import io.datasync.models.job.JobDefinitionException;
import io.datasync.models.json.Json;
import io.datasync.models.problem.ErrorCode;
import io.datasync.models.problem.FieldError;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Answers every error with an RFC 9457 problem detail: a stable {@code type} and {@code code}, the request path, the
 * correlation id, and for invalid input the offending fields as JSON pointers. Unexpected errors become a 500 that
 * says only the correlation id to look up in the logs, never internals.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @ExceptionHandler(ApiException.class)
    public ResponseEntity<Object> handleApi(ApiException e, WebRequest request) {
        return respond(Problems.withErrors(Problems.of(e.code(), e.getMessage()), e.errors()), request);
    }

    @ExceptionHandler(JobDefinitionException.class)
    public ResponseEntity<Object> handleDefinition(JobDefinitionException e, WebRequest request) {
        return handleApi(ApiException.invalid(e.errors()), request);
    }

    /** A write that breaks a constraint or lost an optimistic-locking race: the client's view is stale. */
    @ExceptionHandler({DataIntegrityViolationException.class, OptimisticLockingFailureException.class})
    public ResponseEntity<Object> handleConflict(RuntimeException e, WebRequest request) {
        log.info("Conflict on {}: {}", path(request), e.getMessage());
        return respond(
                Problems.of(ErrorCode.CONFLICT, "the change conflicts with the current data; reload and retry"),
                request);
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<Object> handleUnexpected(Exception e, WebRequest request) {
        ResponseStatus annotated = AnnotatedElementUtils.findMergedAnnotation(e.getClass(), ResponseStatus.class);
        if (annotated != null && annotated.code().value() < 500) {
            ErrorCode code = ErrorCode.forStatus(annotated.code().value());
            ProblemDetail problem =
                    Problems.of(code, annotated.reason().isEmpty() ? e.getMessage() : annotated.reason());
            problem.setStatus(annotated.code().value());
            return respond(problem, request);
        }
        log.error("Unexpected error on {}", path(request), e);
        ProblemDetail problem = Problems.of(
                ErrorCode.INTERNAL_ERROR,
                "an unexpected error occurred; quote correlation id " + CorrelationIdFilter.current()
                        + " when reporting it");
        return respond(problem, request);
    }

    /** The type a parameter needs, in a caller's words rather than a Java class name. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (type == java.time.Instant.class || type == java.time.OffsetDateTime.class) {
            return "time: use ISO-8601 with a zone, e.g. 2026-12-03T00:00:00Z";
        }
        if (type == java.time.LocalDate.class) {
            return "date: use ISO-8601, e.g. 2026-12-03";
        }
        if (type == java.util.UUID.class) {
            return "UUID, e.g. 3f0c2a9e-8d1b-4c6f-9a7e-2b5d4c3e1f00";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "whole number";
        }
        if (type.isEnum()) {
            return "value: one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        return type.getSimpleName();
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String name = e instanceof MethodArgumentTypeMismatchException m ? m.getName() : e.getPropertyName();
        String expected = expected(e.getRequiredType());
        FieldError error = new FieldError("?" + name, "'" + e.getValue() + "' is not a valid " + expected);
        return handleApi(ApiException.invalid(List.of(error)), request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = new ArrayList<>();
        e.getBindingResult()
                .getFieldErrors()
                .forEach(f -> errors.add(new FieldError(
                        "/" + f.getField().replace('.', '/'),
                        f.getDefaultMessage() == null ? "is invalid" : f.getDefaultMessage())));
        e.getBindingResult()
                .getGlobalErrors()
                .forEach(g -> errors.add(new FieldError("/", String.valueOf(g.getDefaultMessage()))));
        return handleApi(ApiException.invalid(errors), request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = new ArrayList<>();
        e.getParameterValidationResults()
                .forEach(r -> r.getResolvableErrors()
                        .forEach(err -> errors.add(new FieldError(
                                "?" + r.getMethodParameter().getParameterName(),
                                String.valueOf(err.getDefaultMessage())))));
        return handleApi(ApiException.invalid(errors), request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodySizeLimitFilter.BodyTooLargeException tooLarge) {
                return respond(Problems.of(ErrorCode.PAYLOAD_TOO_LARGE, tooLarge.getMessage()), request);
            }
        }
        FieldError error = e.getMostSpecificCause() instanceof JacksonException jackson
                ? Json.fieldError(jackson, "JSON")
                : new FieldError("/", "the request body is missing or cannot be read");
        return respond(
                Problems.withErrors(
                        Problems.of(ErrorCode.MALFORMED_REQUEST, "the request body cannot be read"), List.of(error)),
                request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(e, body, headers, status, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem) {
            Problems.complete(problem, path(request));
            HttpHeaders out = new HttpHeaders();
            out.putAll(response.getHeaders());
            out.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            return new ResponseEntity<>(problem, out, response.getStatusCode());
        }
        return response;
    }

    private static ResponseEntity<Object> respond(ProblemDetail problem, WebRequest request) {
        Problems.complete(problem, path(request));
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static String path(WebRequest request) {
        return request instanceof ServletWebRequest servlet
                ? servlet.getRequest().getRequestURI()
                : null;
    }
}
