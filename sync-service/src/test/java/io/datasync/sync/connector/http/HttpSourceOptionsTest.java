package io.datasync.sync.connector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.datasync.models.problem.FieldError;
import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.InvalidOptionsException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpSourceOptionsTest {

    @Test
    void onlyThePathIsNeededAndTheRestDefaults() {
        HttpSourceOptions options = HttpSourceOptions.parse(Map.of("path", "/v1/orders"));

        assertThat(options.path()).isEqualTo("/v1/orders");
        assertThat(options.method()).isEqualTo("GET");
        assertThat(options.recordsPointer()).isEmpty();
        assertThat(options.pagination()).isEqualTo(new Pagination.None());
        assertThat(options.maxRetries()).isEqualTo(5);
        assertThat(options.initialBackoff()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.maxBackoff()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.columns()).isEmpty();
        assertThat(options.key()).isEmpty();
    }

    @Test
    void paginationColumnsAndRequestOptionsAreParsed() {
        HttpSourceOptions options = HttpSourceOptions.parse(Map.of(
                "path", "orders",
                "method", "post",
                "body", Map.of("status", "open"),
                "query", Map.of("since", 2026, "all", true),
                "headers", Map.of("Accept-Language", "en"),
                "recordsPointer", "/data/items",
                "pagination", Map.of("type", "cursor", "cursorParam", "after", "cursorPointer", "/meta/next"),
                "columns", List.of(Map.of("name", "id", "type", "bigint"), Map.of("name", "total", "field", "/a/b")),
                "key", List.of("id")));

        assertThat(options.method()).isEqualTo("POST");
        assertThat(options.query()).containsEntry("since", "2026").containsEntry("all", "true");
        assertThat(options.pagination()).isEqualTo(new Pagination.Cursor("after", "/meta/next"));
        assertThat(options.columns()).hasValueSatisfying(c -> {
            assertThat(c.schema().names()).containsExactly("id", "total");
            assertThat(c.schema().column(0).type()).isEqualTo(DataType.BIGINT);
            assertThat(c.schema().keys()).containsExactly("id");
            assertThat(c.fields()).containsExactly("id", "/a/b");
        });
        assertThat(HttpSourceOptions.parse(Map.of("path", "x", "pagination", Map.of("type", "page", "pageSize", 50)))
                        .pagination())
                .isEqualTo(Pagination.Numbered.pages("page", 1, "size", 50));
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsPointer() {
        Map<String, Object> raw = Map.of(
                "method",
                "DELETE",
                "recordsPointer",
                "data",
                "headers",
                Map.of("Authorization", "Bearer x"),
                "maxRetries",
                -1,
                "timeoutMs",
                "soon",
                "pagination",
                Map.of("type", "pages", "pageSize", 0, "extra", 1),
                "columns",
                List.of(Map.of("name", "bad name")),
                "chunkSize",
                10);

        assertThat(problems(raw))
                .containsExactlyInAnyOrder(
                        "/source/options/path",
                        "/source/options/method",
                        "/source/options/recordsPointer",
                        "/source/options/headers/Authorization",
                        "/source/options/maxRetries",
                        "/source/options/timeoutMs",
                        "/source/options/columns/0/name",
                        "/source/options/chunkSize",
                        "/source/options/pagination/type",
                        "/source/options/pagination/pageSize",
                        "/source/options/pagination/extra");
    }

    @Test
    void rulesRelatingOptionsAreReportedTogether() {
        Map<String, Object> raw = Map.of(
                "path", "/orders",
                "body", Map.of("q", 1),
                "initialBackoffMs", 5000,
                "maxBackoffMs", 1000,
                "query", Map.of("page", 2),
                "pagination", Map.of("type", "page"),
                "columns", List.of(Map.of("name", "id")),
                "key", List.of("code"));

        assertThat(problems(raw))
                .containsExactlyInAnyOrder(
                        "/source/options/body",
                        "/source/options/initialBackoffMs",
                        "/source/options/query/page",
                        "/source/options/key/0");
        assertThat(problems(Map.of("path", "/x", "pagination", Map.of("type", "cursor"))))
                .containsExactly("/source/options/pagination/cursorPointer");
        assertThat(problems(Map.of("path", "/x", "pagination", Map.of("type", "offset", "limitParam", "offset"))))
                .containsExactly("/source/options/pagination");
        assertThat(problems(Map.of(
                        "path", "/x", "pagination", Map.of("type", "cursor", "pageSize", 5, "cursorPointer", "/n"))))
                .as("an option of another pagination type is a mistake, not silently ignored")
                .containsExactly("/source/options/pagination/pageSize");
    }

    @Test
    void aPathMustStayBelowTheBaseUrl() {
        for (String path : List.of(
                "https://elsewhere.example/x", "//elsewhere.example/x", "/x?a=1", "a b", "/v1/../../internal")) {
            assertThat(problems(Map.of("path", path))).as(path).containsExactly("/source/options/path");
        }
    }

    /** The pointers of the problems parsing finds; fails when it finds none. */
    private static List<String> problems(Map<String, Object> raw) {
        Throwable thrown = catchThrowable(() -> HttpSourceOptions.parse(raw));
        assertThat(thrown).isInstanceOf(InvalidOptionsException.class);
        return ((InvalidOptionsException) thrown)
                .errors().stream().map(FieldError::pointer).toList();
    }
}
