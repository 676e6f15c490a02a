package io.datasync.sync.connector.http;

import io.datasync.models.connector.HttpKind;
import io.datasync.models.option.Options;
import io.datasync.sync.connector.records.RecordColumns;
import io.datasync.sync.connector.spi.InvalidOptionsException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The options of an HTTP source ({@code source.options} in a job), read from their declaration in the catalog
 * ({@link HttpKind#SOURCE}, which also holds the rules relating them and reports every problem at once).
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

    public HttpSourceOptions {
        body = Map.copyOf(body);
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
        key = List.copyOf(key);
    }

    /**
     * @throws InvalidOptionsException with every problem, pointing below {@code /source/options}
     */
    @SuppressWarnings("unchecked")
    public static HttpSourceOptions parse(Map<String, Object> raw) {
        Options.Values values = InvalidOptionsException.parse(HttpKind.SOURCE, raw, "/source/options");
        Object body = values.get(HttpKind.BODY);
        return new HttpSourceOptions(
                values.get(HttpKind.PATH),
                values.get(HttpKind.METHOD),
                body == null ? Map.of() : (Map<String, Object>) body,
                texts(values.get(HttpKind.QUERY)),
                texts(values.get(HttpKind.HEADERS)),
                values.get(HttpKind.RECORDS_POINTER),
                Pagination.of(values.object(HttpKind.PAGINATION_OPTION)),
                values.get(HttpKind.MAX_RETRIES),
                Duration.ofMillis(values.get(HttpKind.INITIAL_BACKOFF_MS)),
                Duration.ofMillis(values.get(HttpKind.MAX_BACKOFF_MS)),
                Duration.ofMillis(values.get(HttpKind.TIMEOUT_MS)),
                RecordColumns.declared(values),
                RecordColumns.keys(values));
    }

    Backoff backoff() {
        return new Backoff(initialBackoff, maxBackoff);
    }

    private static Map<String, String> texts(Map<?, ?> map) {
        Map<String, String> texts = new LinkedHashMap<>();
        map.forEach((k, v) ->
                texts.put(k.toString(), v instanceof java.math.BigDecimal d ? d.toPlainString() : v.toString()));
        return texts;
    }
}
