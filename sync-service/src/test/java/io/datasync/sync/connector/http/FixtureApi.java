package io.datasync.sync.connector.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.json.JsonMapper;

/**
 * A JSON API on 127.0.0.1 for the HTTP source's tests, serving data sets under {@code /api/<mode>/<dataset>} with one
 * kind of pagination per mode, answers scripted ahead of the real ones (a 429, a 503…), a credential it may insist on,
 * and a log of every request it saw.
 *
 * <ul>
 *   <li>{@code all}: {@code {"data": [...]}} with every record.
 *   <li>{@code page}: {@code ?page=N&size=S} (from 1) → {@code {"data": [...]}}.
 *   <li>{@code offset}: {@code ?offset=O&limit=L} → {@code {"data": [...]}}.
 *   <li>{@code cursor}: {@code ?cursor=C&limit=L} (50 by default) → {@code {"data": [...], "meta": {"next": C|null}}}.
 *   <li>{@code link}: a bare array of up to 50 records, and a {@code Link} header to the next page's URL.
 *   <li>{@code elsewhere}: like {@code link}, but the next page is on {@code localhost} instead of 127.0.0.1.
 *   <li>{@code html}: an HTML page.
 * </ul>
 */
final class FixtureApi implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final int LINK_PAGE = 50;

    /** A request as the server saw it. */
    record Request(String method, URI uri, Headers headers, String body) {}

    private record Answer(int status, Map<String, String> headers, String body) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, List<Map<String, Object>>> datasets = new ConcurrentHashMap<>();
    private final Queue<Answer> scripted = new ConcurrentLinkedQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger names = new AtomicInteger();
    private volatile String[] required;

    FixtureApi() {
        // without it the JDK server's separate writes of headers and body meet delayed ACKs: 40 ms per request
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** The base URL of a connection to this API. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api";
    }

    int port() {
        return server.getAddress().getPort();
    }

    /**
     * The source contract's data set: {@code rows} records keyed 1..n in {@code id}, with {@code name}, {@code
     * amount} (two decimals), {@code active} and {@code created} (ISO-8601 with offset), all null where the key is a
     * multiple of 7.
     */
    String fixture(int rows) {
        List<Map<String, Object>> records = new ArrayList<>(rows);
        for (long id = 1; id <= rows; id++) {
            boolean nulls = id % 7 == 0;
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("id", id);
            record.put("name", nulls ? null : "name-" + id);
            record.put("amount", nulls ? null : BigDecimal.valueOf(id * 125, 2));
            record.put("active", nulls ? null : id % 2 == 0);
            record.put("created", nulls ? null : "2026-01-01T00:" + String.format("%02d", id % 60) + ":00+08:00");
            records.add(record);
        }
        return dataset(records);
    }

    /** Serves these records; returns the data set's name. */
    String dataset(List<Map<String, Object>> records) {
        String name = "ds" + names.incrementAndGet();
        datasets.put(name, List.copyOf(records));
        return name;
    }

    /** Answers the next request with this instead of what it asks for. */
    void answerNext(int status, Map<String, String> headers, String body) {
        scripted.add(new Answer(status, headers, body));
    }

    /** Answers 401 to every request without this header value. */
    void require(String header, String value) {
        required = new String[] {header, value};
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Forgets scripted answers, the required credential and the requests seen. */
    void reset() {
        scripted.clear();
        requests.clear();
        required = null;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(
                    exchange.getRequestMethod(), exchange.getRequestURI(), exchange.getRequestHeaders(), body));
            String[] credential = required;
            if (credential != null
                    && !credential[1].equals(exchange.getRequestHeaders().getFirst(credential[0]))) {
                send(exchange, new Answer(401, Map.of(), "{\"error\":\"unauthorized\"}"));
                return;
            }
            Answer answer = scripted.poll();
            send(exchange, answer != null ? answer : serve(exchange.getRequestURI()));
        }
    }

    private Answer serve(URI uri) {
        String[] parts = uri.getPath().split("/"); // "", "api", mode, dataset
        List<Map<String, Object>> records = parts.length == 4 ? datasets.get(parts[3]) : null;
        if (records == null) {
            return new Answer(404, Map.of(), "{\"error\":\"no such data set\"}");
        }
        Map<String, String> query = query(uri);
        int n = records.size();
        return switch (parts[2]) {
            case "all" -> json(Map.of("data", records));
            case "page" -> {
                int size = Integer.parseInt(query.get("size"));
                int from = (Integer.parseInt(query.get("page")) - 1) * size;
                yield json(Map.of("data", slice(records, from, size)));
            }
            case "offset" ->
                json(Map.of(
                        "data",
                        slice(records, Integer.parseInt(query.get("offset")), Integer.parseInt(query.get("limit")))));
            case "cursor" -> {
                int from = query.containsKey("cursor")
                        ? Integer.parseInt(query.get("cursor").substring(1))
                        : 0;
                int limit = Integer.parseInt(query.getOrDefault("limit", "50"));
                Map<String, Object> meta = new LinkedHashMap<>();
                meta.put("next", from + limit < n ? "c" + (from + limit) : null);
                yield json(Map.of("data", slice(records, from, limit), "meta", meta));
            }
            case "link", "elsewhere" -> {
                int from = Integer.parseInt(query.getOrDefault("from", "0"));
                String host = parts[2].equals("link") ? "127.0.0.1" : "localhost";
                Map<String, String> headers = from + LINK_PAGE < n
                        ? Map.of(
                                "Link",
                                "<http://" + host + ":" + port() + uri.getPath() + "?from=" + (from + LINK_PAGE)
                                        + ">; rel=\"next\", <http://" + host + ":" + port() + uri.getPath()
                                        + "?from=0>; rel=\"first\"")
                        : Map.of();
                yield new Answer(200, headers, JSON.writeValueAsString(slice(records, from, LINK_PAGE)));
            }
            case "html" -> new Answer(200, Map.of("Content-Type", "text/html"), "<html><body>hello</body></html>");
            default -> new Answer(404, Map.of(), "{}");
        };
    }

    private static List<Map<String, Object>> slice(List<Map<String, Object>> records, int from, int size) {
        return records.subList(Math.min(from, records.size()), Math.min(from + size, records.size()));
    }

    private static Answer json(Object body) {
        return new Answer(200, Map.of("Content-Type", "application/json"), JSON.writeValueAsString(body));
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                query.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }
}
