package io.datasync.kit.feign;

import feign.Request;
import feign.Response;
import feign.codec.ErrorDecoder;
import io.datasync.models.problem.ErrorCode;
import io.datasync.models.problem.FieldError;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns another service's error answer into a {@link ServiceCallException}, for every Feign client of the service:
 *
 * <ul>
 *   <li>a 4xx problem detail with a stable code ({@code COMMON-003} …) is that service's verdict: passed on with its
 *       code, detail and field errors ({@link ServiceCallException.Failure#REFUSED}), so the caller answers with the
 *       same 4xx (a code this build does not know is passed on as the one for its status);
 *   <li>a 401 or 403 refuses this service's own credentials ({@link ServiceCallException.Failure#CREDENTIALS_REFUSED}):
 *       a 503 for the caller's client, whose own credentials are not in question;
 *   <li>anything else — a 5xx, a 408 or 429, a 4xx that is not a problem detail (a proxy's page, a route that does not
 *       exist), a redirect — is {@link ServiceCallException.Failure#UNAVAILABLE}: a 503.
 * </ul>
 *
 * The called service's address and raw answer are never part of the result.
 */
public class ServiceErrorDecoder implements ErrorDecoder {

    /** Larger error answers are not read: no problem detail of ours comes near it. */
    static final int MAX_PROBLEM_BYTES = 64 * 1024;

    private static final int MAX_DETAIL_CHARS = 2000;
    private static final int MAX_FIELD_ERRORS = 200;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String caller;

    /** @param caller this service's name, for the message when the called service refuses its credentials */
    public ServiceErrorDecoder(String caller) {
        this.caller = caller;
    }

    @Override
    public Exception decode(String methodKey, Response response) {
        String service = serviceName(response.request(), methodKey);
        int status = response.status();
        if (status == 401 || status == 403) {
            return ServiceCallException.credentialsRefused(service, caller, status);
        }
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            ServiceCallException refused = problem(service, status, response);
            if (refused != null) {
                return refused;
            }
            return ServiceCallException.unavailable(
                    service,
                    status,
                    service + " did not answer: it gave an unexpected answer (status " + status
                            + " without a problem detail)",
                    null);
        }
        String why = status == 408 || status == 429
                ? "it is overloaded (status " + status + ")"
                : status >= 500
                        ? "it failed (status " + status + ")"
                        : "it gave an unexpected answer (status " + status + ")";
        return ServiceCallException.unavailable(service, status, service + " did not answer: " + why, null);
    }

    /** The client's name ({@code @FeignClient(name = …)}), else its interface's simple name. */
    static String serviceName(Request request, String methodKey) {
        if (request != null
                && request.requestTemplate() != null
                && request.requestTemplate().feignTarget() != null) {
            String name = request.requestTemplate().feignTarget().name();
            if (name != null && !name.isBlank() && !name.contains("://")) {
                return name;
            }
        }
        int hash = methodKey == null ? -1 : methodKey.indexOf('#');
        return hash > 0 ? methodKey.substring(0, hash) : "a called service";
    }

    /** The answer as a problem detail with a stable code, or null when it is not one. */
    private static ServiceCallException problem(String service, int status, Response response) {
        JsonNode body = body(response);
        if (body == null || !body.isObject() || !body.path("code").isString()) {
            return null;
        }
        ErrorCode code = byCode(body.get("code").asString());
        if (code == null || code.status() != status) {
            code = ErrorCode.forStatus(status); // a code this build does not know yet: its status still says enough
        }
        JsonNode detailNode = body.get("detail");
        String detail = detailNode != null
                        && detailNode.isString()
                        && !detailNode.asString().isBlank()
                ? truncate(detailNode.asString())
                : service + " refused the request: " + code.title();
        return ServiceCallException.refused(service, status, code, detail, fieldErrors(body.get("errors")));
    }

    private static JsonNode body(Response response) {
        if (response.body() == null) {
            return null;
        }
        try (InputStream in = response.body().asInputStream()) {
            byte[] bytes = in.readNBytes(MAX_PROBLEM_BYTES + 1);
            return bytes.length == 0 || bytes.length > MAX_PROBLEM_BYTES ? null : JSON.readTree(bytes);
        } catch (IOException | JacksonException e) {
            return null;
        }
    }

    private static List<FieldError> fieldErrors(JsonNode errors) {
        List<FieldError> found = new ArrayList<>();
        if (errors == null || !errors.isArray()) {
            return found;
        }
        for (JsonNode error : errors) {
            JsonNode pointer = error.get("pointer");
            JsonNode message = error.get("message");
            if (found.size() < MAX_FIELD_ERRORS
                    && pointer != null
                    && pointer.isString()
                    && !pointer.asString().isBlank()
                    && message != null
                    && message.isString()
                    && !message.asString().isBlank()) {
                found.add(new FieldError(truncate(pointer.asString()), truncate(message.asString())));
            }
        }
        return found;
    }

    private static ErrorCode byCode(String code) {
        for (ErrorCode c : ErrorCode.values()) {
            if (c.code().equals(code)) {
                return c;
            }
        }
        return null;
    }

    private static String truncate(String text) {
        return text.length() <= MAX_DETAIL_CHARS ? text : text.substring(0, MAX_DETAIL_CHARS) + "…";
    }
}
