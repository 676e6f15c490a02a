package io.datasync.scheduler;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays config-service's internal job-schedule API ({@code /internal/jobs}, {@code /internal/jobs/{id}/schedule}) over
 * real HTTP for the scheduler's Feign client, with jobs the tests put in. The real endpoints are tested in
 * config-service's own ITs; starting config-service here would make the scheduler's tests depend on its code.
 */
public final class FakeConfigService implements AutoCloseable {

    /** The token the fake expects, as the scheduler's test properties send it. */
    public static final String TOKEN = "it-scheduler-token";

    private static FakeConfigService shared;

    private static final Pattern ONE = Pattern.compile("/internal/jobs/([^/]+)/schedule");
    private static final Pattern PARAM = Pattern.compile("(?:^|&)(after|size)=([^&]+)");
    /** config-service's answer for a job it does not have: the not-found problem. */
    private static final String NO_SUCH_JOB = "{\"type\":\"https://datasync.dev/problems/not-found\",\"status\":404,"
            + "\"code\":\"COMMON-003\",\"detail\":\"job does not exist\"}";

    private final HttpServer server;
    private final ConcurrentSkipListMap<String, String> jobs = new ConcurrentSkipListMap<>();
    private final Map<String, Long> revisions = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();
    private final Map<String, List<String>> correlationIds = new ConcurrentHashMap<>();
    private volatile int failStatus;
    private volatile String failBody;

    private FakeConfigService() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/internal/jobs", this::handle);
        server.start();
    }

    /** A fake of its own, e.g. for the extra scheduler instances of the cluster test. */
    public static FakeConfigService start() {
        return new FakeConfigService();
    }

    /**
     * The fake the shared test context talks to; started once, before that context, so its port can be given as the
     * system property {@code datasync.it.config-port} that the test properties read.
     */
    public static synchronized FakeConfigService shared() {
        if (shared == null) {
            shared = new FakeConfigService();
            System.setProperty("datasync.it.config-port", Integer.toString(shared.port()));
        }
        return shared;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /**
     * Puts (or replaces) a job; its revision goes up by one each time, as config-service's does on every change.
     *
     * @param scheduleJson the definition's {@code schedule} as JSON, or null for a job without one
     * @param retryJson the definition's {@code retry} as JSON, or null for the defaults
     */
    public void put(String jobId, String name, long version, boolean enabled, String scheduleJson, String retryJson) {
        long revision = revisions.merge(jobId, 1L, Long::sum);
        jobs.put(
                jobId,
                "{\"jobId\":\"" + jobId + "\",\"name\":\"" + name + "\",\"version\":" + version + ",\"revision\":"
                        + revision + ",\"enabled\":"
                        + enabled + ",\"schedule\":" + scheduleJson + ",\"retry\":"
                        + (retryJson == null
                                ? "{\"maxAttempts\":3,\"initialDelay\":\"10s\",\"multiplier\":2.0,"
                                        + "\"maxDelay\":\"10m\",\"jitter\":0.2}"
                                : retryJson)
                        + "}");
    }

    public void remove(String jobId) {
        jobs.remove(jobId);
        revisions.merge(jobId, 1L, Long::sum);
    }

    /**
     * Answers every lookup of one job with this status and body instead (a proxy's 404, a 400, a 500), until
     * {@link #answerNormally()}; 0 answers normally.
     */
    public void answerLookupsWith(int status, String body) {
        failBody = body;
        failStatus = status;
    }

    /** How many single-job lookups were answered so far. */
    public int lookups() {
        return lookups.get();
    }

    /** The {@code X-Correlation-Id} of each lookup of one job, oldest first ({@code <none>} for a lookup without). */
    public List<String> correlationIdsOfLookups(String jobId) {
        return List.copyOf(correlationIds.getOrDefault(jobId, List.of()));
    }

    public void answerNormally() {
        failStatus = 0;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!TOKEN.equals(exchange.getRequestHeaders().getFirst("X-Service-Token"))) {
                respond(exchange, 401, "{\"status\":401}");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            Matcher one = ONE.matcher(path);
            if (one.matches()) {
                lookups.incrementAndGet();
                String correlationId = exchange.getRequestHeaders().getFirst("X-Correlation-Id");
                correlationIds
                        .computeIfAbsent(one.group(1), id -> new java.util.concurrent.CopyOnWriteArrayList<>())
                        .add(correlationId == null ? "<none>" : correlationId);
                if (failStatus != 0) {
                    respond(exchange, failStatus, failBody);
                    return;
                }
                String job = jobs.get(one.group(1));
                respond(exchange, job == null ? 404 : 200, job == null ? NO_SUCH_JOB : job);
                return;
            }
            if (path.equals("/internal/jobs")) {
                respond(exchange, 200, page(exchange.getRequestURI().getRawQuery()));
                return;
            }
            respond(exchange, 404, "{\"status\":404}");
        }
    }

    /** One page by job id after {@code after}, as config-service pages its internal listing. */
    private String page(String query) {
        String after = null;
        int size = 100;
        Matcher m = PARAM.matcher(query == null ? "" : query);
        while (m.find()) {
            if (m.group(1).equals("after")) {
                after = m.group(2);
            } else {
                size = Integer.parseInt(m.group(2));
            }
        }
        List<String> ids = new ArrayList<>((after == null ? jobs : jobs.tailMap(after, false)).keySet());
        List<String> items = new ArrayList<>();
        for (String id : ids.subList(0, Math.min(size, ids.size()))) {
            String job = jobs.get(id);
            if (job != null) {
                items.add(job);
            }
        }
        String next = items.size() < size ? "null" : "\"" + ids.get(size - 1) + "\"";
        return "{\"items\":[" + String.join(",", items) + "],\"next\":" + next + "}";
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
