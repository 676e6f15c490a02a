package io.datasync.kit.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.kit.cel.CelExpression.LimitExceededException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/**
 * Hostile expressions end in a {@link LimitExceededException} naming the limit and its setting, never in an
 * OutOfMemoryError or an evaluation that does not come back; ordinary expressions, also over fairly large values,
 * still work. The limits are the defaults, except that tests of other limits give the time limit a minute: cel-java
 * interprets a comprehension step in microseconds once compiled by the JIT, but in up to tens of microseconds before,
 * and such a test must fail on the limit it is about, not on the clock.
 */
@SuppressWarnings("unchecked")
class CelLimitsTest {

    private static final CelLimits DEFAULTS = CelLimits.DEFAULTS;

    /** The defaults with a time limit no test of the other limits reaches. */
    private static final CelLimits RELAXED = DEFAULTS.withTimeLimit(Duration.ofMinutes(1));

    /** Ten elements: nested comprehensions over it multiply the iterations by ten per level. */
    private static final String TEN = "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]";

    // --- ordinary expressions -----------------------------------------------------------------------------------

    @Test
    void ordinaryExpressionsWorkWithinTheDefaults() {
        CelExpression condition = CelExpressions.compile(
                "amount > 100 && status == 'paid' && (tier == 'gold' || amount * 2.5 > 500)", DEFAULTS);
        assertThat(condition.test(Map.of("amount", 250, "status", "paid", "tier", "silver")))
                .isTrue();
        assertThat(evaluate(
                        "email.matches('^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\\\\.[a-zA-Z]{2,}$')",
                        Map.of("email", "a.b@example.org"), DEFAULTS))
                .isEqualTo(true);
        assertThat(evaluate("{'a': [name + '!'], 'b': size(name)}", Map.of("name", "ada"), DEFAULTS))
                .isEqualTo(Map.of("a", List.of("ada!"), "b", 3L));
        assertThat(evaluate("[1, 2, 3].map(a, [4, 5].map(b, a * b))", Map.of(), DEFAULTS))
                .isEqualTo(List.of(List.of(4L, 5L), List.of(8L, 10L), List.of(12L, 15L)));
        assertThat((List<Object>)
                        evaluate("items.filter(i, i % 3 == 0).map(i, i * 2)", Map.of("items", numbers(600)), DEFAULTS))
                .hasSize(200)
                .startsWith(0L, 6L, 12L);
        assertThat(evaluate("text + text", Map.of("text", "x".repeat(200_000)), DEFAULTS))
                .asString()
                .hasSize(400_000);
    }

    @Test
    void expressionsBuildingFairlyLargeValuesStillWork() {
        String half = "x".repeat(500_000);
        List<Long> items = numbers(20_000);
        assertThat(evaluate("text + text", Map.of("text", half))).asString().hasSize(1_000_000);
        assertThat((List<Object>) evaluate("items.map(i, i * 2)", Map.of("items", items)))
                .hasSize(20_000)
                .startsWith(0L, 2L, 4L);
        assertThat((List<?>) evaluate("items.filter(i, i % 2 == 0) + [1]", Map.of("items", items)))
                .hasSize(10_001);
        assertThat(evaluate("items.exists(i, i == 19999) && size(items) == 20000", Map.of("items", items)))
                .isEqualTo(true);
        assertThat(evaluate("text.contains('xy') || text.matches('^x+$')", Map.of("text", half)))
                .isEqualTo(true);
        assertThat((byte[]) evaluate("bytes(text) + b'!'", Map.of("text", half)))
                .hasSize(500_001);
    }

    @Test
    void valuesReadFromTheRecordAreNotLimitedOnlyWhatIsBuiltFromThem() {
        String large = "y".repeat(3_000_000);
        List<Long> many = numbers(300_000);
        assertThat(evaluate("doc", Map.of("doc", large))).isSameAs(large);
        assertThat(evaluate("size(doc) > 10 && doc.startsWith('y')", Map.of("doc", large)))
                .isEqualTo(true);
        assertThat((List<?>) evaluate("items", Map.of("items", many))).hasSize(300_000);
        assertThat(evaluate("size(items) + items[299999]", Map.of("items", many)))
                .isEqualTo(300_000L + 299_999L);
        assertThatLimit("doc + '!'", Map.of("doc", large), CelLimits.MAX_STRING_LENGTH);
    }

    // --- sizes ---------------------------------------------------------------------------------------------------

    @Test
    void aStringLongerThanTheLimitIsRefusedBeforeItIsBuilt() {
        assertThatLimit("s + s + s + s", Map.of("s", "z".repeat(300_000)), CelLimits.MAX_STRING_LENGTH)
                .hasMessage("the expression built a string longer than 1048576 characters"
                        + " (datasync.service.cel.max-string-length)");
    }

    @Test
    void bytesCountLikeStrings() {
        assertThatLimit("b + b + b", Map.of("b", new byte[400_000]), CelLimits.MAX_STRING_LENGTH)
                .hasMessageContaining("built bytes longer than 1048576 bytes");
        assertThatLimit("bytes(s + s) + bytes(s + s)", Map.of("s", "q".repeat(300_000)), CelLimits.MAX_STRING_LENGTH);
    }

    @Test
    void manyStringsEachUnderTheLimitAreRefusedTogether() {
        // Twenty strings of one million characters each, each thrown away at once: each is allowed, but they are
        // twenty million characters together.
        assertThatLimit(
                        "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19].all(i, size(s + s) > 0)",
                        Map.of("s", "w".repeat(500_000)),
                        CelLimits.MAX_TOTAL_STRING_LENGTH)
                .hasMessage("the expression built more than 8388608 characters of text in all"
                        + " (datasync.service.cel.max-total-string-length)");
        // Kept in one list, they are refused as soon as the list holds more than the limit of text.
        assertThatLimit(
                "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(i, s + s)",
                Map.of("s", "w".repeat(500_000)),
                CelLimits.MAX_STRING_LENGTH);
    }

    @Test
    void listConcatenationIsRefusedPastTheListLimit() {
        assertThatLimit("items + items + items", Map.of("items", numbers(40_000)), CelLimits.MAX_LIST_SIZE)
                .hasMessage("the expression built a list or map of more than 100000 elements, nested ones included"
                        + " (datasync.service.cel.max-list-size)");
    }

    @Test
    void manyListsEachUnderTheLimitAreRefusedTogether() {
        // A thousand lists of a thousand elements, each thrown away at once: a million elements in all.
        assertThatLimit(
                nested(TEN, 3, "size(items + [a0]) > 0"),
                Map.of("items", numbers(1_000)),
                CelLimits.MAX_TOTAL_LIST_SIZE);
        // Kept, they are refused as soon as the list of lists holds more than the limit.
        assertThatLimit(
                TEN + ".map(a, " + TEN + ".map(b, items + [a, b]))",
                Map.of("items", numbers(1_000)),
                CelLimits.MAX_LIST_SIZE);
    }

    @Test
    void aListSharingOneValueManyTimesCountsItEveryTime() {
        // Each step doubles the logical size without copying anything: 2^40 elements after 40 steps, which a
        // comparison or a conversion of the result would walk.
        StringBuilder expression = new StringBuilder("[[0]]");
        for (int i = 0; i < 40; i++) {
            expression
                    .append(".map(a")
                    .append(i)
                    .append(", [a")
                    .append(i)
                    .append(", a")
                    .append(i)
                    .append("])");
        }
        assertThatLimit(expression.toString(), Map.of(), CelLimits.MAX_LIST_SIZE);
        assertThatLimit(
                "[1, 2, 3, 4, 5, 6, 7, 8].map(i, [doc, doc, doc, doc]) == []",
                Map.of("doc", "d".repeat(100_000)),
                CelLimits.MAX_STRING_LENGTH);
    }

    @Test
    void aRecordValueRepeatedInTheResultCountsAsBuilt() {
        assertThatLimit("[1, 2, 3].map(i, items)", Map.of("items", numbers(50_000)), CelLimits.MAX_LIST_SIZE);
        assertThatLimit("lists[0]", Map.of("lists", List.of(numbers(150_000))), CelLimits.MAX_LIST_SIZE)
                .hasMessageContaining("the result holds more than 100000 list or map elements");
    }

    // --- iterations ------------------------------------------------------------------------------------------

    @Test
    void nestedComprehensionsStopAtTheIterationLimit() {
        assertThatLimit(
                        nested(TEN, 6, "true"), // a million iterations
                        Map.of(),
                        CelLimits.MAX_ITERATIONS)
                .hasMessage("the expression ran more than 100000 comprehension iterations"
                        + " (datasync.service.cel.max-iterations)");
    }

    @Test
    void mapOverAHugeGeneratedListStopsAtTheIterationLimit() {
        assertThatLimit(
                TEN + ".map(a, " + TEN + ".map(b, " + TEN + ".map(c, " + TEN + ".map(d, " + TEN + ".map(e, " + TEN
                        + ".map(f, a + b + c + d + e + f))))))",
                Map.of(),
                CelLimits.MAX_ITERATIONS);
    }

    @Test
    void aBreachCannotBeHiddenByOrAndOrAComprehension() {
        String broken = "size(s + s + s) > 0";
        Map<String, Object> record = Map.of("s", "h".repeat(400_000));
        assertThatLimit(broken + " || true", record, CelLimits.MAX_STRING_LENGTH);
        assertThatLimit("(" + broken + " ? 1 : 2) == 3 || true", record, CelLimits.MAX_STRING_LENGTH);
        assertThatLimit("[1, 2].exists(i, i == 2 || " + broken + ")", record, CelLimits.MAX_STRING_LENGTH);
        assertThatLimit("[1, 2].exists(i, " + broken + " || i == 2)", record, CelLimits.MAX_STRING_LENGTH);
        assertThatLimit("[1, 2].all(i, " + broken + " && false)", record, CelLimits.MAX_STRING_LENGTH);
    }

    @Test
    void aConditionThatBreaksALimitIsThrownNotFalse() {
        CelExpression condition = CelExpressions.compile("size(s + s + s) > 0", RELAXED);
        Map<String, Object> record = Map.of("s", "h".repeat(400_000));
        assertThatThrownBy(() -> condition.test(record)).isInstanceOf(LimitExceededException.class);
        assertThat(CelExpressions.compile("amount > 1").test(Map.of("amount", "text")))
                .isFalse();
    }

    // --- regular expressions -------------------------------------------------------------------------------------

    @Test
    void aRegularExpressionThatWouldExhaustTheHeapIsRefusedBeforeItIsCompiled() {
        // RE2J needs more than the heap for this one: a billion instructions.
        assertThatLimit("'a'.matches('((a{1000}){1000}){1000}')", Map.of(), CelLimits.MAX_REGEX_PROGRAM_SIZE)
                .hasMessageContaining("the regular expression '((a{1000}){1000}){1000}' is larger than 2000");
        assertThatLimit("matches(s, p)", Map.of("s", "a", "p", "(x{500}){500}"), CelLimits.MAX_REGEX_PROGRAM_SIZE);
        assertThatLimit(
                "s.matches(p)",
                Map.of("s", "a", "p", "(".repeat(5000) + "a" + ")".repeat(5000)),
                CelLimits.MAX_REGEX_PROGRAM_SIZE);
        assertThatLimit("s.matches(p)", Map.of("s", "a", "p", "[ab]".repeat(20_000)), CelLimits.MAX_REGEX_PROGRAM_SIZE);
    }

    @Test
    void aRegularExpressionJustOverTheLimitIsRefusedAfterCompiling() {
        CelLimits small = limits(1_048_576, 100_000, 100_000, 50, Duration.ofSeconds(5));
        assertThat(evaluate("s.matches('^[a-z]{40}$')", Map.of("s", "a".repeat(40)), small))
                .isEqualTo(true);
        assertThatThrownBy(() -> evaluate("s.matches('^[a-z]{60}$')", Map.of("s", "a".repeat(60)), small))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageEndingWith("(datasync.service.cel.max-regex-program-size)");
        assertThatThrownBy(() -> evaluate("'a'.matches('(')", Map.of()))
                .isInstanceOf(CelExpression.EvaluationException.class)
                .isNotInstanceOf(LimitExceededException.class)
                .hasMessageContaining("invalid regular expression");
    }

    // --- time ----------------------------------------------------------------------------------------------------

    @Test
    void anEvaluationThatComputesTooLongIsStopped() {
        // A billion iterations with the iteration limit out of the way: only the time limit stops it.
        CelLimits unboundedIterations = limits(1_048_576, 100_000, Integer.MAX_VALUE, 10_000, Duration.ofMillis(50));
        assertThatThrownBy(() -> evaluate(nested(TEN, 9, "a0 >= 0"), Map.of(), unboundedIterations))
                .isInstanceOf(LimitExceededException.class)
                .hasMessage("evaluation took longer than 50 ms of processor time (datasync.service.cel.time-limit)")
                .extracting(e -> ((LimitExceededException) e).setting())
                .isEqualTo(CelLimits.TIME_LIMIT);
    }

    @Test
    void aSlowRegularExpressionMatchIsStoppedWhileItRuns() {
        // About a thousand instructions per character over two million characters: seconds of matching in one call.
        CelLimits limits = limits(4_194_304, 100_000, 100_000, 10_000, Duration.ofMillis(50));
        Map<String, Object> record = Map.of("s", "ab".repeat(1_000_000));
        assertThatThrownBy(() -> evaluate("s.matches('(?:[ab]{1,2}c){300}')", record, limits))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageContaining("(datasync.service.cel.time-limit)");
    }

    @Test
    void containsSearchesLongTextsInLinearTime() {
        // Quadratic for a naive search: half a million comparisons for each of half a million positions.
        Map<String, Object> record = Map.of("s", "a".repeat(1_000_000), "t", "a".repeat(500_000) + "b");
        assertThat(evaluate("s.contains(t)", record)).isEqualTo(false);
        assertThat(evaluate("(s + 'b').contains(t)", Map.of("s", "a".repeat(700_000), "t", record.get("t"))))
                .isEqualTo(true);
    }

    @Test
    void manyEvaluationsShareTheTotalTimeLimit() {
        CelExpression expression = CelExpressions.compile(nested(TEN, 2, "true"));
        List<Integer> done = new ArrayList<>();
        assertThatThrownBy(() -> CelExpressions.withinTotalTimeLimit(Duration.ofMillis(200), () -> {
                    for (int i = 0; i < 1_000_000; i++) {
                        expression.evaluate(Map.of());
                        done.add(i);
                    }
                    return null;
                }))
                .isInstanceOf(LimitExceededException.class)
                .hasMessage("the expressions took longer than 200 ms of processor time in all"
                        + " (datasync.service.cel.total-time-limit)");
        assertThat(done).isNotEmpty().hasSizeLessThan(1_000_000);
        // Outside the scope, the same expression runs again.
        assertThat(expression.evaluate(Map.of())).isEqualTo(true);
    }

    // --- configuration ---------------------------------------------------------------------------------------

    @Test
    void limitsGivenAtCompileTimeApplyToThatExpressionOnly() {
        CelLimits tight = limits(10, 100_000, 100_000, 10_000, Duration.ofSeconds(5));
        assertThatThrownBy(() -> evaluate("s + s", Map.of("s", "123456"), tight))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageStartingWith("the expression built a string longer than 10 characters");
        assertThat(evaluate("s + s", Map.of("s", "123456"))).isEqualTo("123456123456");
        assertThat(CelExpressions.compile("s + s", tight).limits()).isEqualTo(tight);
        assertThat(CelExpressions.compile("s + s").limits()).isEqualTo(CelExpressions.limits());
    }

    @Test
    void refusesLimitsThatCannotWork() {
        assertThatThrownBy(() -> limits(0, 1, 1, 1, Duration.ofMillis(1)))
                .hasMessageContaining(CelLimits.MAX_STRING_LENGTH);
        assertThatThrownBy(() -> new CelLimits(100, 10, 50, 10, 1, 1, Duration.ofMillis(1), Duration.ofMillis(1)))
                .hasMessageContaining(CelLimits.MAX_TOTAL_STRING_LENGTH);
        assertThatThrownBy(() -> limits(1, 1, 1, 1, Duration.ZERO)).hasMessageContaining(CelLimits.TIME_LIMIT);
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static Object evaluate(String expression, Map<String, ?> record) {
        return evaluate(expression, record, RELAXED);
    }

    private static Object evaluate(String expression, Map<String, ?> record, CelLimits limits) {
        return CelExpressions.compile(expression, limits).evaluate(record);
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertThatLimit(
            String expression, Map<String, ?> record, String setting) {
        return assertThatThrownBy(() -> evaluate(expression, record))
                .isInstanceOf(LimitExceededException.class)
                .hasMessageEndingWith("(" + setting + ")")
                .satisfies(
                        e -> assertThat(((LimitExceededException) e).setting()).isEqualTo(setting));
    }

    /** Limits with the given values and totals eight and ten times the per-value ones. */
    private static CelLimits limits(
            int maxStringLength, int maxListSize, int maxIterations, int maxRegexProgramSize, Duration timeLimit) {
        return new CelLimits(
                maxStringLength,
                maxListSize,
                8L * maxStringLength,
                10L * maxListSize,
                maxIterations,
                maxRegexProgramSize,
                timeLimit,
                Duration.ofSeconds(10));
    }

    /** {@code range.all(a0, range.all(a1, … body))}, {@code levels} deep. */
    private static String nested(String range, int levels, String body) {
        String expression = body;
        for (int level = levels - 1; level >= 0; level--) {
            expression = range + ".all(a" + level + ", " + expression + ")";
        }
        return expression;
    }

    private static List<Long> numbers(int count) {
        return IntStream.range(0, count).mapToObj(i -> (long) i).collect(Collectors.toList());
    }
}
