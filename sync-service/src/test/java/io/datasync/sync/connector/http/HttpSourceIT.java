package io.datasync.sync.connector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.models.job.SourceSpec;
import io.datasync.models.job.SourceType;
import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.ReadLimits;
import io.datasync.sync.connector.spi.RejectedRecord;
import io.datasync.sync.connector.spi.Source;
import io.datasync.sync.connector.spi.SourceContractTest;
import io.datasync.sync.connector.spi.Split;
import io.datasync.sync.connector.spi.TestEgress;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The source contract and the HTTP source's own behaviour against a JSON API on 127.0.0.1 ({@link FixtureApi}): the
 * contract once with page numbers and once with cursors, then pagination, retries, failures, credentials and records.
 * Waits between retries are recorded by a sleeper instead of spent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpSourceIT extends SourceContractTest {

    private static final List<Map<String, Object>> FIXTURE_COLUMNS = List.of(
            Map.of("name", "id", "type", "bigint"),
            Map.of("name", "name", "type", "text"),
            Map.of("name", "amount", "type", "decimal(12,2)"),
            Map.of("name", "active", "type", "boolean"),
            Map.of("name", "created", "type", "timestamptz"));

    private final FixtureApi api = new FixtureApi();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    @BeforeEach
    void forgetEarlierRequests() {
        api.reset();
        waits.clear();
    }

    @AfterAll
    void stopApi() {
        api.close();
    }

    @Override
    protected String createDataset(int rows) {
        return api.fixture(rows);
    }

    @Override
    protected Source buildSource(String dataset, int parallelism) {
        return source("page", dataset, Map.of("pagination", Map.of("type", "page", "pageSize", 100)));
    }

    @Override
    protected List<String> expectedColumns() {
        return List.of("id", "name", "amount", "active", "created");
    }

    /** The contract again with another pagination over the same fixture. */
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract class OtherPagination extends SourceContractTest {
        @Override
        protected String createDataset(int rows) {
            return api.fixture(rows);
        }

        @Override
        protected List<String> expectedColumns() {
            return HttpSourceIT.this.expectedColumns();
        }
    }

    /** Pages chained by cursors, smaller than the chunks some checks ask for. */
    @Nested
    class WithCursors extends OtherPagination {
        @Override
        protected Source buildSource(String dataset, int parallelism) {
            return source("cursor", dataset, Map.of("query", Map.of("limit", 30), "pagination", CURSOR));
        }
    }

    /** Bare arrays chained by {@code Link} headers. */
    @Nested
    class WithLinks extends OtherPagination {
        @Override
        protected Source buildSource(String dataset, int parallelism) {
            return source("link", dataset, Map.of("recordsPointer", "", "pagination", Map.of("type", "link")));
        }
    }

    private static final Map<String, Object> CURSOR =
            Map.of("type", "cursor", "cursorParam", "cursor", "cursorPointer", "/meta/next");

    @ParameterizedTest(name = "{0}")
    @CsvSource({"all, none, 1", "page, page, 4", "offset, offset, 4", "cursor, cursor, 5", "link, link, 5"})
    void everyPaginationReadsEveryRecordOnceInOrder(String mode, String type, int requests) {
        String dataset = api.fixture(250);
        Map<String, Object> pagination = new HashMap<>(type.equals("cursor") ? CURSOR : Map.of("type", type));
        pagination.put("type", type);
        if (type.equals("page") || type.equals("offset")) {
            pagination.put("pageSize", 80);
        }
        Map<String, Object> options = new HashMap<>(Map.of("pagination", pagination));
        if (type.equals("link")) {
            options.put("recordsPointer", "");
        }
        try (Source source = source(mode, dataset, options)) {
            assertThat(readKeys(source, 33)).containsExactlyElementsOf(range(1, 250));
        }
        assertThat(api.requests()).hasSize(requests);
        if (type.equals("page")) {
            assertThat(api.requests().get(3).uri().getQuery()).isEqualTo("page=4&size=80");
        }
    }

    @Test
    void aThrottledRequestIsAskedAgainAfterTheServersRetryAfter() {
        String dataset = api.fixture(120);
        api.answerNext(429, Map.of("Retry-After", "1"), "{\"error\":\"slow down\"}");

        try (Source source = source("page", dataset, Map.of("pagination", Map.of("type", "page")))) {
            assertThat(readKeys(source, 50)).containsExactlyElementsOf(range(1, 120));
        }

        assertThat(waits).containsExactly(Duration.ofSeconds(1));
        List<FixtureApi.Request> requests = api.requests();
        assertThat(requests).hasSize(3);
        assertThat(requests.get(0).uri()).isEqualTo(requests.get(1).uri());
    }

    @Test
    void aRetryAfterLongerThanTheMaximumBackoffWaitsOnlyTheMaximum() {
        String dataset = api.fixture(5);
        api.answerNext(503, Map.of("Retry-After", "3600"), "");

        try (Source source = source("all", dataset, Map.of("maxBackoffMs", 2000))) {
            assertThat(readKeys(source, 50)).containsExactlyElementsOf(range(1, 5));
        }
        assertThat(waits).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void serverErrorsAreRetriedWithAGrowingBackoff() {
        String dataset = api.fixture(10);
        api.answerNext(503, Map.of(), "unavailable");
        api.answerNext(502, Map.of(), "bad gateway");

        try (Source source = source("all", dataset, Map.of("initialBackoffMs", 100))) {
            assertThat(readKeys(source, 50)).containsExactlyElementsOf(range(1, 10));
        }

        assertThat(api.requests()).hasSize(3);
        assertThat(waits).hasSize(2);
        assertThat(waits.get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(waits.get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void aRefusedCredentialIsPermanentSync301WithoutRetriesAndNeverShowsTheToken() {
        String dataset = api.fixture(10);
        api.require("Authorization", "Bearer right-token");
        String wrong = "wrong-Xq9-token";

        Source source = source("all", dataset, Map.of(), Map.of("type", "bearer", "token", wrong));
        assertThatThrownBy(() -> readKeys(source, 10)).isInstanceOfSatisfying(ConnectorException.class, e -> {
            assertThat(e.code()).isEqualTo("SYNC-301");
            assertThat(e.retriable()).isFalse();
            assertThat(e.getMessage()).contains("401", "/api/all/" + dataset);
            assertThat(stackTrace(e)).doesNotContain(wrong);
        });
        assertThat(api.requests()).hasSize(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void aMissingResourceIsPermanentSync302() {
        Source source = source("all", "no-such-data", Map.of());

        assertThatThrownBy(() -> readKeys(source, 10))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("SYNC-302");
                    assertThat(e.retriable()).isFalse();
                })
                .hasMessageContaining("/api/all/no-such-data");
        assertThat(api.requests()).hasSize(1);
    }

    @Test
    void aServerFailingForeverIsRetriableSync303AfterTheRetriesWithoutTheQueryString() {
        String dataset = api.fixture(10);
        for (int i = 0; i < 4; i++) {
            api.answerNext(500, Map.of(), "boom");
        }

        Source source = source("all", dataset, Map.of("maxRetries", 3, "query", Map.of("api_key", "q-secret-1")));
        assertThatThrownBy(() -> readKeys(source, 10)).isInstanceOfSatisfying(ConnectorException.class, e -> {
            assertThat(e.code()).isEqualTo("SYNC-303");
            assertThat(e.retriable()).isTrue();
            assertThat(e.getMessage()).contains("HTTP 500", "4 attempts", "/api/all/" + dataset);
            assertThat(stackTrace(e)).doesNotContain("q-secret-1");
        });
        assertThat(api.requests()).hasSize(4);
        assertThat(api.requests().get(0).uri().getQuery()).isEqualTo("api_key=q-secret-1");
        assertThat(waits).hasSize(3);
    }

    @Test
    void anUnreachableApiIsRetriableSync305AfterTheRetries() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        HttpEndpoint nowhere = new HttpEndpoint(Map.of("baseUrl", "http://127.0.0.1:" + closedPort + "/api"));
        Source source = new HttpSource(
                nowhere,
                spec(Map.of("path", "/all/x", "maxRetries", 2, "columns", FIXTURE_COLUMNS)),
                TestEgress.LOOPBACK,
                ReadLimits.DEFAULTS,
                waits::add,
                Clock.systemUTC(),
                new SplittableRandom(7));

        assertThatThrownBy(() -> readKeys(source, 10)).isInstanceOfSatisfying(ConnectorException.class, e -> {
            assertThat(e.code()).isEqualTo("SYNC-305");
            assertThat(e.retriable()).isTrue();
            assertThat(e.getMessage()).contains("3 attempts", "127.0.0.1:" + closedPort);
        });
        assertThat(waits).hasSize(2);
    }

    @Test
    void otherClientErrorsArePermanentSync306WithTheStatusAndABodyExcerptWithoutSecrets() {
        String dataset = api.fixture(3);
        api.answerNext(422, Map.of(), "{\"error\":\"bad filter\",\"echo\":\"Bearer tok-Secret-9\"}");

        Source source = source("all", dataset, Map.of(), Map.of("type", "bearer", "token", "tok-Secret-9"));
        assertThatThrownBy(() -> readKeys(source, 10)).isInstanceOfSatisfying(ConnectorException.class, e -> {
            assertThat(e.code()).isEqualTo("SYNC-306");
            assertThat(e.retriable()).isFalse();
            assertThat(e.getMessage()).contains("HTTP 422", "bad filter").doesNotContain("tok-Secret-9");
        });
        assertThat(api.requests()).hasSize(1);
    }

    @Test
    void aResponseLargerThanTheLimitIsPermanentSync308AndNeverHeldWhole() {
        String dataset = api.fixture(3);
        api.answerNext(
                200, Map.of("Content-Type", "application/json"), "{\"data\":[" + "{\"id\":1},".repeat(500) + "{}]}");
        Source source = new HttpSource(
                endpoint(Map.of()),
                spec(Map.of("path", "/all/" + dataset, "recordsPointer", "/data", "columns", FIXTURE_COLUMNS)),
                TestEgress.LOOPBACK,
                new ReadLimits(1000, 1000, 1000, 1000, 1000, 200),
                waits::add,
                Clock.systemUTC(),
                new SplittableRandom(1));
        assertThatThrownBy(() -> readKeys(source, 10)).isInstanceOfSatisfying(ConnectorException.class, e -> {
            assertThat(e.code()).isEqualTo("SYNC-308");
            assertThat(e.retriable()).isFalse();
            assertThat(e.getMessage()).contains("larger than 1000 bytes", "datasync.sync.read-limits.http-body");
        });
        assertThat(api.requests()).as("not retried").hasSize(1);
    }

    @Test
    void aResponseThatIsNotJsonOrHasNoRecordsArrayIsPermanentSync304NamingThePointer() {
        assertThatThrownBy(() -> readKeys(source("html", api.fixture(1), Map.of()), 10))
                .isInstanceOfSatisfying(
                        ConnectorException.class, e -> assertThat(e.code()).isEqualTo("SYNC-304"))
                .hasMessageContaining("not JSON (text/html)");
        assertThatThrownBy(() -> readKeys(source("all", api.fixture(1), Map.of("recordsPointer", "/items")), 10))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("SYNC-304");
                    assertThat(e.retriable()).isFalse();
                })
                .hasMessageContaining("recordsPointer /items");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "basic, Authorization, Basic YW5uOnMzY3JldA==",
        "bearer, Authorization, Bearer tok-1",
        "header, X-Api-Key, key-1"
    })
    void theConnectionsCredentialReachesTheApi(String type, String header, String expected) {
        String dataset = api.fixture(20);
        api.require(header, expected);
        Map<String, Object> auth = switch (type) {
            case "basic" -> Map.of("type", "basic", "username", "ann", "password", "s3cret");
            case "bearer" -> Map.of("type", "bearer", "token", "tok-1");
            default -> Map.of("type", "header", "headerName", "X-Api-Key", "headerValue", "key-1");
        };

        try (Source source =
                source("page", dataset, Map.of("pagination", Map.of("type", "page", "pageSize", 8)), auth)) {
            assertThat(readKeys(source, 5)).containsExactlyElementsOf(range(1, 20));
        }
        assertThat(api.requests())
                .hasSize(3)
                .allSatisfy(r -> assertThat(r.headers().get(header)).containsExactly(expected));
    }

    @Test
    void aPostSendsTheBodyAndTheJobsHeadersAndQuery() {
        String dataset = api.fixture(3);
        Map<String, Object> options = Map.of(
                "method", "POST",
                "body", Map.of("filter", Map.of("status", "open")),
                "headers", Map.of("X-Tenant", "t 1"),
                "query", Map.of("q", "a b&c"));

        try (Source source = source("all", dataset, options)) {
            assertThat(readKeys(source, 10)).containsExactly(1L, 2L, 3L);
        }
        FixtureApi.Request request = api.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.body()).isEqualTo("{\"filter\":{\"status\":\"open\"}}");
        assertThat(request.headers().getFirst("Content-Type")).isEqualTo("application/json");
        assertThat(request.headers().getFirst("X-Tenant")).isEqualTo("t 1");
        assertThat(request.uri().getRawQuery()).isEqualTo("q=a%20b%26c");
    }

    @Test
    void aRecordThatDoesNotFitItsColumnIsRejectedWithItsPageAndTheOthersAreDelivered() {
        List<Map<String, Object>> records = new ArrayList<>();
        for (long id = 1; id <= 6; id++) {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("id", id);
            record.put("amount", id == 5 ? "lots" : BigDecimal.valueOf(id));
            records.add(record);
        }
        String dataset = api.dataset(records);
        Map<String, Object> options = Map.of(
                "pagination", Map.of("type", "page", "pageSize", 3),
                "columns", List.of(Map.of("name", "id", "type", "bigint"), Map.of("name", "amount", "type", "decimal")),
                "key", List.of("id"));

        try (Source source = source("page", dataset, options)) {
            List<Chunk> chunks = readAll(source, Split.whole(), Position.START, 10);
            assertThat(keys(source.schema(), chunks)).containsExactly(1L, 2L, 3L, 4L, 6L);
            assertThat(chunks.stream().flatMap(c -> c.rejected().stream()))
                    .singleElement()
                    .satisfies(r -> {
                        assertThat(r.locator()).isEqualTo("page 2, record 2");
                        assertThat(r.reason()).contains("amount", "'lots'");
                    });
        }
    }

    @Test
    void aRecordThatIsNotAnObjectIsRejectedToo() {
        try (Source source = source("all", "ignored", Map.of())) {
            api.answerNext(200, Map.of(), "{\"data\": [{\"id\": 1}, 42, {\"id\": 3}]}");
            List<Chunk> chunks = readAll(source, Split.whole(), Position.START, 10);
            assertThat(keys(source.schema(), chunks)).containsExactly(1L, 3L);
            assertThat(chunks.get(0).rejected())
                    .containsExactly(
                            new RejectedRecord("the response, record 2", "a record must be a JSON object, not number"));
        }
    }

    @Test
    void withoutDeclaredColumnsTheyAreInferredFromTheFirstPageAndNestedFieldsAreReachedByPointer() {
        String dataset = api.fixture(20);

        try (Source source = new HttpSource(
                endpoint(Map.of()),
                spec(Map.of(
                        "path",
                        "/page/" + dataset,
                        "recordsPointer",
                        "/data",
                        "key",
                        List.of("id"),
                        "pagination",
                        Map.of("type", "page", "pageSize", 10))),
                TestEgress.LOOPBACK,
                ReadLimits.DEFAULTS,
                waits::add,
                Clock.systemUTC(),
                new SplittableRandom(1))) {
            assertThat(source.schema().columns())
                    .containsExactly(
                            Column.of("id", DataType.BIGINT),
                            Column.of("name", DataType.TEXT),
                            Column.of("amount", DataType.DECIMAL),
                            Column.of("active", DataType.BOOLEAN),
                            Column.of("created", DataType.TEXT));
            assertThat(source.schema().keys()).containsExactly("id");
            List<Chunk> chunks = readAll(source, Split.whole(), Position.START, 7);
            assertThat(keys(source.schema(), chunks)).containsExactlyElementsOf(range(1, 20));
            assertThat(chunks.get(0).rows().get(1)[2]).isEqualTo(new BigDecimal("2.50"));
        }
        // the first page served the inference and the reading: pages 1, 2 and the empty 3, each requested once
        assertThat(api.requests())
                .extracting(r -> r.uri().getQuery())
                .containsExactly("page=1&size=10", "page=2&size=10", "page=3&size=10");

        String nested = api.dataset(List.of(Map.of("id", 1, "price", Map.of("value", "12.5", "currency", "EUR"))));
        Map<String, Object> options = Map.of(
                "columns",
                List.of(
                        Map.of("name", "id", "type", "int"),
                        Map.of("name", "price", "type", "decimal(8,2)", "field", "/price/value"),
                        Map.of("name", "currency", "field", "/price/currency")));
        try (Source source = source("all", nested, options)) {
            assertThat(readAll(source, Split.whole(), Position.START, 10)
                            .get(0)
                            .rows()
                            .get(0))
                    .containsExactly(1, new BigDecimal("12.50"), "EUR");
        }
    }

    @Test
    void aNextLinkToAnotherHostIsRefusedAsSync307BeforeAnyCredentialGoesThere() {
        String dataset = api.fixture(80);
        api.require("Authorization", "Bearer tok-1");
        Source source = source(
                "elsewhere",
                dataset,
                Map.of("recordsPointer", "", "pagination", Map.of("type", "link")),
                Map.of("type", "bearer", "token", "tok-1"));

        assertThatThrownBy(() -> readKeys(source, 100)).isInstanceOfSatisfying(ConnectorException.class, e -> {
            assertThat(e.code()).isEqualTo("SYNC-307");
            assertThat(e.retriable()).isFalse();
            assertThat(e.getMessage()).contains("http://localhost:" + api.port());
        });
        assertThat(api.requests()).hasSize(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void aRedirectIsFollowedWithinTheOriginAndRefusedAsSync307ElsewhereWithoutBeingSent() {
        String dataset = api.fixture(4);
        api.answerNext(302, Map.of("Location", "/api/all/" + dataset), "");

        try (Source source = source("all", "moved", Map.of())) {
            assertThat(readKeys(source, 10)).containsExactly(1L, 2L, 3L, 4L);
        }
        assertThat(api.requests())
                .extracting(r -> r.uri().getPath())
                .containsExactly("/api/all/moved", "/api/all/" + dataset);

        api.reset();
        api.answerNext(307, Map.of("Location", "http://localhost:" + api.port() + "/api/all/" + dataset), "");
        Source source = source("all", "moved", Map.of());
        assertThatThrownBy(() -> readKeys(source, 10))
                .isInstanceOfSatisfying(
                        ConnectorException.class, e -> assertThat(e.code()).isEqualTo("SYNC-307"))
                .hasMessageContaining("a redirect");
        assertThat(api.requests()).hasSize(1);
    }

    @Test
    void aRunInterruptedWhileWaitingToRetryStopsAtOnceAndKeepsTheInterrupt() {
        String dataset = api.fixture(3);
        api.answerNext(503, Map.of(), "");
        Source source = new HttpSource(
                endpoint(Map.of()),
                spec(Map.of("path", "/all/" + dataset, "recordsPointer", "/data", "columns", FIXTURE_COLUMNS)),
                TestEgress.LOOPBACK,
                ReadLimits.DEFAULTS,
                wait -> {
                    throw new InterruptedException("cancelled");
                },
                Clock.systemUTC(),
                new SplittableRandom(1));

        try {
            assertThatThrownBy(() -> readKeys(source, 10))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("SYNC-303");
                        assertThat(e.retriable()).isTrue();
                    })
                    .hasMessageContaining("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted(); // clears the flag for the next test
        }
        assertThat(api.requests()).hasSize(1);
    }

    @Test
    void aResumeFromTheEndOrFromAPageBoundaryAsksForNothingTwice() {
        String dataset = api.fixture(20);
        try (Source source = source("page", dataset, Map.of("pagination", Map.of("type", "page", "pageSize", 10)))) {
            List<Chunk> chunks = readAll(source, Split.whole(), Position.START, 10);
            assertThat(chunks)
                    .extracting(c -> c.position().values())
                    .containsExactly(Map.of("page", 2L), Map.of("page", 3L));
            api.reset();
            List<Chunk> rest = readAll(source, Split.whole(), chunks.get(1).position(), 10);
            assertThat(rest).isEmpty();
            assertThat(api.requests()).hasSize(1);
        }
        try (Source source = source("all", dataset, Map.of())) {
            Chunk last = readAll(source, Split.whole(), Position.START, 100).get(0);
            assertThat(last.position().values()).isEqualTo(Map.of("done", true));
            api.reset();
            assertThat(readAll(source, Split.whole(), last.position(), 10)).isEmpty();
            assertThat(api.requests()).isEmpty();
        }
    }

    @Test
    void aPositionThisSourceDidNotMakeIsRefusedAsInvalid() {
        try (Source source = source("page", api.fixture(3), Map.of("pagination", Map.of("type", "page")))) {
            assertThatThrownBy(() -> source.open(Split.whole(), new Position(Map.of("cursor", "abc"))))
                    .isInstanceOfSatisfying(
                            ConnectorException.class, e -> assertThat(e.code()).isEqualTo("SYNC-001"))
                    .hasMessageContaining("page");
        }
    }

    private Source source(String mode, String dataset, Map<String, Object> options) {
        return source(mode, dataset, options, Map.of());
    }

    /** A source over {@code /api/<mode>/<dataset>}, with the fixture's columns unless the options declare others. */
    private Source source(String mode, String dataset, Map<String, Object> options, Map<String, Object> auth) {
        Map<String, Object> all = new HashMap<>();
        all.put("path", "/" + mode + "/" + dataset);
        all.put("recordsPointer", "/data");
        all.put("columns", FIXTURE_COLUMNS);
        all.put("key", List.of("id"));
        all.putAll(options);
        return new HttpSource(
                endpoint(auth),
                spec(all),
                TestEgress.LOOPBACK,
                ReadLimits.DEFAULTS,
                waits::add,
                Clock.systemUTC(),
                new SplittableRandom(1));
    }

    private HttpEndpoint endpoint(Map<String, Object> auth) {
        return new HttpEndpoint(
                auth.isEmpty() ? Map.of("baseUrl", api.baseUrl()) : Map.of("baseUrl", api.baseUrl(), "auth", auth));
    }

    private static SourceSpec spec(Map<String, Object> options) {
        return new SourceSpec(SourceType.HTTP, "api", null, null, null, null, options);
    }

    private List<Long> readKeys(Source source, int maxRows) {
        return keys(source.schema(), readAll(source, Split.whole(), Position.START, maxRows));
    }

    private static String stackTrace(Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }
}
