package io.datasync.gateway;

import io.datasync.models.json.Json;
import io.datasync.models.problem.ApiProblem;
import io.datasync.models.problem.ErrorCode;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the problem details the gateway answers itself (RFC 9457, with {@code code} and {@code correlationId}), so
 * a 401 from authentication, a 403 from the route table, a 429 from the rate limiter and a 503 look alike.
 */
public final class Problems {

    private static final JsonMapper MAPPER = Json.strictMapper();

    private Problems() {}

    /** The problem for {@code code} on this request, with {@code detail}. */
    public static ApiProblem of(ServerWebExchange exchange, ErrorCode code, String detail) {
        return ApiProblem.of(code, detail, exchange.getRequest().getURI().getRawPath(), correlationId(exchange));
    }

    /** The request's correlation id ({@link CorrelationIdFilter}). */
    public static String correlationId(ServerWebExchange exchange) {
        return exchange.getAttribute(CorrelationIdFilter.ATTRIBUTE);
    }

    /** Answers with {@code problem}; headers already set on the response (e.g. WWW-Authenticate) are kept. */
    public static Mono<Void> write(ServerWebExchange exchange, ApiProblem problem) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(HttpStatusCode.valueOf(problem.status()));
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        DataBuffer body =
                response.bufferFactory().wrap(MAPPER.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(body));
    }
}
