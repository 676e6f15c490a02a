package io.datasync.kit.cel;

import com.google.protobuf.ByteString;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.cel.common.CelOptions;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelStandardFunctions;
import dev.cel.runtime.CelStandardFunctions.StandardFunction;
import dev.cel.runtime.CelStandardFunctions.StandardFunction.Overload.Arithmetic;
import dev.cel.runtime.CelStandardFunctions.StandardFunction.Overload.Comparison;
import dev.cel.runtime.CelStandardFunctions.StandardFunction.Overload.Conversions;
import dev.cel.runtime.RuntimeHelpers;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The standard CEL functions with the overloads that build strings and lists, or whose cost grows with their
 * input, replaced by versions that respect the {@link Evaluation}'s limits:
 *
 * <ul>
 *   <li>{@code _+_} on strings, bytes and lists checks the size of the result before building it;
 *   <li>{@code matches} estimates the program size of the regular expression before compiling it ({@link
 *       RegexSize}), checks the exact size after, and looks at the clock while matching;
 *   <li>{@code contains} searches long texts in linear time and looks at the clock while doing so (Java's {@code
 *       String.contains} is quadratic in the worst case);
 *   <li>{@code bytes(string)} gives the same bytes type as every other bytes value.
 * </ul>
 *
 * Everything else is cel-java's own standard library, filtered by the options as cel-java filters it when its
 * standard environment is enabled.
 */
final class LimitedFunctions {

    /** Patterns compiled by {@code matches}, by text; cleared when full (patterns are almost always constants). */
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private static final int PATTERN_CACHE_SIZE = 256;

    /** Longer patterns are not kept: the cache must stay small whatever patterns the records hold. */
    private static final int MAX_CACHED_PATTERN_LENGTH = 1024;

    /** Above this many character comparisons a naive search could make, {@code contains} searches in linear time. */
    private static final long NAIVE_SEARCH_LIMIT = 1L << 20;

    private LimitedFunctions() {}

    /** The standard functions without the overloads {@link #bindings()} replaces. */
    static CelStandardFunctions standardFunctions(CelOptions options) {
        return CelStandardFunctions.newBuilder()
                .filterFunctions((function, overload) -> {
                    if (function == StandardFunction.MATCHES || function == StandardFunction.CONTAINS) {
                        return false;
                    }
                    if (overload == Arithmetic.ADD_STRING
                            || overload == Arithmetic.ADD_BYTES
                            || overload == Arithmetic.ADD_LIST
                            || overload == Conversions.STRING_TO_BYTES) {
                        return false;
                    }
                    // What cel-java's standard environment leaves out under these options (CelRuntimeLegacyImpl).
                    if (overload == Conversions.INT64_TO_INT64) {
                        return options.enableUnsignedLongs();
                    }
                    if (overload == Conversions.INT64_TO_TIMESTAMP) {
                        return options.enableTimestampEpoch();
                    }
                    if (function == StandardFunction.STRING) {
                        return options.enableStringConversion();
                    }
                    if (overload instanceof Comparison comparison && comparison.isHeterogeneousComparison()) {
                        return options.enableHeterogeneousNumericComparisons();
                    }
                    return true;
                })
                .build();
    }

    /** The replacements, under the overload ids the type checker gives the standard declarations. */
    static List<CelFunctionBinding> bindings() {
        return List.of(
                CelFunctionBinding.from("add_string", String.class, String.class, LimitedFunctions::concat),
                CelFunctionBinding.from("add_bytes", ByteString.class, ByteString.class, LimitedFunctions::concat),
                CelFunctionBinding.from("add_list", List.class, List.class, LimitedFunctions::concat),
                // cel-java 0.11 gives CelByteString here but ByteString everywhere else (fields, b'' literals), so
                // bytes(s) + b'x' found no overload; ByteString, like the rest.
                CelFunctionBinding.from("string_to_bytes", String.class, ByteString::copyFromUtf8),
                CelFunctionBinding.from("matches", String.class, String.class, LimitedFunctions::matches),
                CelFunctionBinding.from("matches_string", String.class, String.class, LimitedFunctions::matches),
                CelFunctionBinding.from("contains_string", String.class, String.class, LimitedFunctions::contains));
    }

    private static String concat(String a, String b) throws CelEvaluationException {
        Evaluation.current().buildingText(a.length() + (long) b.length(), "a string");
        return a.concat(b);
    }

    private static ByteString concat(ByteString a, ByteString b) throws CelEvaluationException {
        Evaluation.current().buildingText(a.size() + (long) b.size(), "bytes");
        return a.concat(b);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<?> concat(List a, List b) throws CelEvaluationException {
        Evaluation evaluation = Evaluation.current();
        long[] size = evaluation.buildingList(a, b);
        // RuntimeHelpers.concat is the standard overload's own implementation: it appends in place to the view
        // cel-java accumulates map and filter results in, which keeps them linear.
        List<?> result = RuntimeHelpers.concat(a, b);
        evaluation.builtList(result, size, result == a ? b.size() : result.size(), result == a);
        return result;
    }

    private static boolean matches(String text, String regex) throws CelEvaluationException {
        Evaluation evaluation = Evaluation.current();
        Pattern pattern = compile(regex, evaluation);
        try {
            // Partial match, as cel-java's standard overload under CelOptions.current().
            return pattern.matcher(new TimedText(text, evaluation)).find();
        } catch (CelExpression.LimitExceededException e) {
            throw new CelEvaluationException(e.getMessage(), e);
        }
    }

    private static Pattern compile(String regex, Evaluation evaluation) throws CelEvaluationException {
        Pattern cached = PATTERNS.get(regex);
        int limit = evaluation.limits().maxRegexProgramSize();
        if (cached == null) {
            if (RegexSize.estimate(regex, limit) > limit) {
                throw tooLarge(regex, evaluation);
            }
            try {
                cached = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new CelEvaluationException("invalid regular expression: " + e.getMessage(), e);
            }
            if (regex.length() <= MAX_CACHED_PATTERN_LENGTH) {
                if (PATTERNS.size() >= PATTERN_CACHE_SIZE) {
                    PATTERNS.clear();
                }
                PATTERNS.put(regex, cached);
            }
        }
        // Checked on every use: the cache is shared by evaluations with different limits.
        if (cached.programSize() > limit) {
            throw tooLarge(regex, evaluation);
        }
        return cached;
    }

    private static CelEvaluationException tooLarge(String regex, Evaluation evaluation) {
        String shown = regex.length() > 60 ? regex.substring(0, 60) + "…" : regex;
        return evaluation.failure(
                "the regular expression '" + shown + "' is larger than "
                        + evaluation.limits().maxRegexProgramSize() + " RE2 instructions or nests groups more than "
                        + RegexSize.MAX_DEPTH + " deep",
                CelLimits.MAX_REGEX_PROGRAM_SIZE);
    }

    private static boolean contains(String text, String part) throws CelEvaluationException {
        if ((long) text.length() * part.length() <= NAIVE_SEARCH_LIMIT) {
            return text.contains(part);
        }
        Evaluation evaluation = Evaluation.current();
        try {
            return indexOf(text, part, evaluation) >= 0;
        } catch (CelExpression.LimitExceededException e) {
            throw new CelEvaluationException(e.getMessage(), e);
        }
    }

    /** Knuth-Morris-Pratt: linear in both lengths, looking at the clock every 64K steps. */
    static int indexOf(String text, String part, Evaluation evaluation) {
        int m = part.length();
        if (m == 0) {
            return 0;
        }
        int[] fallback = new int[m];
        for (int i = 1, k = 0; i < m; i++) {
            while (k > 0 && part.charAt(i) != part.charAt(k)) {
                k = fallback[k - 1];
            }
            if (part.charAt(i) == part.charAt(k)) {
                k++;
            }
            fallback[i] = k;
        }
        long steps = 0;
        for (int i = 0, k = 0; i < text.length(); i++) {
            while (k > 0 && text.charAt(i) != part.charAt(k)) {
                k = fallback[k - 1];
                steps++;
            }
            if (text.charAt(i) == part.charAt(k)) {
                k++;
            }
            if (k == m) {
                return i - m + 1;
            }
            if ((++steps & 0xFFFF) == 0) {
                evaluation.checkTime();
            }
        }
        return -1;
    }

    /** The text a regular expression reads, looking at the clock every 4096 characters read. */
    private static final class TimedText implements CharSequence {

        private final String text;
        private final Evaluation evaluation;
        private int reads;

        TimedText(String text, Evaluation evaluation) {
            this.text = text;
            this.evaluation = evaluation;
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 0xFFF) == 0) {
                evaluation.checkTime();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new TimedText(text.substring(start, end), evaluation);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
