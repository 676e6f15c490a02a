package io.datasync.gateway.security;

import io.datasync.models.security.ApiAccess;
import io.datasync.models.security.Identity;
import io.datasync.models.security.Role;
import java.util.function.BiFunction;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Who may call what at the gateway: {@code /api/**} by the one route table ({@link ApiAccess}), the API docs by
 * anyone with a DataSync role, the actuator beyond health and metrics scraping by admins. A refusal's reason is left
 * on the exchange for {@link ProblemAnswers}; a valid token that grants no DataSync role is refused (403) naming why.
 */
final class RouteAccess {

    private RouteAccess() {}

    /** {@code /api/**}: {@link ApiAccess#decide} with the caller's identity (null when anonymous). */
    static ReactiveAuthorizationManager<AuthorizationContext> api() {
        return manager(RouteAccess::decide);
    }

    /** Any caller with a DataSync role. */
    static ReactiveAuthorizationManager<AuthorizationContext> anyRole() {
        return manager((exchange, identity) -> identity != null);
    }

    /** An admin. */
    static ReactiveAuthorizationManager<AuthorizationContext> admin() {
        return manager((exchange, identity) -> {
            if (identity != null && !identity.role().includes(Role.ADMIN)) {
                exchange.getAttributes().put(ProblemAnswers.REFUSAL, "this needs the admin role");
                return false;
            }
            return identity != null;
        });
    }

    private static ReactiveAuthorizationManager<AuthorizationContext> manager(
            BiFunction<ServerWebExchange, Identity, Boolean> rule) {
        return (authentication, context) -> {
            ServerWebExchange exchange = context.getExchange();
            return authenticated(authentication)
                    .map(a -> {
                        if (a.identity() == null) {
                            exchange.getAttributes().put(ProblemAnswers.REFUSAL, a.noRoleReason());
                            return new AuthorizationDecision(false);
                        }
                        return new AuthorizationDecision(rule.apply(exchange, a.identity()));
                    })
                    .switchIfEmpty(Mono.fromSupplier(() -> new AuthorizationDecision(rule.apply(exchange, null))))
                    .cast(AuthorizationResult.class);
        };
    }

    private static boolean decide(ServerWebExchange exchange, Identity identity) {
        ApiAccess.Decision decision = ApiAccess.decide(
                exchange.getRequest().getMethod().name(),
                exchange.getRequest().getURI().getRawPath(),
                identity);
        if (!decision.allowed()) {
            exchange.getAttributes().put(ProblemAnswers.REFUSAL, decision);
        }
        return decision.allowed();
    }

    private static Mono<GatewayAuthentication> authenticated(Mono<Authentication> authentication) {
        return authentication
                .filter(a -> a instanceof GatewayAuthentication && a.isAuthenticated())
                .cast(GatewayAuthentication.class);
    }
}
