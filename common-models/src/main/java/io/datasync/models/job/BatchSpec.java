package io.datasync.models.job;

import java.time.Duration;

/**
 * How a stream job's records are gathered into micro-batches, each written and committed with its positions in one
 * transaction: a batch closes at {@code maxRows} records, or {@code maxDelay} after its first record arrived, whichever
 * comes first. Larger batches write faster per row; a shorter delay lowers end-to-end latency. Only stream sources take
 * it.
 *
 * @param maxRows 1 to 100,000; 5,000 when not given
 * @param maxDelay 10 ms to 60 s; 200 ms when not given
 */
public record BatchSpec(Integer maxRows, Duration maxDelay) {

    public static final int DEFAULT_MAX_ROWS = 5_000;
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofMillis(200);
    public static final int MAX_ROWS_LIMIT = 100_000;
    public static final Duration MIN_DELAY = Duration.ofMillis(10);
    public static final Duration MAX_DELAY = Duration.ofSeconds(60);

    /** What a stream job without a {@code batch} block uses. */
    public static final BatchSpec DEFAULT = new BatchSpec(null, null);

    public BatchSpec {
        maxRows = Check.between(maxRows == null ? DEFAULT_MAX_ROWS : maxRows, 1, MAX_ROWS_LIMIT, "maxRows");
        maxDelay = maxDelay == null ? DEFAULT_MAX_DELAY : maxDelay;
        if (maxDelay.compareTo(MIN_DELAY) < 0 || maxDelay.compareTo(MAX_DELAY) > 0) {
            throw new InvalidFieldException(
                    "maxDelay",
                    "must be between " + Durations.format(MIN_DELAY) + " and " + Durations.format(MAX_DELAY) + ", was "
                            + Durations.format(maxDelay));
        }
    }
}
