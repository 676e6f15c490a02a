package io.datasync.gateway.security;

import io.datasync.models.security.IdentityTokens;
import java.time.Clock;
import java.util.Optional;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * What a service learns of the caller: only {@link IdentityTokens#HEADER}, minted here for the authenticated identity.
 * The caller's own credentials (bearer token, API key, the docs cookie) and anything claiming to be an identity or a
 * service token are removed first, so a client can neither forge an identity nor reach {@code /internal} auth.
 */
final class IdentityRelay implements GlobalFilter, Ordered {

    static final String SERVICE_TOKEN = "X-Service-Token";

    private final IdentityTokens tokens;
    private final Clock clock;

    IdentityRelay(IdentityTokens tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return ReactiveSecurityContextHolder.getContext()
                .map(SecurityContext::getAuthentication)
                .filter(a -> a instanceof GatewayAuthentication g && g.identity() != null)
                .map(a -> tokens.mint(((GatewayAuthentication) a).identity(), clock.instant()))
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(minted -> {
                    ServerHttpRequest request = exchange.getRequest()
                            .mutate()
                            .headers(h -> {
                                h.remove(IdentityTokens.HEADER);
                                h.remove(HttpHeaders.AUTHORIZATION);
                                h.remove(ApiKeyAuthentication.HEADER);
                                h.remove(SERVICE_TOKEN);
                                h.remove(HttpHeaders.COOKIE);
                                minted.ifPresent(token -> h.set(IdentityTokens.HEADER, token));
                            })
                            .build();
                    return chain.filter(exchange.mutate().request(request).build());
                });
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }
}
