package io.datasync.gateway;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
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
 * Service-to-service APIs live under {@code /internal/**} and must never be reachable from outside. Routes only match
 * {@code /api/...}, and this guard also refuses any path with an {@code internal} or dot segment, however encoded, so
 * {@code /api/config/../../internal/x} cannot sneak through. The answer is the same 404 as for any unknown path.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class InternalPathGuard implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String raw = exchange.getRequest().getURI().getRawPath();
        if (forbidden(raw)) {
            return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "no route for " + safe(raw)));
        }
        return chain.filter(exchange);
    }

    static boolean forbidden(String rawPath) {
        String decoded = rawPath;
        for (int i = 0; i < 3; i++) { // undo double and triple encoding too
            try {
                decoded = URLDecoder.decode(decoded.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return true;
            }
        }
        for (String segment : decoded.toLowerCase(Locale.ROOT).split("[/\\\\;]")) {
            if (segment.equals("internal") || segment.equals("..") || segment.equals(".")) {
                return true;
            }
        }
        return false;
    }

    private static String safe(String path) {
        return path.length() > 200 ? path.substring(0, 200) + "…" : path;
    }
}
