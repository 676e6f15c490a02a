package io.datasync.gateway;

import io.datasync.models.problem.ApiProblem;
import io.datasync.models.problem.ErrorCode;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Every error the gateway itself produces is an RFC 9457 problem detail: an unknown path is a 404, a service that
 * refuses connections a 503 naming it, one that does not answer in time a 504. Errors from a service pass through
 * untouched, since the services already answer with problem details.
 */
@Component
@Order(-2) // before Boot's DefaultErrorWebExceptionHandler
class ProblemErrorHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorHandler.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(error);
        }
        return Problems.write(exchange, toProblem(exchange, error));
    }

    private ApiProblem toProblem(ServerWebExchange exchange, Throwable error) {
        String path = exchange.getRequest().getURI().getRawPath();
        String correlationId = exchange.getAttribute(CorrelationIdFilter.ATTRIBUTE);
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        String service = route == null ? "the service" : route.getId();
        if (error instanceof AuthenticationServiceException) {
            // the identity provider's JWK set or config-service's API key check could not be reached: not the
            // caller's fault, so not a 401 that would make a client drop a good credential
            log.warn("authentication is unavailable for {} [{}]: {}", path, correlationId, rootMessage(error));
            return ApiProblem.of(
                    ErrorCode.SERVICE_UNAVAILABLE,
                    "credentials cannot be checked right now (" + error.getMessage() + "); retry later",
                    path,
                    correlationId);
        }
        if (causedBy(error, ConnectException.class) || causedBy(error, UnknownHostException.class)) {
            log.warn("{} is unavailable for {} [{}]: {}", service, path, correlationId, rootMessage(error));
            return ApiProblem.of(
                    ErrorCode.SERVICE_UNAVAILABLE,
                    service + " is unavailable (it refused the connection); retry later",
                    path,
                    correlationId);
        }
        if (causedBy(error, TimeoutException.class)
                || causedBy(error, io.netty.handler.timeout.ReadTimeoutException.class)
                || (error instanceof ResponseStatusException rse
                        && rse.getStatusCode().value() == 504)) {
            return ApiProblem.of(ErrorCode.GATEWAY_TIMEOUT, service + " did not answer in time", path, correlationId);
        }
        if (error instanceof ResponseStatusException rse) {
            int status = rse.getStatusCode().value();
            ErrorCode code = ErrorCode.forStatus(status);
            String detail = status == 404 ? "no API at " + path : rse.getReason();
            return new ApiProblem(code.type(), code.title(), status, detail, path, code.code(), correlationId, null);
        }
        log.error("Unexpected gateway error on {}", path, error);
        return ApiProblem.of(
                ErrorCode.INTERNAL_ERROR,
                "an unexpected error occurred; quote correlation id " + correlationId + " when reporting it",
                path,
                correlationId);
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
