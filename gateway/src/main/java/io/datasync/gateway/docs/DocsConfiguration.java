package io.datasync.gateway.docs;

import io.datasync.gateway.GatewayProperties;
import io.datasync.gateway.Problems;
import io.datasync.gateway.security.BearerTokens;
import io.datasync.gateway.security.DocsCookie;
import io.datasync.gateway.security.GatewayAuthentication;
import io.datasync.models.json.Json;
import io.datasync.models.problem.ApiProblem;
import io.datasync.models.problem.ErrorCode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springdoc.core.properties.AbstractSwaggerUiConfigProperties.SwaggerUrl;
import org.springdoc.core.properties.SwaggerUiConfigProperties;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API docs behind login: Swagger UI at {@code /docs} listing each service's spec ({@code /openapi/<service>},
 * routed in {@link io.datasync.gateway.Routes}), and {@code GET /docs/login?token=<jwt>}, which checks the token as
 * the API does and keeps it in the {@link DocsCookie} for the UI's own requests.
 */
@Configuration(proxyBeanMethods = false)
public class DocsConfiguration {

    /** The longest a docs login lasts, however long the token would. */
    static final Duration MAX_LOGIN = Duration.ofHours(8);

    private final JsonMapper mapper = Json.strictMapper();

    private record Login(GatewayAuthentication authentication, Instant expires) {}

    /** The UI lists one spec per service, from the same map the routes come from. */
    @Bean
    InitializingBean swaggerUiUrls(SwaggerUiConfigProperties ui, GatewayProperties gateway) {
        return () -> {
            Set<SwaggerUrl> urls = new LinkedHashSet<>();
            gateway.services().keySet().forEach(name -> urls.add(new SwaggerUrl(name, "/openapi/" + name, name)));
            ui.setUrls(urls);
        };
    }

    @Bean
    RouterFunction<ServerResponse> docsLogin(BearerTokens tokens, Clock clock) {
        return RouterFunctions.route()
                .GET("/docs/login", request -> login(request, tokens, clock))
                .build();
    }

    private Mono<ServerResponse> login(ServerRequest request, BearerTokens tokens, Clock clock) {
        String token = request.queryParam("token").orElse("").strip();
        if (token.isEmpty()) {
            return problem(request, ErrorCode.VALIDATION_FAILED, "token: send the bearer token as ?token=<jwt>");
        }
        return tokens.decoder()
                .decode(token)
                .flatMap(jwt -> tokens.convert(jwt).map(a -> new Login((GatewayAuthentication) a, jwt.getExpiresAt())))
                .flatMap(login -> {
                    GatewayAuthentication authentication = login.authentication();
                    if (authentication.identity() == null) {
                        return problem(request, ErrorCode.FORBIDDEN, authentication.noRoleReason());
                    }
                    Instant now = clock.instant();
                    Duration left = login.expires() == null ? MAX_LOGIN : Duration.between(now, login.expires());
                    left = left.compareTo(MAX_LOGIN) > 0 ? MAX_LOGIN : left.isNegative() ? Duration.ZERO : left;
                    ResponseCookie cookie = ResponseCookie.from(DocsCookie.NAME, token)
                            .httpOnly(true)
                            .sameSite("Strict")
                            .secure(secure(request))
                            .path("/")
                            .maxAge(left)
                            .build();
                    return ServerResponse.status(HttpStatus.SEE_OTHER)
                            .location(URI.create("/docs"))
                            .cookie(cookie)
                            .build();
                })
                .onErrorResume(
                        AuthenticationException.class, e -> problem(request, ErrorCode.UNAUTHORIZED, e.getMessage()))
                .onErrorResume(
                        JwtException.class,
                        e -> problem(request, ErrorCode.UNAUTHORIZED, "the token was refused: " + e.getMessage()));
    }

    private static boolean secure(ServerRequest request) {
        return "https".equalsIgnoreCase(request.uri().getScheme())
                || "https".equalsIgnoreCase(request.headers().firstHeader("X-Forwarded-Proto"));
    }

    private Mono<ServerResponse> problem(ServerRequest request, ErrorCode code, String detail) {
        ApiProblem problem = Problems.of(request.exchange(), code, detail);
        ServerResponse.BodyBuilder response =
                ServerResponse.status(code.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (code == ErrorCode.UNAUTHORIZED) {
            response.header("WWW-Authenticate", "Bearer realm=\"datasync\", error=\"invalid_token\"");
        }
        return response.bodyValue(mapper.writeValueAsString(problem));
    }
}
