package io.datasync.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway started for real in front of a real HTTP server standing in for config-service, and a port where
 * nothing listens standing in for a sync-service that is down.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayIT {

    /** What the stand-in service received: path and correlation id. */
    record Received(String path, String correlationId) {}

    private static final List<Received> received = new CopyOnWriteArrayList<>();
    private static final HttpServer backend = startBackend();
    private static final int deadPort = freePort();

    @LocalServerPort
    int port;

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        registry.add(
                "datasync.gateway.services.config-service.url",
                () -> "http://127.0.0.1:" + backend.getAddress().getPort());
        registry.add("datasync.gateway.services.sync-service.url", () -> "http://127.0.0.1:" + deadPort);
    }

    private static HttpServer startBackend() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                received.add(new Received(
                        exchange.getRequestURI().getRawPath()
                                + (exchange.getRequestURI().getRawQuery() == null
                                        ? ""
                                        : "?" + exchange.getRequestURI().getRawQuery()),
                        exchange.getRequestHeaders().getFirst("X-Correlation-Id")));
                byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stopBackend() {
        backend.stop(0);
    }

    @BeforeEach
    void clear() {
        received.clear();
    }

    private HttpResponse<String> get(String rawPath, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + rawPath))
                .timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void routesTheServicePathUnchangedAndPropagatesTheCorrelationId() throws Exception {
        HttpResponse<String> response = get("/api/config/outbox?limit=5", "X-Correlation-Id", "corr-42");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Correlation-Id")).contains("corr-42");
        assertThat(received).containsExactly(new Received("/api/config/outbox?limit=5", "corr-42"));
    }

    @Test
    void makesACorrelationIdWhenTheCallerSentNoneOrAMalformedOne() throws Exception {
        HttpResponse<String> response = get("/api/config/outbox", "X-Correlation-Id", "bad id with spaces");

        String id = response.headers().firstValue("X-Correlation-Id").orElseThrow();
        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(received).containsExactly(new Received("/api/config/outbox", id));
    }

    @Test
    void neverRoutesInternalPaths() throws Exception {
        for (String path : List.of(
                "/internal/jobs/1",
                "/api/config/%2e%2e/%2e%2e/internal/jobs/1",
                "/api/config/..%2F..%2Finternal/jobs/1")) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.body()).as(path).contains("\"code\":\"COMMON-003\"");
        }
        assertThat(received).isEmpty();
    }

    @Test
    void routesAPathThatMerelyContainsTheWordInternal() throws Exception {
        assertThat(get("/api/config/jobs/internal").statusCode()).isEqualTo(200);
        assertThat(received)
                .containsExactly(new Received(
                        "/api/config/jobs/internal", received.get(0).correlationId()));
    }

    @Test
    void answersAnUnknownPathWithAProblemDetail() throws Exception {
        HttpResponse<String> response = get("/api/nowhere/x", "X-Correlation-Id", "corr-404");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(response.headers().firstValue("X-Correlation-Id")).contains("corr-404");
        assertThat(response.body())
                .contains(
                        "\"type\":\"https://datasync.dev/problems/not-found\"",
                        "\"instance\":\"/api/nowhere/x\"",
                        "\"correlationId\":\"corr-404\"");
    }

    @Test
    void answersADownServiceWith503NamingItInsteadOfHanging() throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = get("/api/sync/runs");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(response.body()).contains("sync-service is unavailable", "\"code\":\"COMMON-014\"");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void aggregatesTheReadinessOfEveryService() throws Exception {
        HttpResponse<String> response = get("/actuator/health/services");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("\"config-service\":{\"details\"", "\"status\":\"DOWN\"", "sync-service");
        assertThat(get("/actuator/health/readiness").statusCode())
                .as("a down service does not make the gateway unready")
                .isEqualTo(200);
    }
}
