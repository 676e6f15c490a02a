package io.datasync.kit.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A tiny HTTP client for tests that talk to a started service or the gateway over real HTTP. */
public final class ServiceHttp {

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public ServiceHttp(String base) {
        this.base = base;
    }

    public HttpResponse<String> get(String path, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), headers);
    }

    public HttpResponse<String> post(String path, String jsonBody, String... headers) {
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(jsonBody)),
                headers);
    }

    /** Any method with an optional body of the given content type, plus header name/value pairs. */
    public HttpResponse<String> send(String method, String path, String body, String contentType, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(builder, headers);
    }

    private HttpResponse<String> send(HttpRequest.Builder builder, String... headers) {
        if (headers.length > 0) {
            builder.headers(headers);
        }
        try {
            return client.send(builder.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
