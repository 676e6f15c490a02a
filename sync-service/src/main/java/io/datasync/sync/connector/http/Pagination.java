package io.datasync.sync.connector.http;

import io.datasync.models.connector.HttpKind;
import io.datasync.models.option.Options;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * How an HTTP source asks for one page after another. A page is named by a small JSON-able state — {@code {page: 3}},
 * {@code {offset: 200}}, {@code {cursor: "abc", n: 4}}, {@code {url: "https://…", n: 4}}, or {@code {}} for the first
 * page where no number is needed — which is what a reader's position holds, so a resumed read asks for the same page
 * again. {@code n} counts pages from the first (1), only to tell an operator where a rejected record was.
 */
sealed interface Pagination {

    List<String> TYPES = HttpKind.PAGINATION_TYPES;

    /** The state of the first page. */
    Map<String, Object> first();

    /** The URI of the page a state names; {@code first} is the resource's URI with the job's own query parameters. */
    URI uri(Map<String, Object> state, URI first);

    /**
     * The state of the page after this one, or empty when this is the last.
     *
     * @param records how many records this page held
     * @param response the page's response, for cursors and links
     */
    Optional<Map<String, Object>> next(Map<String, Object> state, int records, Fetched response);

    /** The page a state names, in words: {@code page 3}. */
    String label(Map<String, Object> state);

    /** The query parameters this pagination sets itself. */
    List<String> parameters();

    /**
     * The state of a page as a position stored it, checked.
     *
     * @throws IllegalArgumentException when the values are not what this pagination stores
     */
    Map<String, Object> state(Map<String, Object> position);

    /** A response as far as pagination cares: where it came from, its JSON body and its {@code Link} headers. */
    record Fetched(URI uri, JsonNode body, List<String> links) {}

    static Pagination of(Options.Values values) {
        return switch (values.get(HttpKind.PAGINATION_TYPE)) {
            case "page" ->
                Numbered.pages(
                        values.get(HttpKind.PAGE_PARAM),
                        values.get(HttpKind.START_PAGE),
                        values.get(HttpKind.SIZE_PARAM),
                        values.get(HttpKind.PAGE_SIZE));
            case "offset" ->
                Numbered.offsets(
                        values.get(HttpKind.OFFSET_PARAM),
                        values.get(HttpKind.LIMIT_PARAM),
                        values.get(HttpKind.PAGE_SIZE));
            case "cursor" -> new Cursor(values.get(HttpKind.CURSOR_PARAM), values.get(HttpKind.CURSOR_POINTER));
            case "link" -> new Link();
            default -> new None();
        };
    }

    /** One request reads everything. */
    record None() implements Pagination {
        @Override
        public Map<String, Object> first() {
            return Map.of();
        }

        @Override
        public URI uri(Map<String, Object> state, URI first) {
            return first;
        }

        @Override
        public Optional<Map<String, Object>> next(Map<String, Object> state, int records, Fetched response) {
            return Optional.empty();
        }

        @Override
        public String label(Map<String, Object> state) {
            return "the response";
        }

        @Override
        public List<String> parameters() {
            return List.of();
        }

        @Override
        public Map<String, Object> state(Map<String, Object> position) {
            return Map.of();
        }
    }

    /**
     * Pages asked for by number ({@code ?page=N&size=S}) or by the offset of their first record
     * ({@code ?offset=O&limit=S}); a page with fewer than {@code pageSize} records is the last.
     *
     * @param byOffset whether the state counts records ({@code offset}) rather than pages ({@code page})
     */
    record Numbered(boolean byOffset, String param, long start, String sizeParam, int pageSize) implements Pagination {

        static Numbered pages(String pageParam, int startPage, String sizeParam, int pageSize) {
            return new Numbered(false, pageParam, startPage, sizeParam, pageSize);
        }

        static Numbered offsets(String offsetParam, String limitParam, int pageSize) {
            return new Numbered(true, offsetParam, 0, limitParam, pageSize);
        }

        private String key() {
            return byOffset ? "offset" : "page";
        }

        @Override
        public Map<String, Object> first() {
            return Map.of(key(), start);
        }

        @Override
        public URI uri(Map<String, Object> state, URI first) {
            return withQuery(first, param, state.get(key()), sizeParam, pageSize);
        }

        @Override
        public Optional<Map<String, Object>> next(Map<String, Object> state, int records, Fetched response) {
            if (records < pageSize) {
                return Optional.empty();
            }
            return Optional.of(Map.of(key(), (long) state.get(key()) + (byOffset ? records : 1)));
        }

        @Override
        public String label(Map<String, Object> state) {
            return (byOffset ? "the page at offset " : "page ") + state.get(key());
        }

        @Override
        public List<String> parameters() {
            return List.of(param, sizeParam);
        }

        @Override
        public Map<String, Object> state(Map<String, Object> position) {
            return Map.of(key(), whole(position, key(), start));
        }
    }

    /** {@code ?cursor=C} with the cursor the previous response held at {@code pointer}; none on the last page. */
    record Cursor(String cursorParam, String pointer) implements Pagination {
        @Override
        public Map<String, Object> first() {
            return Map.of();
        }

        @Override
        public URI uri(Map<String, Object> state, URI first) {
            Object cursor = state.get("cursor");
            return cursor == null ? first : withQuery(first, cursorParam, cursor);
        }

        @Override
        public Optional<Map<String, Object>> next(Map<String, Object> state, int records, Fetched response) {
            JsonNode node = response.body().at(pointer);
            if (node.isMissingNode() || node.isNull() || node.isContainer()) {
                return Optional.empty();
            }
            String cursor = node.asString();
            if (cursor.isEmpty()) {
                return Optional.empty();
            }
            if (cursor.equals(state.get("cursor"))) {
                throw HttpErrors.notRecords(
                        response.uri(), "gives the same cursor at " + pointer + " again: it would be read forever");
            }
            return Optional.of(following(state, "cursor", cursor));
        }

        @Override
        public String label(Map<String, Object> state) {
            return "page " + ordinal(state);
        }

        @Override
        public List<String> parameters() {
            return List.of(cursorParam);
        }

        @Override
        public Map<String, Object> state(Map<String, Object> position) {
            return chained(position, "cursor");
        }
    }

    /** The URL of the {@code Link} header's {@code rel="next"}; none on the last page. */
    record Link() implements Pagination {
        @Override
        public Map<String, Object> first() {
            return Map.of();
        }

        @Override
        public URI uri(Map<String, Object> state, URI first) {
            Object url = state.get("url");
            return url == null ? first : URI.create((String) url);
        }

        @Override
        public Optional<Map<String, Object>> next(Map<String, Object> state, int records, Fetched response) {
            Optional<URI> next;
            try {
                next = LinkHeader.next(response.links(), response.uri());
            } catch (IllegalArgumentException e) {
                throw HttpErrors.notRecords(response.uri(), "has a Link header whose next URL is not a URL");
            }
            if (next.isPresent() && next.get().equals(response.uri())) {
                throw HttpErrors.notRecords(
                        response.uri(), "links to itself as the next page: it would be read forever");
            }
            return next.map(uri -> following(state, "url", uri.toString()));
        }

        @Override
        public String label(Map<String, Object> state) {
            return "page " + ordinal(state);
        }

        @Override
        public List<String> parameters() {
            return List.of();
        }

        @Override
        public Map<String, Object> state(Map<String, Object> position) {
            Map<String, Object> state = chained(position, "url");
            if (state.containsKey("url")) {
                URI.create((String) state.get("url")); // throws IllegalArgumentException when it is not a URI
            }
            return state;
        }
    }

    /**
     * The state of a page that the previous response named by a token (a cursor, a URL): {@code {}} for the first
     * page, else the token and the page's ordinal {@code n}.
     */
    private static Map<String, Object> chained(Map<String, Object> position, String key) {
        Object token = position.get(key);
        if (token == null) {
            return Map.of();
        }
        if (!(token instanceof String text) || text.isEmpty()) {
            throw new IllegalArgumentException(key + " must be text");
        }
        return Map.of(key, text, "n", whole(position, "n", 1));
    }

    private static Map<String, Object> following(Map<String, Object> state, String key, String token) {
        return Map.of(key, token, "n", ordinal(state) + 1);
    }

    private static long ordinal(Map<String, Object> state) {
        Object n = state.get("n");
        return n == null ? 1 : (long) n;
    }

    private static long whole(Map<String, Object> position, String name, long min) {
        Object value = position.get(name);
        if (!(value instanceof Number n) || n.doubleValue() != n.longValue() || n.longValue() < min) {
            throw new IllegalArgumentException(name + " must be a whole number of at least " + min);
        }
        return n.longValue();
    }

    /** {@code uri} with further query parameters, given as name, value, name, value…, form-encoded. */
    static URI withQuery(URI uri, Object... namesAndValues) {
        StringBuilder query = new StringBuilder(uri.getRawQuery() == null ? "" : uri.getRawQuery());
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (query.length() > 0) {
                query.append('&');
            }
            query.append(encode(String.valueOf(namesAndValues[i])))
                    .append('=')
                    .append(encode(String.valueOf(namesAndValues[i + 1])));
        }
        String base = uri.toString();
        int cut = base.indexOf('?');
        return URI.create((cut < 0 ? base : base.substring(0, cut)) + "?" + query);
    }

    /** Form encoding with spaces as {@code %20}, which every server reads as a space also outside forms. */
    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
