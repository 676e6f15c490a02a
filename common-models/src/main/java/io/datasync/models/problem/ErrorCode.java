package io.datasync.models.problem;

import java.net.URI;

/**
 * Stable error codes shared by every service, used in logs, events and problem details. The {@link #type()} URI is
 * the problem's stable {@code type}; clients switch on it or on {@link #code()}, never on the message.
 */
public enum ErrorCode {
    VALIDATION_FAILED("COMMON-001", 400, "validation-failed", "The request is invalid"),
    MALFORMED_REQUEST("COMMON-002", 400, "malformed-request", "The request body cannot be read"),
    NOT_FOUND("COMMON-003", 404, "not-found", "Not found"),
    METHOD_NOT_ALLOWED("COMMON-004", 405, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE("COMMON-005", 406, "not-acceptable", "No acceptable representation"),
    CONFLICT("COMMON-006", 409, "conflict", "Conflict with the current state"),
    PRECONDITION_FAILED("COMMON-007", 412, "precondition-failed", "The resource changed since it was read"),
    PAYLOAD_TOO_LARGE("COMMON-008", 413, "payload-too-large", "The request body is too large"),
    UNSUPPORTED_MEDIA_TYPE("COMMON-009", 415, "unsupported-media-type", "Unsupported content type"),
    UNAUTHORIZED("COMMON-010", 401, "unauthorized", "Authentication required"),
    FORBIDDEN("COMMON-011", 403, "forbidden", "Not allowed"),
    TOO_MANY_REQUESTS("COMMON-012", 429, "too-many-requests", "Too many requests"),
    INTERNAL_ERROR("COMMON-013", 500, "internal-error", "Internal error"),
    SERVICE_UNAVAILABLE("COMMON-014", 503, "service-unavailable", "Service unavailable"),
    GATEWAY_TIMEOUT("COMMON-015", 504, "gateway-timeout", "The service did not answer in time"),
    REQUEST_REJECTED("COMMON-016", 400, "request-rejected", "The request was rejected");

    /** Base of every problem type URI. */
    public static final String TYPE_BASE = "https://datasync.dev/problems/";

    private final String code;
    private final int status;
    private final String slug;
    private final String title;

    ErrorCode(String code, int status, String slug, String title) {
        this.code = code;
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public URI type() {
        return URI.create(TYPE_BASE + slug);
    }

    /**
     * The code a bare HTTP status maps to when nothing more specific is known; a 4xx without its own code is
     * {@link #REQUEST_REJECTED}, a 5xx {@link #INTERNAL_ERROR}. The problem keeps its real status either way.
     */
    public static ErrorCode forStatus(int status) {
        if (status == 400) {
            return MALFORMED_REQUEST;
        }
        for (ErrorCode code : values()) {
            if (code.status == status && code != REQUEST_REJECTED) {
                return code;
            }
        }
        return status >= 500 ? INTERNAL_ERROR : REQUEST_REJECTED;
    }
}
