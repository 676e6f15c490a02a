package io.datasync.kit.cel;

import java.time.Duration;

/**
 * How much one CEL evaluation may build and how long it may run, so that an expression written by a user can never
 * exhaust the heap or hold a thread: every breach is an {@link CelExpression.LimitExceededException} naming the limit
 * and its setting. Services configure them under {@code datasync.service.cel.*} (defaults in
 * {@code datasync-kit-defaults.properties}); config-service's previews and sync-service's runs use the same values.
 *
 * <p>A value's size counts what is nested in it, each reference as often as it appears: {@code [s, s]} holds twice
 * the text of {@code s}. Values read from the record are not limited; what the expression builds from them is.
 *
 * @param maxStringLength the longest string (in characters) or bytes value an expression may build; a list or map it
 *     builds may hold at most this much text in all
 * @param maxListSize the most elements (list elements and map entries, nested ones included) a list or map an
 *     expression builds may hold
 * @param maxTotalStringLength the characters of all strings and bytes one evaluation builds, together; bounds the
 *     memory of expressions that build many values each under the limits above
 * @param maxTotalListSize the elements of all lists and maps one evaluation builds, together
 * @param maxIterations the comprehension iterations ({@code all}, {@code exists}, {@code map}, {@code filter}, …)
 *     one evaluation may run, nested ones included
 * @param maxRegexProgramSize the largest regular expression {@code matches} accepts, as RE2 program size (roughly its
 *     number of instructions; {@code [a-z]{1000}} is about 1000); larger ones are refused before they are compiled
 * @param timeLimit how long one evaluation may compute: the processor time its thread spends on it, so a garbage
 *     collection pause or a busy machine does not count against the expression
 * @param totalTimeLimit how long all evaluations inside {@link CelExpressions#withinTotalTimeLimit} may take together,
 *     e.g. every rule on every record of one preview request (processor time of the thread, as for {@code timeLimit})
 */
public record CelLimits(
        int maxStringLength,
        int maxListSize,
        long maxTotalStringLength,
        long maxTotalListSize,
        int maxIterations,
        int maxRegexProgramSize,
        Duration timeLimit,
        Duration totalTimeLimit) {

    /** The prefix of the settings, e.g. {@code datasync.service.cel.max-string-length}. */
    public static final String PREFIX = "datasync.service.cel.";

    public static final String MAX_STRING_LENGTH = PREFIX + "max-string-length";
    public static final String MAX_LIST_SIZE = PREFIX + "max-list-size";
    public static final String MAX_TOTAL_STRING_LENGTH = PREFIX + "max-total-string-length";
    public static final String MAX_TOTAL_LIST_SIZE = PREFIX + "max-total-list-size";
    public static final String MAX_ITERATIONS = PREFIX + "max-iterations";
    public static final String MAX_REGEX_PROGRAM_SIZE = PREFIX + "max-regex-program-size";
    public static final String TIME_LIMIT = PREFIX + "time-limit";
    public static final String TOTAL_TIME_LIMIT = PREFIX + "total-time-limit";

    /** The defaults, as in {@code datasync-kit-defaults.properties}. */
    public static final CelLimits DEFAULTS = new CelLimits(
            1_048_576, 100_000, 8_388_608, 1_000_000, 100_000, 2_000, Duration.ofMillis(250), Duration.ofSeconds(10));

    public CelLimits {
        positive(maxStringLength, MAX_STRING_LENGTH);
        positive(maxListSize, MAX_LIST_SIZE);
        positive(maxIterations, MAX_ITERATIONS);
        positive(maxRegexProgramSize, MAX_REGEX_PROGRAM_SIZE);
        if (maxTotalStringLength < maxStringLength) {
            throw new IllegalArgumentException(
                    MAX_TOTAL_STRING_LENGTH + " must be at least " + MAX_STRING_LENGTH + " (" + maxStringLength + ")");
        }
        if (maxTotalListSize < maxListSize) {
            throw new IllegalArgumentException(
                    MAX_TOTAL_LIST_SIZE + " must be at least " + MAX_LIST_SIZE + " (" + maxListSize + ")");
        }
        positive(timeLimit, TIME_LIMIT);
        positive(totalTimeLimit, TOTAL_TIME_LIMIT);
    }

    /** These limits with another time limit per evaluation. */
    public CelLimits withTimeLimit(Duration limit) {
        return new CelLimits(
                maxStringLength,
                maxListSize,
                maxTotalStringLength,
                maxTotalListSize,
                maxIterations,
                maxRegexProgramSize,
                limit,
                totalTimeLimit);
    }

    private static void positive(long value, String setting) {
        if (value <= 0) {
            throw new IllegalArgumentException(setting + " must be positive: " + value);
        }
    }

    private static void positive(Duration value, String setting) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(setting + " must be positive: " + value);
        }
    }

    /** A duration as a person writes it: {@code 100 ms}, {@code 10 s}. */
    static String show(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 && millis > 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
