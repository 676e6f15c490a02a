package io.datasync.gateway.security;

import java.util.List;
import org.springframework.http.HttpCookie;
import org.springframework.http.server.PathContainer;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * The Swagger UI's login: a browser cannot add a bearer header to the UI's own requests, so {@code /docs/login} puts
 * the token in an HttpOnly, SameSite=Strict cookie. The cookie counts only for the docs and specs: an API call with
 * it alone is anonymous, so a page elsewhere cannot make a logged-in browser change anything (no CSRF).
 */
public final class DocsCookie implements ServerAuthenticationConverter {

    /** The cookie's name. */
    public static final String NAME = "DATASYNC_DOCS";

    /** Where the cookie is accepted: the UI, its assets, and the specs. */
    public static final List<String> PATHS =
            List.of("/docs", "/docs/**", "/swagger-ui.html", "/swagger-ui/**", "/webjars/**", "/v3/**", "/openapi/**");

    private static final List<PathPattern> PATTERNS =
            PATHS.stream().map(PathPatternParser.defaultInstance::parse).toList();

    private final ServerBearerTokenAuthenticationConverter header = new ServerBearerTokenAuthenticationConverter();

    @Override
    public Mono<Authentication> convert(ServerWebExchange exchange) {
        return header.convert(exchange).switchIfEmpty(Mono.defer(() -> {
            if (!docsPath(exchange)) {
                return Mono.empty();
            }
            HttpCookie cookie = exchange.getRequest().getCookies().getFirst(NAME);
            return cookie == null || cookie.getValue().isBlank()
                    ? Mono.empty()
                    : Mono.just(new BearerTokenAuthenticationToken(cookie.getValue()));
        }));
    }

    static boolean docsPath(ServerWebExchange exchange) {
        PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
        return PATTERNS.stream().anyMatch(p -> p.matches(path));
    }
}
