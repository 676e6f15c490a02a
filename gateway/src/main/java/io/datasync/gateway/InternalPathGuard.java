package io.datasync.gateway;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Service-to-service APIs live under {@code /internal/**} on each service and must never be reachable from outside.
 * Routes only match {@code /api/<service>/...}, which the gateway forwards unchanged; this guard also refuses, after
 * decoding the path once as the services do, anything that could climb out of that prefix: dot segments, encoded
 * slashes or backslashes, and a path that starts with {@code /internal}. The answer is the same 404 as for any unknown
 * path; a malformed percent-encoding is a 400.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class InternalPathGuard implements WebFilter {

    private static final Pattern ENCODED_SEPARATOR = Pattern.compile("%(2f|5c|2e)", Pattern.CASE_INSENSITIVE);

    /** How a raw request path is judged. */
    enum Verdict {
        PASS,
        NOT_FOUND,
        MALFORMED
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String raw = exchange.getRequest().getURI().getRawPath();
        return switch (judge(raw)) {
            case PASS -> chain.filter(exchange);
            case NOT_FOUND -> Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND));
            case MALFORMED ->
                Mono.error(new ResponseStatusException(HttpStatus.BAD_REQUEST, "the path has a malformed %-encoding"));
        };
    }

    static Verdict judge(String rawPath) {
        String decoded;
        try {
            decoded = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Verdict.MALFORMED;
        }
        if (ENCODED_SEPARATOR.matcher(decoded).find() || decoded.contains("\\")) {
            return Verdict.NOT_FOUND; // double-encoded separators or dots: no legitimate API needs them
        }
        String lower = decoded.toLowerCase(Locale.ROOT);
        if (lower.equals("/internal") || lower.startsWith("/internal/")) {
            return Verdict.NOT_FOUND;
        }
        for (String segment : lower.split("[/;]")) {
            if (segment.equals("..") || segment.equals(".")) {
                return Verdict.NOT_FOUND;
            }
        }
        return Verdict.PASS;
    }
}
