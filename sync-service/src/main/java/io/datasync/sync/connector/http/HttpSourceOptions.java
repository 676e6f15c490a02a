package io.datasync.sync.connector.http;

import io.datasync.models.problem.FieldError;
import io.datasync.sync.connector.records.RecordColumns;
import io.datasync.sync.connector.spi.Options;
import io.datasync.sync.connector.spi.Options.Option;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import tools.jackson.core.JsonPointer;

/**
 * The options of an HTTP source ({@code source.options} in a job), declared once in {@link #DEFINITION} and, for
 * {@code pagination}, in {@link #PAGINATION}; the rules relating them are in {@link #parse}, which reports every
 * problem at once.
 *
 * <pre>
 * options:
 *   path: /v1/orders
 *   query: {status: open}
 *   recordsPointer: /data
 *   pagination: {type: cursor, cursorParam: after, cursorPointer: /meta/next}
 *   columns: [{name: id, type: bigint}, {name: total, type: "decimal(12,2)", field: /amount/value}]
 *   key: [id]
 * </pre>
 *
 * @param body sent as JSON with {@code POST}; empty for {@code GET}
 * @param columns the declared columns; empty when they are inferred from the first page
 * @param key the key columns the job names
 */
public record HttpSourceOptions(
        String path,
        String method,
        Map<String, Object> body,
        Map<String, String> query,
        Map<String, String> headers,
        String recordsPointer,
        Pagination pagination,
        int maxRetries,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration timeout,
        Optional<RecordColumns> columns,
        List<String> key) {

    static final String POINTER = "/source/options";

    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /** Headers the JDK client sets itself, and the credential header, which belongs in the encrypted connection. */
    private static final Set<String> FORBIDDEN_HEADERS =
            Set.of("authorization", "connection", "content-length", "expect", "host", "upgrade");

    private static final int MAX_MILLIS = 3_600_000;

    public static final Options DEFINITION = new Options();

    public static final Option<String> PATH = DEFINITION.define(
            "path",
            String.class,
            null,
            HttpSourceOptions::checkPath,
            "the path of the records' resource, appended to the connection's baseUrl, e.g. /v1/orders; parameters"
                    + " go in query");

    public static final Option<String> METHOD = DEFINITION.define(
            "method",
            String.class,
            "GET",
            v -> Set.of("GET", "POST").contains(v.toUpperCase(Locale.ROOT)) ? null : "must be GET or POST",
            "the request method: GET, or POST to send body");

    @SuppressWarnings("rawtypes")
    public static final Option<Map> BODY = DEFINITION.define(
            "body",
            Map.class,
            Map.of(),
            null,
            "the JSON object sent as the request body with method POST, e.g. {filter: {status: open}}");

    @SuppressWarnings("rawtypes")
    public static final Option<Map> QUERY = DEFINITION.define(
            "query",
            Map.class,
            Map.of(),
            HttpSourceOptions::checkQuery,
            "query parameters sent with every request, e.g. {status: open}; pagination adds its own");

    @SuppressWarnings("rawtypes")
    public static final Option<Map> HEADERS = DEFINITION.define(
            "headers",
            Map.class,
            Map.of(),
            HttpSourceOptions::checkHeaders,
            "headers sent with every request, e.g. {Accept-Language: en}; credentials belong in the connection's auth");

    public static final Option<String> RECORDS_POINTER = DEFINITION.define(
            "recordsPointer",
            String.class,
            "",
            HttpSourceOptions::checkPointer,
            "the JSON pointer to the array of records in a response, e.g. /data/items; \"\" when the body is the"
                    + " array");

    @SuppressWarnings("rawtypes")
    public static final Option<Map> PAGINATION_OPTION = DEFINITION.define(
            "pagination",
            Map.class,
            Map.of(),
            null,
            "how to ask for the next page: {type: none|page|offset|cursor|link, ...}; none when left out");

    public static final Option<Integer> MAX_RETRIES = DEFINITION.define(
            "maxRetries",
            Integer.class,
            5,
            v -> v < 0 || v > 100 ? "must be between 0 and 100" : null,
            "how often a request is retried after an I/O error, 408, 429 or 5xx before the run fails");

    public static final Option<Integer> INITIAL_BACKOFF_MS = DEFINITION.define(
            "initialBackoffMs",
            Integer.class,
            500,
            HttpSourceOptions::checkMillis,
            "the wait in milliseconds before the first retry; it doubles with each further retry (with jitter)");

    public static final Option<Integer> MAX_BACKOFF_MS = DEFINITION.define(
            "maxBackoffMs",
            Integer.class,
            30_000,
            HttpSourceOptions::checkMillis,
            "the longest wait in milliseconds between attempts, also when the API's Retry-After asks for more");

    public static final Option<Integer> TIMEOUT_MS = DEFINITION.define(
            "timeoutMs",
            Integer.class,
            30_000,
            HttpSourceOptions::checkMillis,
            "how long in milliseconds connecting, and then each response, may take before the attempt counts as"
                    + " failed");

    public static final RecordColumns.Handles COLUMNS = RecordColumns.define(DEFINITION);

    /** The options of {@code pagination}; which of them apply depends on its {@code type}. */
    public static final Options PAGINATION = new Options();

    public static final Option<String> TYPE = PAGINATION.define(
            "type",
            String.class,
            "none",
            v -> Pagination.TYPES.contains(v) ? null : "must be one of " + Pagination.TYPES,
            "none: one request; page: page numbers; offset: record offsets; cursor: a cursor from each response;"
                    + " link: the Link header's rel=\"next\" URL");

    public static final Option<String> PAGE_PARAM = PAGINATION.define(
            "pageParam", String.class, "page", HttpSourceOptions::checkParam, "page: the page number");

    public static final Option<Integer> START_PAGE = PAGINATION.define(
            "startPage",
            Integer.class,
            1,
            v -> v < 0 ? "must not be negative" : null,
            "page: the number of the first page, 0 or 1");

    public static final Option<String> SIZE_PARAM = PAGINATION.define(
            "sizeParam", String.class, "size", HttpSourceOptions::checkParam, "page: the records per page");

    public static final Option<Integer> PAGE_SIZE = PAGINATION.define(
            "pageSize",
            Integer.class,
            100,
            v -> v < 1 || v > 100_000 ? "must be between 1 and 100000" : null,
            "page, offset: the records asked for per request; a page with fewer is the last, so this must not be"
                    + " more than the API's own maximum page size");

    public static final Option<String> OFFSET_PARAM = PAGINATION.define(
            "offsetParam", String.class, "offset", HttpSourceOptions::checkParam, "offset: the first record's offset");

    public static final Option<String> LIMIT_PARAM = PAGINATION.define(
            "limitParam", String.class, "limit", HttpSourceOptions::checkParam, "offset: the records per page");

    public static final Option<String> CURSOR_PARAM = PAGINATION.define(
            "cursorParam",
            String.class,
            "cursor",
            HttpSourceOptions::checkParam,
            "cursor: the parameter carrying the cursor; left out on the first request");

    public static final Option<String> CURSOR_POINTER = PAGINATION.define(
            "cursorPointer",
            String.class,
            "",
            HttpSourceOptions::checkPointer,
            "cursor (required): the JSON pointer to the next cursor in a response, e.g. /meta/next; the last page"
                    + " has none there (missing, null or \"\")");

    public HttpSourceOptions {
        body = Map.copyOf(body);
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
        key = List.copyOf(key);
    }

    /**
     * @throws Options.OptionsException with every problem, pointing below {@code /source/options}
     */
    @SuppressWarnings("unchecked")
    public static HttpSourceOptions parse(Map<String, Object> raw) {
        List<FieldError> errors = new ArrayList<>();
        Options.Values values = collect(() -> DEFINITION.parse(raw, POINTER), errors);
        Object rawPaging = raw.get(PAGINATION_OPTION.name());
        Map<String, Object> pagingInput = rawPaging instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        Options.Values paging = collect(() -> PAGINATION.parse(pagingInput, POINTER + "/pagination"), errors);
        if (values == null || paging == null) {
            throw new Options.OptionsException(errors);
        }
        String method = values.get(METHOD).toUpperCase(Locale.ROOT);
        Pagination pagination = Pagination.of(paging);
        Map<String, String> query = texts(values.get(QUERY));
        if (method.equals("GET") && !values.get(BODY).isEmpty()) {
            errors.add(new FieldError(POINTER + "/body", "is sent only with method POST"));
        }
        if (values.get(INITIAL_BACKOFF_MS) > values.get(MAX_BACKOFF_MS)) {
            errors.add(new FieldError(POINTER + "/initialBackoffMs", "must not be more than maxBackoffMs"));
        }
        if (pagination instanceof Pagination.Cursor c && c.pointer().isEmpty()) {
            errors.add(new FieldError(POINTER + "/pagination/cursorPointer", "is required for cursor pagination"));
        }
        if (pagination.parameters().stream().distinct().count()
                < pagination.parameters().size()) {
            errors.add(new FieldError(
                    POINTER + "/pagination", "names the same query parameter twice: " + pagination.parameters()));
        }
        for (String param : pagination.parameters()) {
            if (query.containsKey(param)) {
                errors.add(new FieldError(
                        POINTER + "/query/" + param, "is the pagination's own parameter; pagination sets it"));
            }
        }
        Optional<RecordColumns> columns = Optional.empty();
        try {
            columns = RecordColumns.declared(values, COLUMNS);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(POINTER + "/" + RecordColumns.KEY, e.getMessage()));
        }
        if (!errors.isEmpty()) {
            throw new Options.OptionsException(errors);
        }
        return new HttpSourceOptions(
                values.get(PATH),
                method,
                values.get(BODY),
                query,
                texts(values.get(HEADERS)),
                values.get(RECORDS_POINTER),
                pagination,
                values.get(MAX_RETRIES),
                Duration.ofMillis(values.get(INITIAL_BACKOFF_MS)),
                Duration.ofMillis(values.get(MAX_BACKOFF_MS)),
                Duration.ofMillis(values.get(TIMEOUT_MS)),
                columns,
                RecordColumns.keys(values, COLUMNS));
    }

    Backoff backoff() {
        return new Backoff(initialBackoff, maxBackoff);
    }

    private static Options.Values collect(Supplier<Options.Values> parse, List<FieldError> errors) {
        try {
            return parse.get();
        } catch (Options.OptionsException e) {
            errors.addAll(e.errors());
            return null;
        }
    }

    private static Map<String, String> texts(Map<?, ?> map) {
        Map<String, String> texts = new LinkedHashMap<>();
        map.forEach((k, v) -> texts.put(k.toString(), v.toString()));
        return texts;
    }

    private static String checkPath(String path) {
        if (path.isBlank()) {
            return "must not be empty";
        }
        if (path.contains("://") || path.startsWith("//")) {
            return "must be a path below the connection's baseUrl, not a URL: requests go only where the connection"
                    + " points";
        }
        if (path.contains("?") || path.contains("#")) {
            return "must not carry a query or fragment; put parameters in query";
        }
        if (path.chars().anyMatch(c -> c <= ' ')) {
            return "must not contain spaces or control characters; percent-encode them";
        }
        return null;
    }

    private static String checkQuery(Map<?, ?> query) {
        for (var entry : query.entrySet()) {
            if (entry.getKey().toString().isEmpty()) {
                return "parameter names must not be empty";
            }
            Object value = entry.getValue();
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                return "parameter '" + entry.getKey() + "' must be text, a number or true/false";
            }
        }
        return null;
    }

    private static String checkHeaders(Map<?, ?> headers) {
        for (var entry : headers.entrySet()) {
            String name = entry.getKey().toString();
            if (!HEADER_NAME.matcher(name).matches()) {
                return "'" + name + "' is not a valid header name";
            }
            if (FORBIDDEN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                return "'" + name + "' cannot be set here"
                        + (name.equalsIgnoreCase("authorization")
                                ? ": credentials belong in the connection's auth, which is encrypted"
                                : ": the HTTP client sets it");
            }
            if (!(entry.getValue() instanceof String value) || value.contains("\r") || value.contains("\n")) {
                return "header '" + name + "' must be text on one line";
            }
        }
        return null;
    }

    private static String checkPointer(String pointer) {
        try {
            JsonPointer.compile(pointer);
            return null;
        } catch (IllegalArgumentException e) {
            return "'" + pointer + "' is not a JSON pointer: \"\" for the whole document, else /name/0/...";
        }
    }

    private static String checkParam(String name) {
        return name.isBlank() ? "must name a query parameter" : null;
    }

    private static String checkMillis(Integer millis) {
        return millis < 1 || millis > MAX_MILLIS ? "must be between 1 and " + MAX_MILLIS + " milliseconds" : null;
    }
}
