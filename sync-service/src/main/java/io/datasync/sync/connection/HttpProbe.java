package io.datasync.sync.connection;

import io.datasync.sync.connector.spi.ConnectorException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Tests an http connection: one GET of its base URL (or a path below it) with the connection's authentication. 2xx
 * passes; 401/403 is {@code SYNC-301} (credentials refused), other answers {@code SYNC-306}; no answer {@code SYNC-305}.
 */
@Component
class HttpProbe {

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofMillis(ConnectionTester.CONNECT_TIMEOUT_MS))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    void probe(Map<String, Object> settings, String path, TestSteps steps) {
        String base = ConnectionTester.text(settings, "baseUrl");
        URI uri = path == null
                ? URI.create(base)
                : URI.create(base.endsWith("/") ? base : base + "/")
                        .resolve(path.startsWith("/") ? path.substring(1) : path);
        steps.run(
                "request " + uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                        + uri.getRawPath(),
                () -> {
                    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(10))
                            .header("Accept", "application/json")
                            .GET();
                    authenticate(request, settings.get("auth"));
                    HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
                    int status = response.statusCode();
                    if (status == 401 || status == 403) {
                        throw new ConnectorException(
                                "SYNC-301", false, "the server refused the credentials: HTTP " + status, null);
                    }
                    if (status >= 300) {
                        throw new ConnectorException(
                                "SYNC-306", status >= 500 || status == 429, "HTTP " + status, null);
                    }
                    return "HTTP " + status;
                },
                e -> new ConnectorException("SYNC-305", true, "no answer from " + uri.getHost() + ": " + e, e));
    }

    private static void authenticate(HttpRequest.Builder request, Object auth) {
        if (!(auth instanceof Map<?, ?> a)) {
            return;
        }
        String type = String.valueOf(a.get("type"));
        switch (type) {
            case "basic" ->
                request.header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString((a.get("username") + ":" + a.get("password"))
                                                .getBytes(StandardCharsets.UTF_8)));
            case "bearer" -> request.header("Authorization", "Bearer " + a.get("token"));
            case "header" -> request.header(String.valueOf(a.get("headerName")), String.valueOf(a.get("headerValue")));
            default -> {}
        }
    }
}
