package io.datasync.kit.feign;

import io.datasync.kit.web.ApiException;
import io.datasync.models.problem.ErrorCode;
import io.datasync.models.problem.FieldError;
import java.util.List;

/**
 * A call to another DataSync service that did not bring the answer asked for. As an {@link ApiException} it answers
 * the caller's own client with a problem: the called service's 4xx verdict as it gave it, or a 503. Callers that must
 * tell the cases apart (retry or not, "does not exist" or "cannot say") use {@link #failure()}, {@link #status()} and
 * {@link #refusedWith(ErrorCode)}. The message names the called service, never its address.
 */
public class ServiceCallException extends ApiException {

    /** Why the call brought no answer. */
    public enum Failure {
        /**
         * The called service answered a 4xx problem detail with a stable code: its verdict on the request (the thing
         * does not exist, the request is invalid, it conflicts). Asking again the same way gets the same answer.
         */
        REFUSED,
        /** The called service refused this service's own credentials (401 or 403): a deployment mistake. */
        CREDENTIALS_REFUSED,
        /**
         * No usable answer: a 5xx, a timeout, no connection, an answer that is not a problem detail or cannot be read.
         * Asking again later may work.
         */
        UNAVAILABLE
    }

    private final String service;
    private final int status;
    private final Failure failure;

    private ServiceCallException(
            String service,
            int status,
            Failure failure,
            ErrorCode code,
            String detail,
            List<FieldError> errors,
            Throwable cause) {
        super(code, detail, errors);
        this.service = service;
        this.status = status;
        this.failure = failure;
        if (cause != null) {
            initCause(cause);
        }
    }

    /** The called service's problem, passed on with its code, detail and field errors. */
    public static ServiceCallException refused(
            String service, int status, ErrorCode code, String detail, List<FieldError> errors) {
        return new ServiceCallException(service, status, Failure.REFUSED, code, detail, errors, null);
    }

    /** The called service refused the caller's service token or credentials. */
    public static ServiceCallException credentialsRefused(String service, String caller, int status) {
        return new ServiceCallException(
                service,
                status,
                Failure.CREDENTIALS_REFUSED,
                ErrorCode.SERVICE_UNAVAILABLE,
                service + " refused " + caller + "'s service credentials (status " + status + ")",
                List.of(),
                null);
    }

    /**
     * No usable answer.
     *
     * @param status the HTTP status the called service answered with, 0 when it did not answer
     * @param detail what happened, naming the service and never its address or raw answer
     */
    public static ServiceCallException unavailable(String service, int status, String detail, Throwable cause) {
        return new ServiceCallException(
                service, status, Failure.UNAVAILABLE, ErrorCode.SERVICE_UNAVAILABLE, detail, List.of(), cause);
    }

    /** The called service's name, e.g. {@code config-service}. */
    public String service() {
        return service;
    }

    /** The HTTP status the called service answered with; 0 when it gave no answer (timeout, no connection). */
    public int status() {
        return status;
    }

    public Failure failure() {
        return failure;
    }

    /** Whether the called service refused the request with this stable code, e.g. "does not exist". */
    public boolean refusedWith(ErrorCode code) {
        return failure == Failure.REFUSED && code() == code;
    }
}
