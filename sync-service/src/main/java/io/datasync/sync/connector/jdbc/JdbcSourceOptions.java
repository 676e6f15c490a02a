package io.datasync.sync.connector.jdbc;

import io.datasync.models.job.Durations;
import io.datasync.sync.connector.spi.Options;
import io.datasync.sync.connector.spi.Options.Option;
import java.time.Duration;
import java.util.Map;

/**
 * The options of a JDBC source ({@code source.options} in a job), declared once in {@link #DEFINITION}. The chunk size
 * is not one of them: the engine asks for it in {@code SplitReader.next(maxRows)}.
 *
 * @param fetchSize rows the driver fetches per round trip from a streaming cursor
 * @param queryTimeout how long one statement may run; zero for no limit
 */
public record JdbcSourceOptions(int fetchSize, Duration queryTimeout) {

    public static final Options DEFINITION = new Options();

    public static final Option<Integer> FETCH_SIZE = DEFINITION.define(
            "fetchSize",
            Integer.class,
            5000,
            v -> v < 1 || v > 100_000 ? "must be between 1 and 100000" : null,
            "rows the driver fetches per round trip when a table without a key is streamed through a cursor");

    public static final Option<String> QUERY_TIMEOUT = DEFINITION.define(
            "queryTimeout",
            String.class,
            "10m",
            JdbcSourceOptions::checkTimeout,
            "how long one statement may run before the database is asked to cancel it, e.g. 30s or 10m; 0s for no"
                    + " limit");

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
     * @throws Options.OptionsException with every problem, pointing below {@code /source/options}
     */
    public static JdbcSourceOptions parse(Map<String, Object> raw) {
        Options.Values values = DEFINITION.parse(raw, "/source/options");
        return new JdbcSourceOptions(values.get(FETCH_SIZE), Durations.parse(values.get(QUERY_TIMEOUT)));
    }

    /** For {@code Statement.setQueryTimeout}, which counts whole seconds; a started second counts. */
    int queryTimeoutSeconds() {
        long millis = queryTimeout.toMillis();
        return (int) Math.min(Integer.MAX_VALUE, (millis + 999) / 1000);
    }

    private static String checkTimeout(String text) {
        try {
            Duration d = Durations.parse(text);
            return d.isNegative() ? "must not be negative" : null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
