package io.datasync.system.suite;

import static io.datasync.system.suite.Suite.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may do what, through the gateway of the suite that {@code ./datasync up} started (local mode: tokens from
 * {@code ./datasync token <role>}): roles per route, API keys, rate limits, the audit log, the services refusing calls
 * that did not come through the gateway, and the OpenAPI documents behind login.
 */
@ExtendWith(Suite.Started.class)
class SecuritySystemIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String DB = "datasync_security_src";

    private static String jobId;
    private static String otherJobId;

    @BeforeAll
    static void aJobToOperate() throws Exception {
        freshDatabases(DB);
        sql(DB, "CREATE TABLE t (id BIGINT PRIMARY KEY, v TEXT)", "INSERT INTO t VALUES (1, 'a'), (2, 'b')");
        String conn = connection(
                DB, "jdbc", "{\"url\":\"jdbc:postgresql://127.0.0.1:5432/" + DB + "\",\"user\":\"postgres\"}");
        String job = """
                name: %s-%s
                source: { type: jdbc, connection: %s, table: public.t }
                target: { type: jdbc, connection: %s, table: public.t_copy_%s, writeMode: upsert, keys: [id], createTable: true }
                """;
        jobId = createJob(job.formatted("security", SUFFIX, conn, conn, "a"));
        otherJobId = createJob(job.formatted("security-other", SUFFIX, conn, conn, "b"));
    }

    private static HttpResponse<String> as(String role, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(GATEWAY + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return sendAs(role, request);
    }

    private static HttpResponse<String> withKey(String key, String method, String path) throws Exception {
        return sendAs(
                null,
                HttpRequest.newBuilder(URI.create(GATEWAY + path))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .header("X-API-Key", key));
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"code\":\"" + code + "\"");
    }

    private static String connectionBody(String name) {
        return "{\"name\":\"" + name + "\",\"type\":\"jdbc\",\"settings\":{\"url\":\"jdbc:postgresql://127.0.0.1:5432/"
                + DB + "\",\"user\":\"postgres\"}}";
    }

    @Test
    void eachRoleMayDoWhatItsRouteAllowsAndNoTokenIsA401() throws Exception {
        HttpResponse<String> anonymous = as(null, "GET", "/api/config/jobs", null);
        assertProblem(anonymous, 401, "COMMON-010");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();
        assertProblem(
                sendAs(
                        null,
                        HttpRequest.newBuilder(URI.create(GATEWAY + "/api/config/jobs"))
                                .header("Authorization", "Bearer not.a.token")),
                401,
                "COMMON-010");

        assertThat(as("viewer", "GET", "/api/config/jobs", null).statusCode()).isEqualTo(200);
        assertProblem(
                as("viewer", "POST", "/api/config/connections", connectionBody("by-viewer-" + SUFFIX)),
                403,
                "COMMON-011");
        assertProblem(
                as("operator", "POST", "/api/config/connections", connectionBody("by-operator-" + SUFFIX)),
                403,
                "COMMON-011");
        assertThat(as("operator", "POST", "/api/sync/jobs/" + jobId + "/runs", "")
                        .statusCode())
                .isEqualTo(202);
        assertThat(as("admin", "POST", "/api/config/connections", connectionBody("by-admin-" + SUFFIX))
                        .statusCode())
                .isEqualTo(201);
    }

    @Test
    void anApiKeyActsWithItsRoleOnItsJobUntilItIsRevoked() throws Exception {
        HttpResponse<String> created = as(
                "admin",
                "POST",
                "/api/config/api-keys",
                "{\"name\":\"ci-" + SUFFIX + "\",\"role\":\"operator\",\"jobId\":\"" + jobId + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode key = JSON.readTree(created.body());
        String secret = key.get("key").asString();
        assertThat(as("admin", "GET", "/api/config/api-keys/" + key.get("id").asString(), null)
                        .body())
                .as("shown once")
                .doesNotContain(secret);

        HttpResponse<String> started = withKey(secret, "POST", "/api/sync/jobs/" + jobId + "/runs");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String runId = JSON.readTree(started.body()).get("runId").asString();
        HttpResponse<String> run = withKey(secret, "GET", "/api/sync/jobs/" + jobId + "/runs/" + runId);
        assertThat(run.statusCode())
                .as("the key follows the run it started by way of its job: " + run.body())
                .isEqualTo(200);
        assertProblem(withKey(secret, "POST", "/api/sync/jobs/" + otherJobId + "/runs"), 403, "COMMON-011");
        assertProblem(withKey("dsk_nope_nope", "GET", "/api/sync/jobs/" + jobId + "/runs"), 401, "COMMON-010");

        assertThat(as("admin", "DELETE", "/api/config/api-keys/" + key.get("id").asString(), null)
                        .statusCode())
                .isEqualTo(204);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() ->
                        assertProblem(withKey(secret, "GET", "/api/sync/jobs/" + jobId + "/runs"), 401, "COMMON-010"));
    }

    @Test
    void aBurstBeyondTheLimitIsA429UntilTheBucketRefills() throws Exception {
        String token = datasyncOutput("token viewer --subject burst-" + SUFFIX, Duration.ofMinutes(1));
        List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
        for (int i = 0; i < RATE_LIMIT_BURST * 5; i++) {
            burst.add(http.sendAsync(
                    HttpRequest.newBuilder(URI.create(GATEWAY + "/api/config/connectors"))
                            .header("Authorization", "Bearer " + token)
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> limited = burst.stream()
                .map(CompletableFuture::join)
                .filter(r -> r.statusCode() == 429)
                .toList();
        assertThat(limited)
                .as("some of " + RATE_LIMIT_BURST * 5 + " requests at once are over the limit")
                .isNotEmpty();
        HttpResponse<String> first = limited.get(0);
        assertProblem(first, 429, "COMMON-012");
        long retryAfter =
                Long.parseLong(first.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isPositive();

        await().pollDelay(Duration.ofSeconds(retryAfter))
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(sendAs(
                                        null,
                                        HttpRequest.newBuilder(URI.create(GATEWAY + "/api/config/connectors"))
                                                .header("Authorization", "Bearer " + token))
                                .statusCode())
                        .isEqualTo(200));
        assertThat(as("admin", "GET", "/api/config/connectors", null).statusCode())
                .as("the limit is per caller")
                .isEqualTo(200);
    }

    @Test
    void aServiceCalledWithoutTheGatewaysIdentityAnswers401() throws Exception {
        for (int port : new int[] {8081, 8082, 8083, 8084, 8085}) {
            String base = "http://127.0.0.1:" + port;
            String path = switch (port) {
                case 8081 -> "/api/config/jobs";
                case 8082 -> "/api/sync/jobs/" + jobId + "/runs";
                case 8083 -> "/api/quality/outbox";
                case 8084 -> "/api/scheduler/schedules";
                default -> "/api/monitoring/outbox";
            };
            HttpResponse<String> direct = sendAs(
                    null,
                    HttpRequest.newBuilder(URI.create(base + path))
                            .header("Authorization", "Bearer " + token("admin")));
            assertProblem(direct, 401, "COMMON-010");
            HttpResponse<String> forged = sendAs(
                    null,
                    HttpRequest.newBuilder(URI.create(base + path))
                            .header("X-DataSync-Identity", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtIn0.c2ln"));
            assertProblem(forged, 401, "COMMON-010");
        }
    }

    @Test
    void theAuditLogListsWhoChangedWhat() throws Exception {
        String name = "audited-" + SUFFIX;
        HttpResponse<String> created = as("admin", "POST", "/api/config/connections", connectionBody(name));
        assertThat(created.statusCode()).isEqualTo(201);
        String id = JSON.readTree(created.body()).get("id").asString();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            HttpResponse<String> audit = as("admin", "GET", "/api/config/audit?resourceId=" + id, null);
            assertThat(audit.statusCode()).as(audit.body()).isEqualTo(200);
            assertThat(audit.body()).contains("\"actor\":\"local-admin\"", "POST", "/api/config/connections");
        });
        assertProblem(as("viewer", "GET", "/api/config/audit", null), 403, "COMMON-011");
    }

    @Test
    void theApiDocumentsAreServedBehindLogin() throws Exception {
        assertThat(as(null, "GET", "/openapi/config-service", null).statusCode())
                .isEqualTo(401);
        HttpResponse<String> spec = as("viewer", "GET", "/openapi/config-service", null);
        assertThat(spec.statusCode()).as(spec.body()).isEqualTo(200);
        assertThat(spec.body()).contains("\"openapi\"", "/api/config/jobs").doesNotContain("/internal/");
        for (String service : List.of("sync-service", "scheduler-service", "quality-service", "monitoring-service")) {
            assertThat(as("viewer", "GET", "/openapi/" + service, null).statusCode())
                    .as(service)
                    .isEqualTo(200);
        }
    }

    /**
     * The config-service jar of the suite, started outside local mode with every secret set except the keyring of
     * connection secrets, exits and names the setting instead of encrypting with the development key; the same with a
     * shipped internal token.
     */
    @Test
    void aServiceOutsideLocalModeRefusesTheDevelopmentKeyAndShippedSecrets() throws Exception {
        String random = java.util.Base64.getEncoder().encodeToString(java.security.SecureRandom.getSeed(32));
        java.util.Map<String, String> production = new java.util.HashMap<>(java.util.Map.of(
                "DATASYNC_SECURITY_MODE",
                "production",
                "DATASYNC_IDENTITY_SECRET",
                random,
                "DATASYNC_INTERNAL_TOKEN",
                random.replaceAll("[^A-Za-z0-9]", "x"),
                "DATASYNC_DB_PASSWORD",
                "not-a-shipped-" + random,
                "PORT",
                "0"));

        assertThat(startConfigService(production))
                .as("without DATASYNC_CONFIG_KEYS")
                .contains("DATASYNC_CONFIG_KEYS");

        production.put("DATASYNC_CONFIG_KEYS", "k1:" + random);
        production.put("DATASYNC_INTERNAL_TOKEN", "local-compose-internal-token");
        assertThat(startConfigService(production))
                .as("with the token compose once shipped")
                .contains("DATASYNC_INTERNAL_TOKEN");
    }

    /** Starts the config-service jar with {@code env}, expects it to exit with an error, and gives what it printed. */
    private static String startConfigService(java.util.Map<String, String> env) throws Exception {
        java.nio.file.Path jar;
        try (var files = java.nio.file.Files.list(ROOT.resolve("config-service/target"))) {
            jar = files.filter(f -> f.getFileName().toString().endsWith("-exec.jar"))
                    .findFirst()
                    .orElseThrow();
        }
        java.nio.file.Path out = RUN_DIR.resolve("refusal-" + System.nanoTime() + ".log");
        ProcessBuilder builder = new ProcessBuilder(
                        java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java")
                                .toString(),
                        "-Xmx256m",
                        "-jar",
                        jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("DATASYNC_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        try {
            assertThat(process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS))
                    .as("exits by itself; see " + out)
                    .isTrue();
        } finally {
            process.destroyForcibly();
        }
        assertThat(process.exitValue()).as("exit code; see " + out).isNotZero();
        return java.nio.file.Files.readString(out);
    }
}
