package io.datasync.sync.config;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.datasync.models.internal.ResolvedConnection;
import io.datasync.models.internal.ResolvedJob;
import io.datasync.models.job.JobDefinitions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Plays config-service's internal API over real HTTP on the loopback address for sync-service's Feign client, with
 * the answers the tests set per path; any other path gets config-service's not-found problem. The real endpoints are
 * tested in config-service's own ITs. Every sync-service test context talks to the one shared fake ({@link Factory},
 * registered in {@code META-INF/spring.factories}), so the ITs still share one context.
 */
public final class FakeConfigService {

    /** The token the fake expects, as the test contexts send it. */
    public static final String TOKEN = "it-sync-token";

    private static FakeConfigService shared;

    /** An answer: a status and a JSON body; {@code hang} answers nothing until the fake is released. */
    public record Answer(int status, String body, boolean hang) {
        public static Answer of(int status, String body) {
            return new Answer(status, body, false);
        }

        public static Answer hanging() {
            return new Answer(0, "", true);
        }
    }

    /** A request the fake received: its path and its {@code X-Correlation-Id} (null when none). */
    public record Received(String path, String correlationId) {}

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    private FakeConfigService() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-config-service");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/internal/", this::handle);
        server.start();
    }

    public static synchronized FakeConfigService shared() {
        if (shared == null) {
            shared = new FakeConfigService();
        }
        return shared;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Answers requests for {@code path} (e.g. {@code /internal/jobs/<id>}) with this from now on. */
    public void answer(String path, Answer answer) {
        answers.put(path, answer);
    }

    /** The requests received for {@code path}, oldest first. */
    public List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** config-service's problem for a thing it does not have. */
    /**
     * A job whose target this sync-service cannot write (a JDBC URL to port 1): a run of it starts, then fails at once,
     * which is all a test of how a run is started or followed needs. Its definition is named by {@code name}'s part
     * before the first '-' ({@code corr-1a2b} → {@code corr}).
     */
    public static ResolvedJob unwritableJob(String jobId, String name, int version, long revision) {
        return new ResolvedJob(
                jobId,
                name,
                version,
                revision,
                true,
                JobDefinitions.fromYaml("""
                        name: %s
                        source: { type: jdbc, connection: src, table: public.orders }
                        target: { type: jdbc, connection: dst, table: dw.orders }
                        retry: { initialDelay: 10s }
                        """.formatted(name.substring(0, name.indexOf('-')))),
                Map.of(
                        "src",
                        new ResolvedConnection(
                                "c1", "src", "jdbc", 1, Map.of("url", "jdbc:postgresql://127.0.0.1:1/x")),
                        "dst",
                        new ResolvedConnection("c2", "dst", "jdbc", 1, Map.of("url", "jdbc:mysql://127.0.0.1:1/x"))));
    }

    public static String notFound(String what) {
        return "{\"type\":\"https://datasync.dev/problems/not-found\",\"title\":\"Not found\",\"status\":404,"
                + "\"detail\":\"" + what + " does not exist\",\"instance\":\"/internal/x\",\"code\":\"COMMON-003\"}";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            received.add(new Received(path, exchange.getRequestHeaders().getFirst("X-Correlation-Id")));
            if (!TOKEN.equals(exchange.getRequestHeaders().getFirst("X-Service-Token"))) {
                respond(exchange, 401, "{\"status\":401,\"code\":\"COMMON-010\",\"detail\":\"token required\"}");
                return;
            }
            Answer answer = answers.get(path);
            if (answer == null) {
                String id = path.substring(path.lastIndexOf('/') + 1);
                respond(exchange, 404, notFound("job '" + id + "'"));
            } else if (answer.hang()) {
                release.await(60, TimeUnit.SECONDS);
            } else {
                respond(exchange, answer.status(), answer.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders()
                .add("Content-Type", status < 400 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    /** Points every sync-service test context at the shared fake, with its token and a short read timeout. */
    public static final class Factory implements ContextCustomizerFactory {
        @Override
        public ContextCustomizer createContextCustomizer(
                Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
            return new Customizer();
        }
    }

    /** All equal, so the test contexts stay one. */
    record Customizer() implements ContextCustomizer {
        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            TestPropertyValues.of(
                            "datasync.sync.config-url=" + shared().url(),
                            "datasync.sync.internal-token=" + TOKEN,
                            "datasync.service.feign.read-timeout=2s")
                    .applyTo(context);
        }
    }
}
