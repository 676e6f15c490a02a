package io.datasync.models.connector;

import io.datasync.models.egress.EgressTarget;
import io.datasync.models.job.IncrementalMode;
import io.datasync.models.option.Option;
import io.datasync.models.option.Options;
import io.datasync.models.option.Rule;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JsonPointer;

/** {@code http}: JSON records from an HTTP API, page by page. */
public final class HttpKind {

    private HttpKind() {}

    // --- connection ------------------------------------------------------------------------------------------------

    public static final Option<String> BASE_URL = Option.text(
                    "baseUrl",
                    "http or https URL every request path is resolved against; it must resolve to an address the"
                            + " egress policy allows")
            .mandatory()
            .checkedBy(v -> uri(v, List.of("http", "https"), true))
            .reaching(new EgressTarget.Http());

    public static final Option<String> AUTH_TYPE = Option.choice(
                    "type", "how requests authenticate", "none", "basic", "bearer", "header")
            .withDefault("none");

    public static final Options AUTH = Options.of(
            List.of(
                    AUTH_TYPE,
                    Option.text("username", "user name for basic authentication"),
                    Option.secret("password", "password for basic authentication"),
                    Option.secret("token", "token sent as 'Authorization: Bearer <token>'"),
                    Option.text("headerName", "name of the header carrying the credential, e.g. X-API-Key")
                            .checkedBy(HttpHeaderNames::problem),
                    Option.secret("headerValue", "value of that header")),
            Rule.dependsOn(
                    "type",
                    Map.of(
                            "none", List.of(),
                            "basic", List.of("username", "password"),
                            "bearer", List.of("token"),
                            "header", List.of("headerName", "headerValue"))));

    public static final Option<Map<String, Object>> AUTH_OPTION =
            Option.object("auth", AUTH, "authentication; none when left out");

    public static final Options CONNECTION = Options.of(BASE_URL, AUTH_OPTION);

    // --- source ----------------------------------------------------------------------------------------------------

    private static final int MAX_MILLIS = 3_600_000;

    public static final List<String> PAGINATION_TYPES = List.of("none", "page", "offset", "cursor", "link");

    public static final Option<String> PAGINATION_TYPE = Option.choice(
                    "type",
                    "none: one request; page: page numbers; offset: record offsets; cursor: a cursor from each"
                            + " response; link: the Link header's rel=\"next\" URL",
                    PAGINATION_TYPES.toArray(String[]::new))
            .withDefault("none");

    public static final Option<String> PAGE_PARAM =
            param("pageParam", "page: the page number").withDefault("page");
    public static final Option<Integer> START_PAGE = Option.integer(
                    "startPage", "page: the number of the first page, 0 or 1")
            .withDefault(1)
            .between(0, Integer.MAX_VALUE);
    public static final Option<String> SIZE_PARAM =
            param("sizeParam", "page: the records per page").withDefault("size");
    public static final Option<Integer> PAGE_SIZE = Option.integer(
                    "pageSize",
                    "page, offset: the records asked for per request; a page with fewer is the last, so this must not"
                            + " be more than the API's own maximum page size")
            .withDefault(100)
            .between(1, 100_000);
    public static final Option<String> OFFSET_PARAM =
            param("offsetParam", "offset: the first record's offset").withDefault("offset");
    public static final Option<String> LIMIT_PARAM =
            param("limitParam", "offset: the records per page").withDefault("limit");
    public static final Option<String> CURSOR_PARAM = param(
                    "cursorParam", "cursor: the parameter carrying the cursor; left out on the first request")
            .withDefault("cursor");
    public static final Option<String> CURSOR_POINTER = Option.text(
                    "cursorPointer",
                    "cursor (required): the JSON pointer to the next cursor in a response, e.g. /meta/next; the last"
                            + " page has none there (missing, null or \"\")")
            .checkedBy(HttpKind::pointer);

    private static final Map<String, List<String>> PAGINATION_PARAMETERS = Map.of(
            "none", List.of(),
            "page", List.of("pageParam", "startPage", "sizeParam", "pageSize"),
            "offset", List.of("offsetParam", "limitParam", "pageSize"),
            "cursor", List.of("cursorParam", "cursorPointer"),
            "link", List.of());

    public static final Options PAGINATION = Options.of(
            List.of(
                    PAGINATION_TYPE,
                    PAGE_PARAM,
                    START_PAGE,
                    SIZE_PARAM,
                    PAGE_SIZE,
                    OFFSET_PARAM,
                    LIMIT_PARAM,
                    CURSOR_PARAM,
                    CURSOR_POINTER),
            Rule.of("only the options of the chosen type apply; cursor needs cursorPointer", scope -> {
                Object type = scope.get("type");
                if (type == null) {
                    return;
                }
                List<String> applicable = PAGINATION_PARAMETERS.getOrDefault(type, List.of());
                PAGINATION_PARAMETERS.values().stream()
                        .flatMap(List::stream)
                        .distinct()
                        .filter(o -> scope.given(o) && !applicable.contains(o))
                        .forEach(o -> scope.problem(o, "does not apply to pagination type '" + type + "'"));
                if ("cursor".equals(type) && scope.get("cursorPointer") == null) {
                    scope.problem("cursorPointer", "is required for cursor pagination");
                }
                List<String> names = parameterNames(scope.values());
                if (names.stream().distinct().count() < names.size()) {
                    scope.problem("", "names the same query parameter twice: " + names);
                }
            }));

    public static final Option<String> PATH = Option.text(
                    "path",
                    "the path of the records' resource, appended to the connection's baseUrl, e.g. /v1/orders;"
                            + " parameters go in query")
            .mandatory()
            .checkedBy(HttpKind::path);

    public static final Option<String> METHOD = Option.choice(
                    "method", "the request method: GET, or POST to send body", "GET", "POST")
            .withDefault("GET");

    public static final Option<Object> BODY = Option.json(
                    "body", "the JSON object sent as the request body with method POST, e.g. {filter: {status: open}}")
            .checkedBy(v -> v instanceof Map<?, ?> ? null : "must be a JSON object");

    public static final Option<Map<String, Object>> QUERY = Option.map(
                    "query",
                    Option.scalar("value", "a parameter's value"),
                    "query parameters sent with every request, e.g. {status: open}; pagination adds its own")
            .keysCheckedBy(k -> k.isEmpty() ? "parameter names must not be empty" : null)
            .withDefault(Map.of());

    public static final Option<Map<String, Object>> HEADERS = Option.map(
                    "headers",
                    Option.text("value", "a header's value").checkedBy(HttpKind::oneLine),
                    "headers sent with every request, e.g. {Accept-Language: en}; credentials belong in the"
                            + " connection's auth")
            .keysCheckedBy(HttpHeaderNames::problem)
            .withDefault(Map.of());

    public static final Option<String> RECORDS_POINTER = Option.text(
                    "recordsPointer",
                    "the JSON pointer to the array of records in a response, e.g. /data/items; \"\" when the body is"
                            + " the array")
            .withDefault("")
            .emptyAllowed()
            .checkedBy(HttpKind::pointer);

    public static final Option<Map<String, Object>> PAGINATION_OPTION = Option.object(
            "pagination", PAGINATION, "how to ask for the next page: {type: none|page|offset|cursor|link, ...}");

    public static final Option<Integer> MAX_RETRIES = Option.integer(
                    "maxRetries",
                    "how often a request is retried after an I/O error, 408, 429 or 5xx before the run fails")
            .withDefault(5)
            .between(0, 100);

    public static final Option<Integer> INITIAL_BACKOFF_MS = Option.integer(
                    "initialBackoffMs",
                    "the wait in milliseconds before the first retry; it doubles with each further retry (with"
                            + " jitter)")
            .withDefault(500)
            .between(1, MAX_MILLIS);

    public static final Option<Integer> MAX_BACKOFF_MS = Option.integer(
                    "maxBackoffMs",
                    "the longest wait in milliseconds between attempts, also when the API's Retry-After asks for more")
            .withDefault(30_000)
            .between(1, MAX_MILLIS);

    public static final Option<Integer> TIMEOUT_MS = Option.integer(
                    "timeoutMs",
                    "how long in milliseconds connecting, and then each response, may take before the attempt counts"
                            + " as failed")
            .withDefault(30_000)
            .between(1, MAX_MILLIS);

    public static final Options SOURCE = Options.of(
            List.of(
                    PATH,
                    METHOD,
                    BODY,
                    QUERY,
                    HEADERS,
                    RECORDS_POINTER,
                    PAGINATION_OPTION,
                    MAX_RETRIES,
                    INITIAL_BACKOFF_MS,
                    MAX_BACKOFF_MS,
                    TIMEOUT_MS,
                    RecordColumnsOptions.COLUMNS,
                    RecordColumnsOptions.KEY),
            Rule.onlyWhen("body", "method", "POST"),
            Rule.of("initialBackoffMs is at most maxBackoffMs", scope -> {
                if (scope.get("initialBackoffMs") instanceof Integer initial
                        && scope.get("maxBackoffMs") instanceof Integer max
                        && initial > max) {
                    scope.problem("initialBackoffMs", "must not be more than maxBackoffMs");
                }
            }),
            Rule.of("query does not set the pagination's own parameters", scope -> {
                if (scope.get("query") instanceof Map<?, ?> query && scope.get("pagination") instanceof Map<?, ?> p) {
                    for (String param : parameterNames(p)) {
                        if (query.containsKey(param)) {
                            scope.problem("query/" + param, "is the pagination's own parameter; pagination sets it");
                        }
                    }
                }
            }),
            RecordColumnsOptions.KEY_AMONG_COLUMNS);

    public static final ConnectorDescriptor DESCRIPTOR = new ConnectorDescriptor(
            "http",
            "JSON records from an HTTP API: page, offset, cursor or Link pagination, retries honouring Retry-After",
            CONNECTION,
            new ConnectorDescriptor.SourceSupport(SOURCE, Set.of(IncrementalMode.FULL), false, false),
            null,
            null);

    /** The query parameters a pagination (its validated values) sets itself. */
    public static List<String> parameterNames(Map<?, ?> pagination) {
        List<String> names = new ArrayList<>();
        Object type = pagination.get("type");
        for (String option : type == null ? List.<String>of() : PAGINATION_PARAMETERS.getOrDefault(type, List.of())) {
            if (option.endsWith("Param") && pagination.get(option) instanceof String name) {
                names.add(name);
            }
        }
        return names;
    }

    /** What is wrong with a URL of one of the schemes, or null. */
    static String uri(String value, List<String> schemes, boolean pathOnly) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return "is not a valid URI: " + e.getReason();
        }
        if (uri.getScheme() == null || !schemes.contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
            return "must start with " + String.join("://, ", schemes) + "://";
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return "must name a host";
        }
        if (uri.getRawUserInfo() != null) {
            // Credentials in the URI would be stored and shown in plain text; the secret settings are encrypted.
            return "must not carry user info; use the connection's credentials, which are encrypted";
        }
        if (pathOnly && (uri.getRawQuery() != null || uri.getRawFragment() != null)) {
            return "must not carry a query or a fragment; parameters go in the job's query option";
        }
        return null;
    }

    private static Option<String> param(String name, String doc) {
        return Option.text(name, doc);
    }

    private static String path(String path) {
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
        for (String segment : path.split("/")) {
            if (segment.equals("..") || segment.equalsIgnoreCase("%2e%2e")) {
                return "must not climb above the connection's baseUrl with '..'";
            }
        }
        return null;
    }

    private static String pointer(String pointer) {
        try {
            JsonPointer.compile(pointer);
            return null;
        } catch (IllegalArgumentException e) {
            return "'" + pointer + "' is not a JSON pointer: \"\" for the whole document, else /name/0/...";
        }
    }

    private static String oneLine(String value) {
        return value.contains("\r") || value.contains("\n") ? "must be text on one line" : null;
    }
}
