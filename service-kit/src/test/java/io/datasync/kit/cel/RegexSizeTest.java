package io.datasync.kit.cel;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegexSizeTest {

    /** Patterns RE2J compiles quickly, with what they are made of. */
    private static final List<String> ORDINARY = List.of(
            "a",
            "abc",
            "^\\d{3}-\\d{4}$",
            "(ab){3}",
            "(?:ab){3}",
            "(?P<year>\\d{4})-(?P<month>\\d{2})",
            "x{2,5}",
            "x{2,}",
            "(a{2}){3}",
            "[a-z]{1000}",
            "\\pL+\\p{Greek}*\\PN?",
            "[[:alpha:]]+[^a-z\\]]",
            "(?i)hello|world",
            "\\Qa.b*c\\E",
            "^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\\.[a-zA-Z]{2,}$",
            "(a|b|c|d|e|f|g|h){100}",
            "a{,3}",
            "[ab]".repeat(500));

    @Test
    void estimatesOrdinaryPatternsAtLeastAsLargeAsRe2jCompilesThem() {
        for (String pattern : ORDINARY) {
            int actual = Pattern.compile(pattern).programSize();
            assertThat(RegexSize.estimate(pattern, Long.MAX_VALUE - 1))
                    .as(pattern)
                    .isGreaterThanOrEqualTo(actual)
                    .isLessThanOrEqualTo(6L * actual + 10);
        }
    }

    @Test
    void multipliesNestedCountedRepetitionsWithoutCompilingThem() {
        assertThat(RegexSize.estimate("((a{1000}){1000}){1000}", 2000)).isGreaterThan(2000);
        assertThat(RegexSize.estimate("((a{1000}){1000}){1000}{1000}{1000}", Long.MAX_VALUE - 1))
                .isGreaterThan(1_000_000_000L);
        assertThat(RegexSize.estimate("(((((x{9}){9}){9}){9}){9}){9}", 2000)).isGreaterThan(2000);
    }

    @Test
    void longPatternsOfFlagsOrEmptyGroupsAreNotFree() {
        // Nothing to match, but long texts to parse and to keep in the pattern cache.
        assertThat(RegexSize.estimate("(?i)".repeat(5000), 2000)).isGreaterThan(2000);
        assertThat(RegexSize.estimate("(?:)".repeat(5000), 2000)).isGreaterThan(2000);
    }

    @Test
    void refusesGroupsNestedTooDeeply() {
        String deep = "(".repeat(RegexSize.MAX_DEPTH + 1) + "a" + ")".repeat(RegexSize.MAX_DEPTH + 1);
        assertThat(RegexSize.estimate(deep, Long.MAX_VALUE - 1)).isEqualTo(RegexSize.TOO_LARGE);
        String ok = "(".repeat(RegexSize.MAX_DEPTH) + "a" + ")".repeat(RegexSize.MAX_DEPTH);
        assertThat(RegexSize.estimate(ok, Long.MAX_VALUE - 1)).isLessThan(1000);
    }

    @Test
    void readsMalformedPatternsWithoutFailing() {
        for (String pattern : List.of("(", ")", "[", "\\", "a{", "a{1", "a{1,", "a{x}", "(?", "(?P<", "\\p{", "\\Q")) {
            assertThat(RegexSize.estimate(pattern, 2000)).as(pattern).isBetween(0L, 100L);
        }
    }

    @Test
    void repetitionIsTheLargestProductOfNestedCountedRepetitions() {
        assertThat(RegexSize.repetition("[a-z]{1000}")).isEqualTo(1000);
        assertThat(RegexSize.repetition("(a{100}){10}")).isEqualTo(1000);
        assertThat(RegexSize.repetition("((a{1000}){1000}){1000}")).isEqualTo(1_000_000_000L);
        assertThat(RegexSize.repetition("a{2,5}(b{3,}){2}")).isEqualTo(6);
        assertThat(RegexSize.repetition("\\{1000}[{]{2}(x)")).isEqualTo(2);
        assertThat(RegexSize.repetition("x{1,2,3}\\p{Greek}{7}")).isEqualTo(7);
    }
}
