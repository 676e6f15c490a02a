package io.datasync.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.datasync.gateway.Loopback.Answer;
import io.datasync.gateway.Loopback.Received;
import io.datasync.models.security.Identity;
import io.datasync.models.security.IdentityTokens;
import io.datasync.models.security.Role;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway in production mode against an OIDC provider that a loopback server plays: discovery document and JWK
 * set (an RSA key made here), roles where Keycloak puts them: {@code realm_access.roles}, an audience required). Redis is pointed at a port
 * where nothing listens, so the rate limiter's fail-open is exercised, and config-service at another, so an API key
 * check meets a service that is down.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayOidcIT {

    static final String SECRET = "gateway-oidc-it-identity-secret-0123456789";
    static final String AUDIENCE = "datasync-api";

    private static final RSAKey signingKey = rsaKey("idp-key-1");
    private static final RSAKey strangerKey = rsaKey("idp-key-1");
    private static final Loopback idp = new Loopback();
    private static final Loopback monitoring = new Loopback();
    private static final JsonMapper json = JsonMapper.builder().build();
    /** Like a Keycloak realm: the gateway finds the JWK set through the issuer's discovery document. */
    private static final String ISSUER = idp.url() + "/realms/datasync";

    static {
        String jwks = new JWKSet(signingKey.toPublicJWK()).toString();
        idp.answers.put(
                "/realms/datasync/protocol/openid-connect/certs", r -> new Answer(200, "application/json", jwks));
        idp.answers.put(
                "/realms/datasync/.well-known/openid-configuration",
                r -> new Answer(
                        200,
                        "application/json",
                        "{\"issuer\":\"" + ISSUER + "\",\"jwks_uri\":\"" + ISSUER
                                + "/protocol/openid-connect/certs\",\"subject_types_supported\":[\"public\"],"
                                + "\"id_token_signing_alg_values_supported\":[\"RS256\"]}"));
    }

    @LocalServerPort
    int port;

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("datasync.gateway.services.config-service.url", () -> "http://127.0.0.1:" + Loopback.freePort());
        registry.add("datasync.gateway.services.monitoring-service.url", monitoring::url);
        registry.add("datasync.security.mode", () -> "production");
        registry.add("datasync.security.identity-secret", () -> SECRET);
        registry.add("datasync.security.internal-token", () -> "oidc-it-internal-token-0123456789abcdef");
        registry.add("datasync.security.jwt.issuer-uri", () -> ISSUER);
        registry.add("datasync.security.jwt.roles-claim", () -> "realm_access.roles");
        registry.add("datasync.security.jwt.audience", () -> AUDIENCE);
        registry.add("spring.data.redis.url", () -> "redis://127.0.0.1:" + Loopback.freePort());
    }

    @AfterAll
    static void stop() {
        idp.close();
        monitoring.close();
    }

    private static RSAKey rsaKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String token(RSAKey key, String issuer, String audience, String subject, List<String> roles) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(List.of(audience, "account"))
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .claim("realm_access", Map.of("roles", roles))
                .build();
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(key.getKeyID())
                            .build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String token(String subject, List<String> roles) {
        return token(signingKey, ISSUER, AUDIENCE, subject, roles);
    }

    private HttpResponse<String> send(String method, String rawPath, String... headers) throws Exception {
        return Loopback.send(client, port, method, rawPath, headers);
    }

    private static JsonNode problem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.path("code").asString()).isEqualTo(code);
        return problem;
    }

    @Test
    void theHighestKnownRealmRoleWinsAndReachesTheServiceAsTheIdentity() throws Exception {
        String subject = "user-" + UUID.randomUUID();
        String marker = UUID.randomUUID().toString();

        HttpResponse<String> response = send(
                "POST",
                "/api/monitoring/alert-rules?m=" + marker,
                "Authorization",
                "Bearer " + token(subject, List.of("offline_access", "viewer", "admin", "uma_authorization")));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Received received =
                monitoring.to("/api/monitoring/alert-rules?m=" + marker).get(0);
        assertThat(new IdentityTokens(SECRET).verify(received.header(IdentityTokens.HEADER), Instant.now()))
                .isEqualTo(Identity.token(subject, Role.ADMIN));
        assertThat(received.header("Authorization")).isNull();
    }

    @Test
    void aViewerMayReadButNotWrite() throws Exception {
        String viewer = "Bearer " + token("viewer-" + UUID.randomUUID(), List.of("viewer"));

        assertThat(send("GET", "/api/monitoring/alerts", "Authorization", viewer)
                        .statusCode())
                .isEqualTo(200);
        problem(send("POST", "/api/monitoring/alert-rules", "Authorization", viewer), 403, "COMMON-011");
    }

    @Test
    void aValidTokenWithoutADataSyncRoleIs403SayingWhere() throws Exception {
        JsonNode problem = problem(
                send(
                        "GET",
                        "/api/monitoring/alerts",
                        "Authorization",
                        "Bearer " + token("nobody-" + UUID.randomUUID(), List.of("offline_access"))),
                403,
                "COMMON-011");
        assertThat(problem.path("detail").asString()).contains("realm_access.roles", "viewer, operator or admin");
    }

    @Test
    void tokensForAnotherAudienceOrIssuerOrSignedByAnotherKeyAreRefused() throws Exception {
        for (String token : List.of(
                token(signingKey, ISSUER, "some-other-api", "u-" + UUID.randomUUID(), List.of("admin")),
                token(signingKey, "https://elsewhere.example", AUDIENCE, "u-" + UUID.randomUUID(), List.of("admin")),
                token(strangerKey, ISSUER, AUDIENCE, "u-" + UUID.randomUUID(), List.of("admin")))) {
            HttpResponse<String> response = send("GET", "/api/monitoring/alerts", "Authorization", "Bearer " + token);
            problem(response, 401, "COMMON-010");
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer").contains("invalid_token"));
        }
    }

    @Test
    void aTokenThatCannotBeCheckedBecauseTheProviderIsUnwellIs503NotA401() throws Exception {
        String certs = "/realms/datasync/protocol/openid-connect/certs";
        var healthy = idp.answers.get(certs);
        RSAKey rotated = rsaKey("idp-key-rotated-" + UUID.randomUUID());
        idp.answers.put(certs, r -> new Answer(500, "text/plain", "down for maintenance"));
        try {
            // a key id the gateway has not seen makes it fetch the JWK set again
            HttpResponse<String> response = send(
                    "GET",
                    "/api/monitoring/alerts",
                    "Authorization",
                    "Bearer " + token(rotated, ISSUER, AUDIENCE, "u-" + UUID.randomUUID(), List.of("viewer")));
            problem(response, 503, "COMMON-014");
        } finally {
            idp.answers.put(certs, healthy);
        }
    }

    @Test
    void anApiKeyWhileConfigServiceIsDownIs503NotA401() throws Exception {
        JsonNode problem = problem(
                send("GET", "/api/monitoring/alerts", "X-API-Key", "dsk_abcdef123456_" + "Z".repeat(43)),
                503,
                "COMMON-014");
        assertThat(problem.path("detail").asString()).contains("config-service");
    }

    @Test
    void withRedisDownCallsPassAndAreCounted() throws Exception {
        String viewer = "Bearer " + token("redisless-" + UUID.randomUUID(), List.of("viewer"));
        for (int i = 0; i < 3; i++) {
            assertThat(send("GET", "/api/monitoring/alerts", "Authorization", viewer)
                            .statusCode())
                    .isEqualTo(200);
        }
        String metrics = send("GET", "/actuator/prometheus").body();
        assertThat(metrics).containsPattern("datasync_gateway_ratelimit_unavailable_total\\{[^}]*} [1-9]");
    }
}
