package io.datasync.sync.connection;

import io.datasync.sync.connector.http.HttpEndpoint;
import io.datasync.sync.connector.spi.ConnectorException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Tests an http connection: one GET of its base URL (or a path below it) with the connection's authentication, as the
 * HTTP source sends it. 2xx passes; 401/403 is {@code SYNC-301} (credentials refused), other answers {@code SYNC-306};
 * no answer {@code SYNC-305}. Redirects are not followed: credentials go to the connection's own origin only.
 */
@Component
class HttpProbe {

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofMillis(ConnectionTester.CONNECT_TIMEOUT_MS))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /**
     * @throws ConnectorException SYNC-001 when the settings do not describe an endpoint
     */
    void probe(Map<String, Object> settings, String path, TestSteps steps) {
        HttpEndpoint endpoint = new HttpEndpoint(settings);
        URI uri = path == null ? endpoint.baseUrl() : endpoint.resolve(path);
        steps.run(
                "request " + uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath(),
                () -> {
                    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(10))
                            .header("Accept", "application/json")
                            .GET();
                    String[] credential = endpoint.auth().header();
                    if (credential != null) {
                        request.header(credential[0], credential[1]);
                    }
                    int status = client.send(request.build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode();
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
                e -> new ConnectorException(
                        "SYNC-305", true, endpoint.redact("no answer from " + uri.getRawAuthority() + ": " + e), e));
    }
}
