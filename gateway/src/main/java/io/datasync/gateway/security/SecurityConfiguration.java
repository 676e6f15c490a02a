package io.datasync.gateway.security;

import io.datasync.gateway.GatewayProperties;
import io.datasync.gateway.ratelimit.PrincipalRateLimit;
import io.datasync.gateway.ratelimit.RateLimitConfiguration;
import io.datasync.models.security.IdentityTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * The gateway's security chain: who the caller is (bearer token, or API key), how often it may call (per-principal
 * rate limit), and what it may call ({@link RouteAccess}). Stateless: no session, no login form, no CSRF token, since
 * no browser credential is accepted on the API (the docs cookie counts only for the docs, see {@link DocsCookie}).
 * Refuses to start, naming each setting, when {@link GatewaySecurityProperties#problems()} finds any.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewaySecurityProperties.class)
public class SecurityConfiguration {

    @Bean
    Clock gatewayClock() {
        return Clock.systemUTC();
    }

    @Bean
    BearerTokens bearerTokens(GatewaySecurityProperties settings) {
        List<String> problems = settings.problems();
        if (!problems.isEmpty()) {
            throw new GatewaySettingsException(problems);
        }
        return BearerTokens.from(settings);
    }

    /** Takes {@link BearerTokens} only so the settings are checked first, and every problem is named at once. */
    @Bean
    IdentityTokens identityTokens(GatewaySecurityProperties settings, BearerTokens checkedFirst) {
        return new IdentityTokens(settings.identitySecret());
    }

    @Bean
    ApiKeys apiKeys(GatewaySecurityProperties settings, GatewayProperties gateway, Clock clock) {
        GatewayProperties.Backend config = gateway.services().get("config-service");
        if (config == null) {
            throw new IllegalStateException(
                    "datasync.gateway.services.config-service is not configured: API keys are checked there");
        }
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2000)
                .responseTimeout(Duration.ofSeconds(4));
        WebClient client = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(http))
                .build();
        URI url = config.url();
        return new ApiKeys(client, url, settings.internalToken(), clock);
    }

    @Bean
    IdentityRelay identityRelay(IdentityTokens tokens, Clock clock) {
        return new IdentityRelay(tokens, clock);
    }

    @Bean
    SecurityWebFilterChain securityChain(
            ServerHttpSecurity http,
            BearerTokens bearer,
            ApiKeys keys,
            RedisRateLimiter limiter,
            RateLimitConfiguration.Settings limits,
            MeterRegistry meters) {
        ProblemAnswers answers = new ProblemAnswers();
        PrincipalRateLimit rateLimit = RateLimitConfiguration.filter(limiter, limits, meters);
        ServerAuthenticationFailureHandler refused = (filterExchange, e) -> e instanceof AuthenticationServiceException
                ? Mono.error(e) // the checker is unavailable: a 503 from ProblemErrorHandler, not the caller's fault
                : rateLimit.chargeRefused(
                        filterExchange.getExchange(), () -> answers.commence(filterExchange.getExchange(), e));
        return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .exceptionHandling(e -> e.authenticationEntryPoint(answers).accessDeniedHandler(answers))
                .oauth2ResourceServer(rs -> rs.bearerTokenConverter(new DocsCookie())
                        .authenticationEntryPoint(answers)
                        .authenticationFailureHandler(refused)
                        .accessDeniedHandler(answers)
                        .jwt(jwt -> jwt.jwtDecoder(bearer.decoder()).jwtAuthenticationConverter(bearer)))
                .addFilterAt(ApiKeyAuthentication.filter(keys, refused), SecurityWebFiltersOrder.AUTHENTICATION)
                .addFilterAfter(rateLimit, SecurityWebFiltersOrder.AUTHENTICATION)
                .authorizeExchange(auth -> auth.pathMatchers(
                                "/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus")
                        .permitAll()
                        .pathMatchers("/actuator/**")
                        .access(RouteAccess.admin())
                        .pathMatchers(HttpMethod.GET, "/docs/login")
                        .permitAll()
                        .pathMatchers(DocsCookie.PATHS.toArray(String[]::new))
                        .access(RouteAccess.anyRole())
                        .pathMatchers("/api", "/api/**")
                        .access(RouteAccess.api())
                        .anyExchange()
                        .permitAll())
                .build();
    }
}
