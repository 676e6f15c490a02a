package io.datasync.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datasync.gateway.Loopback.Answer;
import io.datasync.gateway.Loopback.Received;
import io.datasync.models.security.Hs256;
import io.datasync.models.security.Identity;
import io.datasync.models.security.IdentityTokens;
import io.datasync.models.security.LocalTokens;
import io.datasync.models.security.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway started for real in local mode (HS256 tokens signed with a key file) with the real Redis on
 * 127.0.0.1:6379, in front of a loopback server standing in for config-service (its API and its internal API-key
 * check), and a port where nothing listens standing in for a sync-service that is down. Each test uses its own
 * subjects, so rate-limit buckets in Redis never carry over.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayIT {

    static final String SECRET = "gateway-it-identity-secret-0123456789abcdef";
    static final String INTERNAL_TOKEN = "gateway-it-internal-token";
    static final byte[] KEY = "gateway-it-local-key-0123456789abcdef-xyz".getBytes(StandardCharsets.UTF_8);
    static final String GOOD_KEY = "dsk_goodkey00001_" + "A".repeat(43);
    static final String JOB_KEY = "dsk_jobkey000001_" + "B".repeat(43);
    static final String REVOKED_KEY = "dsk_revoked00001_" + "C".repeat(43);
    static final String UNWELL_KEY = "dsk_unwell000001_" + "D".repeat(43);

    private static final Loopback backend = new Loopback();
    private static final int deadPort = Loopback.freePort();
    private static final Path keyFile = writeKey();
    private static final AtomicBoolean configServiceUnwell = new AtomicBoolean();
    private static final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static {
        backend.answers.put("/internal/api-keys/verify", GatewayIT::verifyApiKey);
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("datasync.gateway.services.config-service.url", backend::url);
        registry.add("datasync.gateway.services.sync-service.url", () -> "http://127.0.0.1:" + deadPort);
        registry.add("datasync.security.mode", () -> "local");
        registry.add("datasync.security.identity-secret", () -> SECRET);
        registry.add("datasync.security.internal-token", () -> INTERNAL_TOKEN);
        registry.add("datasync.security.jwt.local-key-file", keyFile::toString);
        registry.add("datasync.gateway.rate-limit.replenish", () -> "10");
        registry.add("datasync.gateway.rate-limit.burst", () -> "20");
    }

    private static Path writeKey() {
        try {
            Path file = Files.createTempFile("gateway-it-key", ".txt");
            Files.write(file, KEY);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** config-service's {@code POST /internal/api-keys/verify}, as the stand-in answers it. */
    private static Answer verifyApiKey(Received request) {
        if (!INTERNAL_TOKEN.equals(request.header("X-Service-Token"))) {
            return new Answer(401, "application/problem+json", "{\"status\":401,\"detail\":\"no service token\"}");
        }
        if (configServiceUnwell.get()) {
            return new Answer(503, "application/problem+json", "{\"status\":503,\"detail\":\"database down\"}");
        }
        String key = json.readTree(request.body()).path("key").asString();
        if (key.equals(GOOD_KEY)) {
            return new Answer(
                    200,
                    "application/json",
                    "{\"id\":\"goodkey00001\",\"name\":\"ci\",\"role\":\"operator\",\"jobId\":null}");
        }
        if (key.equals(JOB_KEY)) {
            return new Answer(
                    200,
                    "application/json",
                    "{\"id\":\"jobkey000001\",\"name\":\"push\",\"role\":\"operator\",\"jobId\":\"job-7\"}");
        }
        return new Answer(
                404,
                "application/problem+json",
                "{\"status\":404,\"detail\":\"the API key is unknown, revoked or expired\",\"code\":\"COMMON-003\"}");
    }

    @AfterAll
    static void stopBackend() {
        backend.close();
    }

    static String token(String subject, Role role) {
        return LocalTokens.mint(KEY, subject, role, Duration.ofMinutes(10), Instant.now());
    }

    private static String unique(String what) {
        return what + "-" + UUID.randomUUID();
    }

    private HttpResponse<String> send(String method, String rawPath, String... headers) throws Exception {
        return Loopback.send(client, port, method, rawPath, headers);
    }

    private HttpResponse<String> get(String rawPath, String... headers) throws Exception {
        return send("GET", rawPath, headers);
    }

    private HttpResponse<String> getAs(Role role, String rawPath, String... headers) throws Exception {
        List<String> all = new ArrayList<>(List.of("Authorization", "Bearer " + token(unique(role.wireName()), role)));
        all.addAll(List.of(headers));
        return get(rawPath, all.toArray(String[]::new));
    }

    private static JsonNode assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("code").asString()).isEqualTo(code);
        assertThat(problem.path("type").asString()).startsWith("https://datasync.dev/problems/");
        assertThat(problem.path("title").asString()).isNotBlank();
        assertThat(problem.path("detail").asString()).isNotBlank();
        return problem;
    }

    // --- routing, as before, now with a token

    @Test
    void routesTheServicePathUnchangedAndPropagatesTheCorrelationId() throws Exception {
        HttpResponse<String> response = getAs(Role.VIEWER, "/api/config/outbox?limit=5", "X-Correlation-Id", "corr-42");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Correlation-Id")).contains("corr-42");
        assertThat(backend.to("/api/config/outbox")).anySatisfy(r -> {
            assertThat(r.pathAndQuery()).isEqualTo("/api/config/outbox?limit=5");
            assertThat(r.header("X-Correlation-Id")).isEqualTo("corr-42");
        });
    }

    @Test
    void makesACorrelationIdWhenTheCallerSentNoneOrAMalformedOne() throws Exception {
        HttpResponse<String> response =
                getAs(Role.VIEWER, "/api/config/outbox", "X-Correlation-Id", "bad id with spaces");

        String id = response.headers().firstValue("X-Correlation-Id").orElseThrow();
        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(backend.received)
                .anySatisfy(r -> assertThat(r.header("X-Correlation-Id")).isEqualTo(id));
    }

    @Test
    void neverRoutesInternalPaths() throws Exception {
        int before = backend.to("/internal/jobs").size();
        for (String path : List.of(
                "/internal/jobs/1",
                "/api/config/%2e%2e/%2e%2e/internal/jobs/1",
                "/api/config/..%2F..%2Finternal/jobs/1")) {
            HttpResponse<String> response = getAs(Role.ADMIN, path);
            assertProblem(response, 404, "COMMON-003");
        }
        assertThat(backend.to("/internal/jobs")).hasSize(before);
    }

    @Test
    void routesAPathThatMerelyContainsTheWordInternal() throws Exception {
        assertThat(getAs(Role.VIEWER, "/api/config/jobs/internal").statusCode()).isEqualTo(200);
        assertThat(backend.to("/api/config/jobs/internal")).isNotEmpty();
    }

    @Test
    void answersAnUnknownPathWithAProblemDetail() throws Exception {
        HttpResponse<String> response = getAs(Role.VIEWER, "/api/nowhere/x", "X-Correlation-Id", "corr-404");

        JsonNode problem = assertProblem(response, 404, "COMMON-003");
        assertThat(response.headers().firstValue("X-Correlation-Id")).contains("corr-404");
        assertThat(problem.path("type").asString()).isEqualTo("https://datasync.dev/problems/not-found");
        assertThat(problem.path("instance").asString()).isEqualTo("/api/nowhere/x");
        assertThat(problem.path("correlationId").asString()).isEqualTo("corr-404");
    }

    @Test
    void answersADownServiceWith503NamingItInsteadOfHanging() throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = getAs(Role.VIEWER, "/api/sync/runs");

        JsonNode problem = assertProblem(response, 503, "COMMON-014");
        assertThat(problem.path("detail").asString()).contains("sync-service is unavailable");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void aggregatesTheReadinessOfEveryServiceWithoutAToken() throws Exception {
        HttpResponse<String> response = get("/actuator/health/services");

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode health = json.readTree(response.body());
        assertThat(health.findPath("config-service").path("status").asString())
                .as(response.body())
                .isEqualTo("UP");
        assertThat(health.findPath("sync-service").path("status").asString()).isEqualTo("DOWN");
        assertThat(get("/actuator/health/readiness").statusCode())
                .as("a down service does not make the gateway unready")
                .isEqualTo(200);
        assertThat(get("/actuator/prometheus").statusCode()).isEqualTo(200);
    }

    // --- authentication

    @Test
    void noTokenIs401WithAChallenge() throws Exception {
        int before = backend.received.size();
        HttpResponse<String> response = get("/api/config/jobs");

        JsonNode problem = assertProblem(response, 401, "COMMON-010");
        assertThat(problem.path("detail").asString()).contains("bearer token", "X-API-Key");
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(backend.received).hasSize(before);
    }

    @Test
    void aTokenWithABadSignatureIsRefused() throws Exception {
        byte[] otherKey = "another-local-key-0123456789abcdef-xyz!".getBytes(StandardCharsets.UTF_8);
        String forged = LocalTokens.mint(otherKey, unique("mallory"), Role.ADMIN, Duration.ofMinutes(5), Instant.now());

        HttpResponse<String> response = get("/api/config/jobs", "Authorization", "Bearer " + forged);

        assertProblem(response, 401, "COMMON-010");
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        String expired = LocalTokens.mint(
                KEY,
                unique("late"),
                Role.ADMIN,
                Duration.ofMinutes(5),
                Instant.now().minus(Duration.ofHours(1)));

        JsonNode problem =
                assertProblem(get("/api/config/jobs", "Authorization", "Bearer " + expired), 401, "COMMON-010");
        assertThat(problem.path("detail").asString()).containsIgnoringCase("expired");
    }

    @Test
    void aLocalTokenExpiredSecondsAgoOrWithoutExpiryIsRefused() throws Exception {
        // Spring's default skew would accept the first for another minute, and the second forever
        String justExpired = LocalTokens.mint(
                KEY,
                unique("just"),
                Role.ADMIN,
                Duration.ofSeconds(1),
                Instant.now().minusSeconds(10));
        assertProblem(get("/api/config/jobs", "Authorization", "Bearer " + justExpired), 401, "COMMON-010");

        String forever = io.datasync.models.security.Hs256.sign(
                java.util.Map.of(
                        "iss", LocalTokens.ISSUER,
                        "sub", unique("forever"),
                        "roles", List.of("admin"),
                        "iat", Instant.now().getEpochSecond()),
                KEY);
        JsonNode problem =
                assertProblem(get("/api/config/jobs", "Authorization", "Bearer " + forever), 401, "COMMON-010");
        assertThat(problem.path("detail").asString()).contains("exp");
    }

    @Test
    void aTokenFromAnotherIssuerIsRefused() throws Exception {
        String other = Hs256.sign(claims("elsewhere", List.of("admin")), KEY);

        JsonNode problem =
                assertProblem(get("/api/config/jobs", "Authorization", "Bearer " + other), 401, "COMMON-010");
        assertThat(problem.path("detail").asString()).contains("iss");
    }

    @Test
    void aLocalTokenWithoutExactlyOneKnownRoleIsRefusedSayingWhy() throws Exception {
        String none = Hs256.sign(claims(LocalTokens.ISSUER, List.of()), KEY);
        String unknown = Hs256.sign(claims(LocalTokens.ISSUER, List.of("superuser")), KEY);

        assertThat(assertProblem(get("/api/config/jobs", "Authorization", "Bearer " + none), 401, "COMMON-010")
                        .path("detail")
                        .asString())
                .contains("exactly one role");
        assertThat(assertProblem(get("/api/config/jobs", "Authorization", "Bearer " + unknown), 401, "COMMON-010")
                        .path("detail")
                        .asString())
                .contains("'superuser' is no role");
    }

    private static Map<String, Object> claims(String issuer, List<String> roles) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", unique("someone"));
        claims.put("roles", roles);
        claims.put("iat", now);
        claims.put("exp", now + 300);
        return claims;
    }

    // --- authorization by the route table

    @Test
    void aViewerMayReadButNotWrite() throws Exception {
        String viewer = "Bearer " + token(unique("viewer"), Role.VIEWER);

        assertThat(get("/api/config/jobs", "Authorization", viewer).statusCode())
                .isEqualTo(200);
        JsonNode problem = assertProblem(send("POST", "/api/config/jobs", "Authorization", viewer), 403, "COMMON-011");
        assertThat(problem.path("detail").asString()).contains("needs the admin role");
    }

    @Test
    void anOperatorMayStartARunButNotChangeAConnection() throws Exception {
        String operator = "Bearer " + token(unique("operator"), Role.OPERATOR);

        assertThat(send(
                                "POST",
                                "/api/config/connections",
                                "Authorization",
                                operator,
                                "Content-Type",
                                "application/json")
                        .statusCode())
                .isEqualTo(403);
        assertThat(send("POST", "/api/sync/jobs/job-1/runs", "Authorization", operator)
                        .statusCode())
                .as("allowed, and reaches the (down) sync-service")
                .isEqualTo(503);
    }

    @Test
    void anAdminReachesTheServiceWithAnIdentityItCanVerifyAndNoClientCredentials() throws Exception {
        String subject = unique("admin");
        String marker = UUID.randomUUID().toString();
        String forged = new IdentityTokens("a-different-secret-that-is-long-enough-123")
                .mint(Identity.token("root", Role.ADMIN), Instant.now());

        HttpResponse<String> response = send(
                "POST",
                "/api/config/connections?m=" + marker,
                "Authorization",
                "Bearer " + token(subject, Role.ADMIN),
                "X-DataSync-Identity",
                forged,
                "X-Service-Token",
                INTERNAL_TOKEN,
                "Content-Type",
                "application/json");

        assertThat(response.statusCode()).isEqualTo(200);
        Received received = backend.to("/api/config/connections?m=" + marker).get(0);
        assertThat(received.headers().get("X-DataSync-Identity")).hasSize(1);
        Identity identity = new IdentityTokens(SECRET).verify(received.header("X-DataSync-Identity"), Instant.now());
        assertThat(identity).isEqualTo(Identity.token(subject, Role.ADMIN));
        assertThat(received.header("Authorization")).isNull();
        assertThat(received.header("X-Service-Token")).isNull();
    }

    // --- API keys

    @Test
    void anApiKeyActsWithItsRoleAndTheGatewayAsksConfigServiceOnceForABurst() throws Exception {
        int checksBefore = backend.to("/internal/api-keys/verify").size();
        String marker = UUID.randomUUID().toString();

        for (int i = 0; i < 3; i++) {
            assertThat(send("POST", "/api/sync/jobs/job-1/runs", "X-API-Key", GOOD_KEY)
                            .statusCode())
                    .as("an operator key may start a run (sync-service is down)")
                    .isEqualTo(503);
        }
        assertThat(get("/api/config/jobs?m=" + marker, "X-API-Key", GOOD_KEY).statusCode())
                .isEqualTo(200);
        assertProblem(send("POST", "/api/config/jobs", "X-API-Key", GOOD_KEY), 403, "COMMON-011");

        assertThat(backend.to("/internal/api-keys/verify").size() - checksBefore)
                .as("answers are cached for a few seconds")
                .isBetween(1, 2);
        Received check = backend.to("/internal/api-keys/verify").get(checksBefore);
        assertThat(check.header("X-Service-Token")).isEqualTo(INTERNAL_TOKEN);
        Received forwarded = backend.to("/api/config/jobs?m=" + marker).get(0);
        assertThat(forwarded.header("X-API-Key")).isNull();
        Identity identity = new IdentityTokens(SECRET).verify(forwarded.header("X-DataSync-Identity"), Instant.now());
        assertThat(identity).isEqualTo(Identity.apiKey("ci", "goodkey00001", Role.OPERATOR, null));
    }

    @Test
    void aRevokedKeyIs401WithConfigServicesReason() throws Exception {
        JsonNode problem = assertProblem(get("/api/config/jobs", "X-API-Key", REVOKED_KEY), 401, "COMMON-010");
        assertThat(problem.path("detail").asString()).contains("unknown, revoked or expired");
    }

    @Test
    void aMalformedKeyIs401WithoutAskingConfigService() throws Exception {
        int checksBefore = backend.to("/internal/api-keys/verify").size();

        for (String key : List.of("dsk_nope_nope", "not-a-key", "dsk_" + "x".repeat(300))) {
            JsonNode problem = assertProblem(get("/api/config/jobs", "X-API-Key", key), 401, "COMMON-010");
            assertThat(problem.path("detail").asString()).contains("dsk_<id>_<secret>");
        }
        assertThat(backend.to("/internal/api-keys/verify")).hasSize(checksBefore);
    }

    @Test
    void aKeyBoundToAJobMayOnlyCallThatJobsRoutes() throws Exception {
        assertThat(get("/api/config/jobs/job-7", "X-API-Key", JOB_KEY).statusCode())
                .isEqualTo(200);
        JsonNode problem =
                assertProblem(send("POST", "/api/sync/jobs/job-8/runs", "X-API-Key", JOB_KEY), 403, "COMMON-011");
        assertThat(problem.path("detail").asString()).contains("bound to job job-7");
        assertProblem(get("/api/config/jobs", "X-API-Key", JOB_KEY), 403, "COMMON-011");

        // pushing: the bound key passes the gateway to its own job's push endpoint (sync-service is not running in
        // this test, so what answers is the route's 503), never to another job's; no key is a 401
        assertThat(send("POST", "/api/sync/push/job-7", "X-API-Key", JOB_KEY).statusCode())
                .isNotIn(401, 403);
        assertThat(assertProblem(send("POST", "/api/sync/push/job-8", "X-API-Key", JOB_KEY), 403, "COMMON-011")
                        .path("detail")
                        .asString())
                .contains("bound to job job-7");
        assertProblem(send("POST", "/api/sync/push/job-7"), 401, "COMMON-010");
    }

    @Test
    void configServiceUnableToCheckAKeyIs503NotA401() throws Exception {
        configServiceUnwell.set(true);
        try {
            JsonNode problem = assertProblem(get("/api/config/jobs", "X-API-Key", UNWELL_KEY), 503, "COMMON-014");
            assertThat(problem.path("detail").asString()).contains("config-service");
        } finally {
            configServiceUnwell.set(false);
        }
    }

    // --- rate limit

    @Test
    void aBurstBeyondTheLimitIs429WithRetryAfterAndThenRecovers() throws Exception {
        String bearer = "Bearer " + token(unique("burst"), Role.VIEWER);
        long started = System.nanoTime();
        List<HttpResponse<String>> responses = burst(60, "Authorization", bearer);
        double seconds = (System.nanoTime() - started) / 1e9;

        List<HttpResponse<String>> limited =
                responses.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(limited).as("60 calls at once against a burst of 20").isNotEmpty();
        assertThat(responses.stream().filter(r -> r.statusCode() == 200).count())
                .isGreaterThanOrEqualTo(20);
        // calls judged by Redis carry X-RateLimit-Remaining (on a loaded machine a few may time out and pass unjudged);
        // the script refills whole seconds, so the calls may span one more second boundary than they took
        assertThat(responses.stream()
                        .filter(r -> r.statusCode() == 200
                                && r.headers()
                                        .firstValue("X-RateLimit-Remaining")
                                        .isPresent())
                        .count())
                .as("the burst, plus 10 per second refilled while the calls were made")
                .isBetween(1L, 20L + 10 * ((long) Math.ceil(seconds) + 1));
        HttpResponse<String> first = limited.get(0);
        assertProblem(first, 429, "COMMON-012");
        assertThat(Long.parseLong(first.headers().firstValue("Retry-After").orElseThrow()))
                .isGreaterThanOrEqualTo(1);
        assertThat(first.headers().firstValue("X-RateLimit-Remaining")).contains("0");
        assertThat(first.headers().firstValue("X-RateLimit-Burst-Capacity")).contains("20");

        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(
                                get("/api/config/jobs", "Authorization", bearer).statusCode())
                        .isEqualTo(200));
        assertThat(getAs(Role.VIEWER, "/api/config/jobs").statusCode())
                .as("another principal has its own bucket")
                .isEqualTo(200);
    }

    private List<HttpResponse<String>> burst(int calls, String... headers) {
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            pending.add(client.sendAsync(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/config/jobs"))
                            .headers(headers)
                            .timeout(Duration.ofSeconds(20))
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        return pending.stream().map(CompletableFuture::join).toList();
    }

    @Test
    void guessingCredentialsIsLimitedByTheClientAddress() {
        List<HttpResponse<String>> responses = burst(50, "X-API-Key", "dsk_guess");

        assertThat(responses)
                .extracting(HttpResponse::statusCode)
                .containsOnly(401, 429)
                .contains(401, 429);
        HttpResponse<String> limited = responses.stream()
                .filter(r -> r.statusCode() == 429)
                .findFirst()
                .orElseThrow();
        assertProblem(limited, 429, "COMMON-012");
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();

        // leave the address's bucket as found, for the tests that call anonymously
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(get("/api/config/jobs", "X-API-Key", "dsk_guess")
                                .statusCode())
                        .isEqualTo(401));
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
    }

    // --- API docs

    @Test
    void theSpecsAndTheUiNeedALoginAndTheDocsCookieWorksOnlyForThem() throws Exception {
        backend.answers.put(
                "/v3/api-docs",
                r -> new Answer(
                        200, "application/json", "{\"openapi\":\"3.1.0\",\"paths\":{\"/api/config/jobs\":{}}}"));
        String viewer = token(unique("reader"), Role.VIEWER);

        assertProblem(get("/openapi/config-service"), 401, "COMMON-010");
        assertThat(get("/docs").statusCode()).isEqualTo(401);
        HttpResponse<String> spec = get("/openapi/config-service", "Authorization", "Bearer " + viewer);
        assertThat(spec.statusCode()).isEqualTo(200);
        assertThat(json.readTree(spec.body()).path("paths").has("/api/config/jobs"))
                .isTrue();

        HttpResponse<String> login = get("/docs/login?token=" + viewer);
        assertThat(login.statusCode()).isEqualTo(303);
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie)
                .startsWith("DATASYNC_DOCS=")
                .containsIgnoringCase("HttpOnly")
                .contains("SameSite=Strict");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        assertThat(get("/openapi/config-service", "Cookie", cookie).statusCode())
                .isEqualTo(200);
        HttpResponse<String> config = get("/v3/api-docs/swagger-config", "Cookie", cookie);
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.body()).contains("/openapi/config-service", "/openapi/monitoring-service");
        HttpResponse<String> docs = get("/docs", "Cookie", cookie);
        assertThat(docs.statusCode()).isBetween(200, 399);
        String ui = docs.headers().firstValue("Location").orElse("/docs");
        assertThat(get(URI.create(ui).getRawPath(), "Cookie", cookie).statusCode())
                .isEqualTo(200);
        assertThat(get(URI.create(ui).getRawPath()).statusCode())
                .as("the UI without login")
                .isEqualTo(401);
        assertProblem(get("/api/config/jobs", "Cookie", cookie), 401, "COMMON-010");
        assertProblem(send("POST", "/api/config/jobs", "Cookie", cookie), 401, "COMMON-010");

        assertProblem(get("/docs/login?token=not.a.token"), 401, "COMMON-010");
        assertProblem(get("/docs/login"), 400, "COMMON-001");
    }
}
