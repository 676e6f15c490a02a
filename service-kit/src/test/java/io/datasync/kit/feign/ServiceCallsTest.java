package io.datasync.kit.feign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import feign.Feign;
import feign.Param;
import feign.RequestLine;
import feign.Target;
import io.datasync.kit.correlation.Correlation;
import io.datasync.models.internal.ResolvedConnection;
import io.datasync.models.problem.ErrorCode;
import io.datasync.models.problem.FieldError;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The kit's reading of another service's answers, through a real Feign client against a real HTTP server on the
 * loopback address: problems become the called service's verdict, everything else a 503 naming the service, and
 * nothing the caller could answer with shows the server's address or its raw answer.
 */
class ServiceCallsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final FeignProperties PROPERTIES =
            new FeignProperties(Duration.ofMillis(500), Duration.ofMillis(400));

    interface Peer {
        @RequestLine("GET /internal/connections/{name}")
        ResolvedConnection connection(@Param("name") String name);
    }

    /** An answer the server gives: status, content type and body. */
    private record Answer(int status, String contentType, String body) {}

    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, String> correlationSeen = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private HttpServer server;
    private Peer peer;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(handlers);
        server.createContext("/internal/connections/", this::handle);
        server.start();
        peer = client("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }

    private static Peer client(String url) {
        return Feign.builder()
                .options(PROPERTIES.options())
                .errorDecoder(new ServiceErrorDecoder("sync-service"))
                .addCapability(new ServiceCallFailures(PROPERTIES))
                .requestInterceptor(new CorrelationIdInterceptor())
                .decoder((response, type) -> JSON.readValue(response.body().asInputStream(), JSON.constructType(type)))
                .target(new Target.HardCodedTarget<>(Peer.class, "config-service", url));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String name = exchange.getRequestURI().getPath().substring("/internal/connections/".length());
            String correlation = exchange.getRequestHeaders().getFirst("X-Correlation-Id");
            correlationSeen.put(name, correlation == null ? "<none>" : correlation);
            if (name.equals("silent")) {
                release.await(30, TimeUnit.SECONDS); // never answers within the read timeout
                return;
            }
            Answer answer = answers.getOrDefault(name, new Answer(404, "text/plain", "no route"));
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void answer(String name, int status, String contentType, String body) {
        answers.put(name, new Answer(status, contentType, body));
    }

    private static String problem(ErrorCode code, String detail, String extra) {
        return "{\"type\":\"" + code.type() + "\",\"title\":\"" + code.title() + "\",\"status\":" + code.status()
                + ",\"detail\":\"" + detail + "\",\"instance\":\"/internal/connections/x\",\"code\":\"" + code.code()
                + "\",\"correlationId\":\"c-1\"" + extra + "}";
    }

    private ServiceCallException failure(String name) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> peer.connection(name));
        assertThat(thrown).isInstanceOf(ServiceCallException.class);
        ServiceCallException e = (ServiceCallException) thrown;
        assertThat(e.service()).isEqualTo("config-service");
        assertThat(e.getMessage())
                .as("never the called service's address")
                .doesNotContain("127.0.0.1", String.valueOf(server.getAddress().getPort()), "/internal", "http://");
        return e;
    }

    @Test
    void aGoodAnswerIsDecodedIntoTheRecord() {
        answer(
                "pg-main",
                200,
                "application/json",
                "{\"id\":\"c1\",\"name\":\"pg-main\",\"type\":\"jdbc\",\"version\":3,\"settings\":{\"url\":\"jdbc:x\"}}");
        ResolvedConnection connection = peer.connection("pg-main");
        assertThat(connection.version()).isEqualTo(3);
        assertThat(connection.settings()).containsEntry("url", "jdbc:x");
    }

    @Test
    void aNotFoundProblemIsTheCalledServicesVerdictWithItsCodeAndDetail() {
        answer(
                "nope",
                404,
                "application/problem+json",
                problem(ErrorCode.NOT_FOUND, "connection 'nope' does not exist", ""));
        ServiceCallException e = failure("nope");

        assertThat(e.failure()).isEqualTo(ServiceCallException.Failure.REFUSED);
        assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(e.refusedWith(ErrorCode.NOT_FOUND)).isTrue();
        assertThat(e.status()).isEqualTo(404);
        assertThat(e.getMessage()).isEqualTo("connection 'nope' does not exist");
        assertThat(e.errors()).isEmpty();
    }

    @Test
    void aConflictAndAnInvalidRequestKeepTheirCodesAndFieldErrors() {
        answer(
                "busy",
                409,
                "application/problem+json",
                problem(ErrorCode.CONFLICT, "job 'x' names connection 'y', which no longer exists", ""));
        answer(
                "bad",
                400,
                "application/problem+json",
                problem(
                        ErrorCode.VALIDATION_FAILED,
                        "2 fields are invalid",
                        ",\"errors\":[{\"pointer\":\"?id\",\"message\":\"'bad' is not a valid UUID\"},"
                                + "{\"pointer\":\"/size\",\"message\":\"must be at most 500\"},"
                                + "{\"pointer\":\"\",\"message\":\"skipped: no pointer\"},{\"oops\":1}]"));

        ServiceCallException conflict = failure("busy");
        assertThat(conflict.code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(conflict.getMessage()).contains("no longer exists");

        ServiceCallException invalid = failure("bad");
        assertThat(invalid.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(invalid.errors())
                .containsExactly(
                        new FieldError("?id", "'bad' is not a valid UUID"),
                        new FieldError("/size", "must be at most 500"));
    }

    @Test
    void aProblemWithACodeThisBuildDoesNotKnowIsPassedOnAsItsStatus() {
        answer("future", 422, "application/problem+json", "{\"status\":422,\"code\":\"COMMON-099\",\"detail\":\"d\"}");
        ServiceCallException e = failure("future");
        assertThat(e.failure()).isEqualTo(ServiceCallException.Failure.REFUSED);
        assertThat(e.code()).isEqualTo(ErrorCode.REQUEST_REJECTED);
        assertThat(e.getMessage()).isEqualTo("d");
    }

    @Test
    void aRefusedServiceTokenIsNotTheCallersClientsFault() {
        answer("locked", 401, "application/problem+json", problem(ErrorCode.UNAUTHORIZED, "token required", ""));
        answer("forbidden", 403, "application/json", "{\"status\":403}");
        for (String name : List.of("locked", "forbidden")) {
            ServiceCallException e = failure(name);
            assertThat(e.failure()).isEqualTo(ServiceCallException.Failure.CREDENTIALS_REFUSED);
            assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
            assertThat(e.getMessage()).contains("config-service refused sync-service's service credentials");
        }
    }

    @Test
    void aServerErrorIsA503NamingTheServiceWithoutItsBody() {
        answer("broken", 500, "text/plain", "java.lang.NullPointerException at jdbc:postgresql://10.0.0.5/secret");
        answer("down", 503, "text/html", "<html>maintenance</html>");
        answer("busy", 429, "application/problem+json", problem(ErrorCode.TOO_MANY_REQUESTS, "slow down", ""));

        ServiceCallException broken = failure("broken");
        assertThat(broken.failure()).isEqualTo(ServiceCallException.Failure.UNAVAILABLE);
        assertThat(broken.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
        assertThat(broken.status()).isEqualTo(500);
        assertThat(broken.getMessage()).isEqualTo("config-service did not answer: it failed (status 500)");
        assertThat(failure("down").getMessage()).isEqualTo("config-service did not answer: it failed (status 503)");
        assertThat(failure("busy").getMessage())
                .isEqualTo("config-service did not answer: it is overloaded (status 429)");
    }

    @Test
    void aClientErrorThatIsNoProblemDetailSaysNothingAboutTheRequest() {
        answer("proxy", 404, "application/json", "{\"status\":404}"); // e.g. a proxy that lost the route
        answer("garbage", 400, "text/plain", "}{ not json at all, from 10.0.0.5");
        answer(
                "big",
                404,
                "application/problem+json",
                "{\"code\":\"COMMON-003\",\"detail\":\"" + "x".repeat(ServiceErrorDecoder.MAX_PROBLEM_BYTES) + "\"}");
        answer("empty", 404, "application/problem+json", "");

        for (String name : List.of("proxy", "garbage", "big", "empty")) {
            ServiceCallException e = failure(name);
            assertThat(e.failure()).as(name).isEqualTo(ServiceCallException.Failure.UNAVAILABLE);
            assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
            assertThat(e.getMessage())
                    .doesNotContain("not json", "10.0.0.5", "xxxx")
                    .contains("config-service");
        }
    }

    @Test
    void aGoodStatusWithAnUnreadableAnswerIsA503() {
        answer("garbled", 200, "application/json", "{\"id\": [ this is not JSON");
        answer("wrong", 200, "application/json", "{\"id\":\"c1\"}");
        for (String name : List.of("garbled", "wrong")) {
            ServiceCallException e = failure(name);
            assertThat(e.failure()).isEqualTo(ServiceCallException.Failure.UNAVAILABLE);
            assertThat(e.getMessage()).isEqualTo("config-service did not answer: its answer could not be read");
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOutAsA503() {
        long started = System.nanoTime();
        ServiceCallException e = failure("silent");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(e.failure()).isEqualTo(ServiceCallException.Failure.UNAVAILABLE);
        assertThat(e.status()).isZero();
        assertThat(e.getMessage()).isEqualTo("config-service did not answer within 400 ms");
    }

    @Test
    void aServiceThatIsNotListeningIsA503() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Peer nobody = client("http://127.0.0.1:" + closed);
        assertThatThrownBy(() -> nobody.connection("x")).isInstanceOfSatisfying(ServiceCallException.class, e -> {
            assertThat(e.failure()).isEqualTo(ServiceCallException.Failure.UNAVAILABLE);
            assertThat(e.getMessage()).isEqualTo("config-service did not answer: the connection was refused");
        });
    }

    @Test
    void theCallersCorrelationIdTravelsWithTheCall() {
        answer("pg", 200, "application/json", "{\"id\":\"c1\",\"name\":\"pg\",\"type\":\"jdbc\",\"version\":1}");
        try (Correlation.Scope ignored = Correlation.open("req-42")) {
            peer.connection("pg");
        }
        assertThat(correlationSeen).containsEntry("pg", "req-42");

        peer.connection("pg");
        assertThat(correlationSeen).as("no id, no header").containsEntry("pg", "<none>");

        try (Correlation.Scope ignored = Correlation.open("bad id\r\nX-Evil: 1")) {
            peer.connection("pg");
        }
        assertThat(correlationSeen).as("an unsafe id is not sent").containsEntry("pg", "<none>");
    }

    @Test
    void timeoutsMustBePositive() {
        assertThatThrownBy(() -> new FeignProperties(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("connect-timeout");
        assertThatThrownBy(() -> new FeignProperties(Duration.ofSeconds(1), Duration.ofSeconds(-1)))
                .hasMessageContaining("read-timeout");
        feign.Request.Options options = new FeignProperties(Duration.ofSeconds(2), Duration.ofSeconds(10)).options();
        assertThat(options.connectTimeoutMillis()).isEqualTo(2000);
        assertThat(options.readTimeoutMillis()).isEqualTo(10_000);
        assertThat(options.isFollowRedirects()).isFalse();
    }
}
