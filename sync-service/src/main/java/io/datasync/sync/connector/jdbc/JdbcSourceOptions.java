package io.datasync.sync.connector.jdbc;

import io.datasync.models.connector.JdbcKind;
import io.datasync.models.option.Options;
import io.datasync.sync.connector.spi.InvalidOptionsException;
import java.time.Duration;
import java.util.Map;

/**
 * The options of a JDBC source ({@code source.options} in a job), read from their declaration in the catalog
 * ({@link JdbcKind#SOURCE}). The chunk size is not one of them: the engine asks for it in
 * {@code SplitReader.next(maxRows)}.
 *
 * @param fetchSize rows the driver fetches per round trip from a streaming cursor
 * @param queryTimeout how long one statement may run; zero for no limit
 */
public record JdbcSourceOptions(int fetchSize, Duration queryTimeout) {

    public static final JdbcSourceOptions DEFAULTS = parse(Map.of());

    public JdbcSourceOptions {
        if (fetchSize < 1) {
            throw new IllegalArgumentException("fetchSize must be positive");
        }
        if (queryTimeout == null || queryTimeout.isNegative()) {
            throw new IllegalArgumentException("queryTimeout must be zero or positive");
        }
    }

    /**
     * @throws InvalidOptionsException with every problem, pointing below {@code /source/options}
     */
    public static JdbcSourceOptions parse(Map<String, Object> raw) {
        Options.Values values = InvalidOptionsException.parse(JdbcKind.SOURCE, raw, "/source/options");
        return new JdbcSourceOptions(values.get(JdbcKind.FETCH_SIZE), values.get(JdbcKind.QUERY_TIMEOUT));
    }

    /** For {@code Statement.setQueryTimeout}, which counts whole seconds; a started second counts. */
    int queryTimeoutSeconds() {
        long millis = queryTimeout.toMillis();
        return (int) Math.min(Integer.MAX_VALUE, (millis + 999) / 1000);
    }
}
