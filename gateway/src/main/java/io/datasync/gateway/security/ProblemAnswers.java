package io.datasync.gateway.security;

import io.datasync.gateway.Problems;
import io.datasync.models.problem.ErrorCode;
import io.datasync.models.security.ApiAccess;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The 401 and 403 answers: problem details saying why, in words a caller can act on. The reason of a refusal by the
 * route table is left on the exchange by {@link RouteAccess} and read back here, since Spring Security's exceptions
 * carry only a generic message.
 */
final class ProblemAnswers implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

    /** Exchange attribute: the {@link ApiAccess.Decision} or reason that refused the call. */
    static final String REFUSAL = ProblemAnswers.class.getName() + ".refusal";

    private static final String NO_CREDENTIALS =
            "send a bearer token (Authorization: Bearer …) or an API key (X-API-Key)";

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException e) {
        String detail;
        String challenge = "Bearer realm=\"datasync\"";
        if (e instanceof AuthenticationCredentialsNotFoundException) {
            detail = DocsCookie.docsPath(exchange)
                    ? NO_CREDENTIALS + "; in a browser, log in once at /docs/login?token=<token> (e.g. from"
                            + " ./datasync token viewer)"
                    : NO_CREDENTIALS;
        } else {
            detail = plain(
                    e.getMessage() == null ? "the credentials were refused" : e.getMessage(),
                    exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
            if (exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)) {
                challenge += ", error=\"invalid_token\", error_description=\"" + quotable(detail) + "\"";
            }
        }
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
        return Problems.write(exchange, Problems.of(exchange, ErrorCode.UNAUTHORIZED, detail));
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        Object refusal = exchange.getAttribute(REFUSAL);
        String detail = refusal instanceof ApiAccess.Decision d
                ? d.reason()
                : refusal instanceof String s ? s : "this call is not allowed";
        return Problems.write(exchange, Problems.of(exchange, ErrorCode.FORBIDDEN, detail));
    }

    /** A header parameter value may not hold quotes, backslashes or control characters. */
    /**
     * The refusal in words a caller can act on: the JWT library's wording for a token that is no JWT at all, or for a
     * wrong issuer, names neither what was expected nor where an API key goes.
     */
    static String plain(String message, String authorization) {
        if (authorization != null && authorization.strip().matches("(?i)bearer\\s+dsk_.*")) {
            return "an API key goes in the X-API-Key header, not in Authorization";
        }
        if (message.contains("Invalid JWT serialization") || message.contains("Malformed")) {
            return "the bearer token is not a JWT (three base64url parts separated by dots); send a token from your"
                    + " identity provider or ./datasync token, or an API key in X-API-Key";
        }
        if (message.contains("The iss claim is not valid")) {
            return "the token's issuer (iss) is not the one this gateway trusts (DATASYNC_JWT_ISSUER_URI, or"
                    + " datasync-local for ./datasync token)";
        }
        return message;
    }

    private static String quotable(String s) {
        return s.replaceAll("[\"\\\\\\p{Cntrl}]", "'");
    }
}
