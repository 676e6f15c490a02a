package io.datasync.gateway.security;

import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import reactor.core.publisher.Mono;

/** Authentication by {@code X-API-Key}: a filter in the security chain that asks {@link ApiKeys}. */
final class ApiKeyAuthentication {

    static final String HEADER = "X-API-Key";

    private ApiKeyAuthentication() {}

    /** A key as sent, not yet checked. */
    static final class Candidate extends AbstractAuthenticationToken {
        private final String key;

        Candidate(String key) {
            super(List.of());
            this.key = key;
        }

        @Override
        public Object getCredentials() {
            return key;
        }

        @Override
        public Object getPrincipal() {
            return "api-key";
        }
    }

    static AuthenticationWebFilter filter(ApiKeys keys, ServerAuthenticationFailureHandler refused) {
        ReactiveAuthenticationManager manager = authentication -> authentication instanceof Candidate candidate
                ? keys.verify(candidate.key).map(GatewayAuthentication::of)
                : Mono.empty();
        AuthenticationWebFilter filter = new AuthenticationWebFilter(manager);
        ServerWebExchangeMatcher sendsKey =
                exchange -> exchange.getRequest().getHeaders().containsHeader(HEADER)
                        ? ServerWebExchangeMatcher.MatchResult.match()
                        : ServerWebExchangeMatcher.MatchResult.notMatch();
        filter.setRequiresAuthenticationMatcher(sendsKey);
        filter.setServerAuthenticationConverter(exchange -> {
            HttpHeaders headers = exchange.getRequest().getHeaders();
            List<String> values = headers.getOrEmpty(HEADER);
            if (values.size() != 1) {
                return Mono.error(new BadCredentialsException("send one X-API-Key header, not " + values.size()));
            }
            if (headers.containsHeader(HttpHeaders.AUTHORIZATION)) {
                return Mono.error(new BadCredentialsException(
                        "send either a bearer token or an API key, not both: the gateway cannot tell which to use"));
            }
            return Mono.just(new Candidate(values.get(0).strip()));
        });
        filter.setAuthenticationFailureHandler(refused);
        filter.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
        return filter;
    }
}
