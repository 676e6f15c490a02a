package io.datasync.kit.security;

import io.datasync.kit.web.Problems;
import io.datasync.models.problem.ErrorCode;
import io.datasync.models.security.ApiAccess;
import io.datasync.models.security.Hs256;
import io.datasync.models.security.Identity;
import io.datasync.models.security.IdentityTokens;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Admits a call to the public API ({@code /api/**}) only with a valid identity from the gateway ({@link
 * IdentityTokens#HEADER}) whose role the route allows ({@link ApiAccess}): no identity, a forged or expired one → 401;
 * a role too low, or an API key bound to another job → 403; both as problem details. Other paths ({@code /internal}
 * with its service token, {@code /actuator}, the OpenAPI document) are not its business.
 */
public class IdentityFilter extends OncePerRequestFilter {

    /** Request attribute holding the caller, for the error dispatch that runs after this filter. */
    public static final String ATTRIBUTE = IdentityFilter.class.getName() + ".identity";

    public static final String MDC_KEY = "user";

    private static final Logger log = LoggerFactory.getLogger(IdentityFilter.class);

    private final IdentityTokens tokens;
    private final Clock clock;

    public IdentityFilter(IdentityTokens tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        if (!ApiAccess.governs(path)) {
            chain.doFilter(request, response);
            return;
        }
        String header = request.getHeader(IdentityTokens.HEADER);
        Identity identity = null;
        String refusal = "this service answers its API only through the gateway";
        if (header != null) {
            try {
                identity = tokens.verify(header, clock.instant());
            } catch (Hs256.InvalidTokenException e) {
                refusal = "the gateway's identity header is not valid (" + e.getMessage() + ")";
                log.warn("Refused {} {}: {}", request.getMethod(), path, e.getMessage());
            }
        }
        ApiAccess.Decision decision = ApiAccess.decide(request.getMethod(), path, identity);
        if (!decision.allowed()) {
            String detail = identity == null ? refusal : decision.reason();
            write(response, path, decision.code(), detail);
            return;
        }
        request.setAttribute(ATTRIBUTE, identity);
        CurrentIdentity.set(identity);
        MDC.put(MDC_KEY, identity.subject());
        try {
            chain.doFilter(request, response);
        } finally {
            CurrentIdentity.clear();
            MDC.remove(MDC_KEY);
        }
    }

    private void write(HttpServletResponse response, String path, ErrorCode code, String detail) throws IOException {
        if (code == ErrorCode.UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        Problems.write(response, Problems.complete(Problems.of(code, detail), path));
    }
}
