package io.datasync.sync.connector.http;

import io.datasync.kit.egress.EgressGuard;
import io.datasync.models.job.IncrementalMode;
import io.datasync.models.job.SourceSpec;
import io.datasync.models.job.SourceType;
import io.datasync.sync.connector.records.RecordColumns;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.ReadLimits;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.connector.spi.Source;
import io.datasync.sync.connector.spi.Split;
import io.datasync.sync.connector.spi.SplitReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.random.RandomGenerator;
import tools.jackson.databind.JsonNode;

/**
 * Reads JSON records from an HTTP API, page by page, as one split. One instance per run; its HTTP client is shared by
 * the readers it opens.
 *
 * <p><b>Requests.</b> {@code GET} (or {@code POST} with a JSON body) to the connection's {@code baseUrl} followed by
 * the job's {@code path}, with the job's {@code query} and {@code headers}, the connection's credentials, and the
 * pagination's parameters. Credentials go only to the base URL's origin: a {@code Link} or redirect elsewhere fails the
 * run ({@code SYNC-307}). Failures are classified once by {@link HttpFetcher} and {@link HttpErrors}.
 *
 * <p><b>Records.</b> The array at {@code recordsPointer} of each response; each record, a JSON object, becomes a row of
 * the declared {@code columns} (a column's {@code field} is a property name, or a JSON pointer like {@code /a/b} for a
 * nested value), or of columns inferred from the first page's properties. A record that does not fit its columns is
 * handed back as a {@link io.datasync.sync.connector.spi.RejectedRecord} ({@code page 3, record 12}).
 *
 * <p><b>Positions.</b> A chunk's position names the page to ask for next and how many of its records were already
 * handed out: {@code {page: 4, skip: 40}}, {@code {offset: 300}}, {@code {cursor: "abc", n: 4}}, {@code {url: "…", n:
 * 4}}, or {@code {done: true}} after the last page. A page is buffered and handed out in chunks of at most
 * {@code maxRows} rows, so resuming from any chunk's position asks for that page again and skips what was handed out;
 * exactly the remaining records follow as long as the API returns the same pages for the same requests.
 */
public final class HttpSource implements Source {

    static final String SKIP = "skip";
    static final String DONE = "done";

    private final HttpSourceOptions options;
    private final HttpClient client;
    private final boolean ownsClient;
    private final HttpFetcher fetcher;
    private final URI first;

    private RecordColumns columns; // guarded by this: declared, or inferred once from the first page
    private Page inferredFrom; // guarded by this: the first page, kept from inferring the columns until it is read

    /**
     * @throws ConnectorException {@code SYNC-001} when the spec or its options are invalid for an HTTP source
     */
    /**
     * @param client the HTTP client kept for the connection (not closed by this source); null for one of its own
     * @param guard the egress policy, checked before every request and redirect
     * @param limits the largest response body read
     */
    public HttpSource(HttpEndpoint endpoint, SourceSpec spec, HttpClient client, EgressGuard guard, ReadLimits limits) {
        this(endpoint, spec, client, guard, limits, Sleeper.REAL, Clock.systemUTC(), new Random());
    }

    HttpSource(
            HttpEndpoint endpoint,
            SourceSpec spec,
            EgressGuard guard,
            ReadLimits limits,
            Sleeper sleeper,
            Clock clock,
            RandomGenerator random) {
        this(endpoint, spec, null, guard, limits, sleeper, clock, random);
    }

    private HttpSource(
            HttpEndpoint endpoint,
            SourceSpec spec,
            HttpClient shared,
            EgressGuard guard,
            ReadLimits limits,
            Sleeper sleeper,
            Clock clock,
            RandomGenerator random) {
        if (endpoint == null || spec == null) {
            throw new IllegalArgumentException("an HTTP source needs an endpoint and a source spec");
        }
        if (spec.type() != SourceType.HTTP) {
            throw HttpErrors.invalid("an HTTP source cannot read a source of type " + spec.type());
        }
        List<String> unsupported = new ArrayList<>();
        if (spec.table() != null || spec.query() != null) {
            unsupported.add("table and query (name the resource with options.path)");
        }
        if (spec.split() != null) {
            unsupported.add("split (an API is read as one sequence of pages)");
        }
        if (spec.incremental().mode() != IncrementalMode.FULL) {
            unsupported.add("incremental " + spec.incremental().mode() + " (every run reads all pages)");
        }
        if (!unsupported.isEmpty()) {
            throw HttpErrors.invalid("an HTTP source does not support " + String.join("; ", unsupported));
        }
        this.options = HttpSourceOptions.parse(spec.options());
        this.ownsClient = shared == null;
        this.client = shared != null ? shared : newClient(endpoint, options.timeout());
        this.fetcher = new HttpFetcher(client, endpoint, options, guard, limits, sleeper, clock, random);
        URI resource = endpoint.resolve(options.path());
        this.first = options.query().isEmpty() ? resource : withQuery(resource, options.query());
        this.columns = options.columns().orElse(null);
    }

    @Override
    public Schema schema() {
        return columns().schema();
    }

    @Override
    public List<Split> splits() {
        return List.of(Split.whole());
    }

    @Override
    public SplitReader open(Split split, Position from) {
        if (!split.equals(Split.whole())) {
            throw HttpErrors.invalid("split " + split.id() + " was not made by this source");
        }
        Position start = from == null ? Position.START : from;
        if (Boolean.TRUE.equals(start.get(DONE))) {
            return new HttpSplitReader(this, null, 0);
        }
        if (start.isStart()) {
            return new HttpSplitReader(this, options.pagination().first(), 0);
        }
        try {
            Object skip = start.get(SKIP);
            if (skip != null && !(skip instanceof Number n && n.doubleValue() == n.intValue() && n.intValue() >= 0)) {
                throw new IllegalArgumentException("skip must be a whole number of at least 0");
            }
            return new HttpSplitReader(
                    this, options.pagination().state(start.values()), skip == null ? 0 : ((Number) skip).intValue());
        } catch (IllegalArgumentException e) {
            // named by its keys only: a next-page URL may carry query parameters that are not for messages
            throw HttpErrors.invalid(
                    "a position with " + start.values().keySet() + " was not made by this source: " + e.getMessage());
        }
    }

    /**
     * A client for an endpoint: redirects are not followed by the client but by {@link HttpFetcher}, within the
     * connection's origin only; HTTP/2 over TLS, HTTP/1.1 otherwise.
     */
    public static HttpClient newClient(HttpEndpoint endpoint, java.time.Duration connectTimeout) {
        return HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(
                        "https".equalsIgnoreCase(endpoint.baseUrl().getScheme())
                                ? HttpClient.Version.HTTP_2
                                : HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public void close() {
        if (ownsClient) {
            closeClient(client);
        }
    }

    /** Closes a client now where the JDK can (21+ stops its selector thread); before that the collector does. */
    public static void closeClient(HttpClient client) {
        if (client instanceof AutoCloseable closeable) { // Java 21+: stops the client's selector thread now
            try {
                closeable.close();
            } catch (Exception e) {
                // nothing is left to release that the garbage collector would not
            }
        }
    }

    /** One page, fetched and parsed. */
    Page fetch(Map<String, Object> state) {
        Pagination pagination = options.pagination();
        HttpFetcher.Response response = fetcher.fetch(pagination.uri(state, first));
        JsonNode body = JsonRecords.parse(
                response.body(), response.headers().firstValue("Content-Type").orElse(null), response.uri());
        List<JsonNode> records = JsonRecords.records(body, options.recordsPointer(), response.uri());
        Optional<Map<String, Object>> next = pagination.next(
                state,
                records.size(),
                new Pagination.Fetched(response.uri(), body, response.headers().allValues("Link")));
        return new Page(state, pagination.label(state), records, response.body().length, next);
    }

    /**
     * The page of this pagination state. The first page, when the columns were just inferred from it, is handed over
     * once instead of being requested again; a reader reopened later (a retry) fetches it afresh.
     */
    Page page(Map<String, Object> state) {
        synchronized (this) {
            if (inferredFrom != null && inferredFrom.state().equals(state)) {
                Page page = inferredFrom;
                inferredFrom = null;
                return page;
            }
        }
        return fetch(state);
    }

    synchronized RecordColumns columns() {
        if (columns == null) {
            Page page = fetch(options.pagination().first());
            try {
                columns = JsonRecords.infer(page.records(), options.key());
                inferredFrom = page;
            } catch (IllegalArgumentException e) {
                throw HttpErrors.invalid("cannot infer the columns from the first page: " + e.getMessage()
                        + "; declare them in options.columns");
            }
        }
        return columns;
    }

    private static URI withQuery(URI uri, Map<String, String> query) {
        List<Object> pairs = new ArrayList<>();
        query.forEach((name, value) -> {
            pairs.add(name);
            pairs.add(value);
        });
        return Pagination.withQuery(uri, pairs.toArray());
    }

    /**
     * A page's records with where it came from and what follows it.
     *
     * @param state the pagination state that asked for it
     * @param label the page in words, for the locators of rejected records
     * @param bytes the body's size, shared out among the page's chunks
     * @param next the state of the next page; empty on the last
     */
    record Page(
            Map<String, Object> state,
            String label,
            List<JsonNode> records,
            long bytes,
            Optional<Map<String, Object>> next) {}
}
