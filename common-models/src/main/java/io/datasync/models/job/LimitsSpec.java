package io.datasync.models.job;

import java.time.Duration;

/**
 * Speed limits and the error budget of a run (like DataX's {@code speed} and {@code errorLimit}).
 *
 * @param rowsPerSecond 0 means unlimited
 * @param bytesPerSecond 0 means unlimited
 * @param maxErrors the run fails as soon as more rows than this are rejected (by the source or a transform); null for
 *     no limit, 0 for none tolerated
 * @param maxErrorRatio the run fails when more than this share of the rows read is rejected: checked from
 *     {@link #RATIO_MIN_ROWS} rows read on, so a bad first chunk does not decide alone, and always at the end; null for
 *     no limit
 * @param errorWindow for a stream job, which never ends: {@code maxErrors} and {@code maxErrorRatio} apply to the records
 *     of this sliding window (1 min to 24 h, whole minutes) instead of the run's lifetime; null for the service's
 *     default (5 min). A batch job has none.
 */
public record LimitsSpec(
        Long rowsPerSecond, Long bytesPerSecond, Long maxErrors, Double maxErrorRatio, Duration errorWindow) {

    public static final LimitsSpec UNLIMITED = new LimitsSpec(0L, 0L, null, null);

    /** How many rows a run reads before {@code maxErrorRatio} is checked while it runs. */
    public static final long RATIO_MIN_ROWS = 1000;

    /** The longest error window a stream may have. */
    public static final Duration MAX_ERROR_WINDOW = Duration.ofHours(24);

    /** Limits without an error window, as every batch job has. */
    public LimitsSpec(Long rowsPerSecond, Long bytesPerSecond, Long maxErrors, Double maxErrorRatio) {
        this(rowsPerSecond, bytesPerSecond, maxErrors, maxErrorRatio, null);
    }

    public LimitsSpec {
        rowsPerSecond = Check.notNegative(rowsPerSecond == null ? 0 : rowsPerSecond, "rowsPerSecond");
        bytesPerSecond = Check.notNegative(bytesPerSecond == null ? 0 : bytesPerSecond, "bytesPerSecond");
        if (maxErrors != null) {
            Check.notNegative(maxErrors, "maxErrors");
        }
        if (maxErrorRatio != null) {
            Check.between(maxErrorRatio, 0.0, 1.0, "maxErrorRatio");
        }
        if (errorWindow != null
                && (errorWindow.compareTo(Duration.ofMinutes(1)) < 0
                        || errorWindow.compareTo(MAX_ERROR_WINDOW) > 0
                        || errorWindow.toMillis() % 60_000 != 0)) {
            throw new InvalidFieldException(
                    "errorWindow", "must be whole minutes from 1m to 24h, was " + Durations.format(errorWindow));
        }
    }

    /**
     * Why the budget is exceeded, or null when it is not.
     *
     * @param finished whether the run read everything (the ratio is then checked whatever the row count)
     */
    public String exceededBy(long rejected, long read, boolean finished) {
        if (maxErrors != null && rejected > maxErrors) {
            return rejected + " rows rejected, more than maxErrors " + maxErrors;
        }
        if (maxErrorRatio != null && read > 0 && (finished || read >= RATIO_MIN_ROWS)) {
            double ratio = (double) rejected / read;
            if (ratio > maxErrorRatio) {
                return String.format(
                        java.util.Locale.ROOT,
                        "%d of %d rows rejected (%.2f%%), more than maxErrorRatio %s",
                        rejected,
                        read,
                        ratio * 100,
                        maxErrorRatio);
            }
        }
        return null;
    }
}
