package io.datasync.gateway;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A small HTTP server on 127.0.0.1 standing in for a backend service (or config-service's internal API, or an
 * identity provider's JWK set): it records every request and answers by path with what the test put in
 * {@link #answers} (a function of the request), else {@code 200 {"status":"UP"}}.
 */
final class Loopback implements AutoCloseable {

    /** One request as the server saw it. */
    record Received(String method, String pathAndQuery, Headers headers, String body) {
        String header(String name) {
            return headers.getFirst(name);
        }
    }

    /** A canned answer. */
    record Answer(int status, String contentType, String body) {}

    final List<Received> received = new CopyOnWriteArrayList<>();
    final Map<String, Function<Received, Answer>> answers = new ConcurrentHashMap<>();
    private final HttpServer server;

    Loopback() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Received request = new Received(
                    exchange.getRequestMethod(),
                    query == null ? path : path + "?" + query,
                    exchange.getRequestHeaders(),
                    body);
            received.add(request);
            Answer answer = answers.getOrDefault(path, r -> new Answer(200, "application/json", "{\"status\":\"UP\"}"))
                    .apply(request);
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Received> to(String pathPrefix) {
        return received.stream()
                .filter(r -> r.pathAndQuery().startsWith(pathPrefix))
                .toList();
    }

    /** Sends {@code method rawPath} to the gateway on {@code port} (a body of {@code {}} unless GET), with headers. */
    static java.net.http.HttpResponse<String> send(
            java.net.http.HttpClient client, int port, String method, String rawPath, String... headers)
            throws Exception {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + rawPath))
                .timeout(java.time.Duration.ofSeconds(20))
                .method(
                        method,
                        method.equals("GET")
                                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                                : java.net.http.HttpRequest.BodyPublishers.ofString("{}"));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
