package io.datasync.kit.cel;

/**
 * Estimates the RE2 program size of a regular expression from its text, before it is compiled. RE2J checks the
 * program size only after compiling, and compiling can itself exhaust the heap: {@code ((a{1000}){1000}){1000}} is 23
 * characters and a program of a billion instructions. The estimate follows how RE2 compiles: one instruction per
 * literal, class or anchor, a few per group, repetition or alternative, and a counted repetition {@code x{n,m}}
 * copies {@code x} {@code max(n, m)} times. It is meant to be close, not exact: the exact size is checked after
 * compiling, once the estimate shows compiling is safe. Groups nested more than {@value #MAX_DEPTH} deep are refused
 * outright (RE2J compiles them recursively).
 *
 * <p>The same scan also gives the largest product of nested counted repetitions ({@link #repetition}), the bound the
 * quality engine puts on users' format patterns. Both read escapes, classes and repetitions one way.
 */
public final class RegexSize {

    /** Deepest group nesting accepted. */
    static final int MAX_DEPTH = 100;

    /** What the estimate gives for a pattern that must not be compiled whatever the limit. */
    static final long TOO_LARGE = Long.MAX_VALUE;

    private RegexSize() {}

    /**
     * The estimated program size, stopping early once it is over {@code limit}; {@link #TOO_LARGE} when groups nest
     * too deeply.
     */
    static long estimate(String pattern, long limit) {
        long[] total = new long[MAX_DEPTH + 2];
        long[] last = new long[MAX_DEPTH + 2];
        boolean[] capturing = new boolean[MAX_DEPTH + 2];
        int depth = 0;
        int n = pattern.length();
        int i = 0;
        while (i < n) {
            char c = pattern.charAt(i);
            long atom = -1;
            switch (c) {
                case '\\' -> {
                    int end = escapeEnd(pattern, i);
                    atom = pattern.startsWith("\\Q", i) ? Math.max(1, end - i - 4) : 1;
                    i = end;
                }
                case '[' -> {
                    int end = classEnd(pattern, i);
                    // One instruction holds the ranges, but a long class still costs parsing and memory.
                    atom = 1 + (end - i) / 8;
                    i = end;
                }
                case '(' -> {
                    int end = groupStart(pattern, i);
                    if (pattern.charAt(end - 1) == ')') {
                        // A flag group such as (?i) sets flags and matches nothing, but still costs parsing.
                        total[depth] = saturatedAdd(total[depth], 1);
                        i = end;
                        continue;
                    }
                    if (++depth > MAX_DEPTH) {
                        return TOO_LARGE;
                    }
                    total[depth] = 0;
                    last[depth] = 0;
                    capturing[depth] = end == i + 1 || pattern.charAt(end - 1) == '>';
                    i = end;
                    continue;
                }
                case ')' -> {
                    if (depth == 0) {
                        // Unbalanced: RE2J will refuse it; count it as a literal meanwhile.
                        atom = 1;
                        i++;
                    } else {
                        // A capturing group adds two instructions that record where it matched; even an empty group
                        // costs something.
                        atom = Math.max(1, saturatedAdd(total[depth], capturing[depth] ? 2 : 0));
                        depth--;
                        i++;
                    }
                }
                case '|' -> {
                    total[depth] += 1;
                    last[depth] = 0;
                    i++;
                    continue;
                }
                case '*', '+', '?' -> {
                    total[depth] += 1;
                    i++;
                    if (i < n && pattern.charAt(i) == '?') {
                        i++;
                    }
                    continue;
                }
                case '{' -> {
                    int[] repeat = repeat(pattern, i);
                    if (repeat == null) {
                        atom = 1;
                        i++;
                    } else {
                        // x{n,m} is n copies of x and m-n optional ones; x{n,} is n copies and a loop.
                        boolean unbounded = repeat[1] < 0;
                        long copies = Math.max(1, unbounded ? repeat[0] : repeat[1]);
                        long extra = unbounded ? 1 : Math.max(0, repeat[1] - repeat[0]);
                        total[depth] = saturatedAdd(
                                total[depth], saturatedAdd(saturatedMultiply(last[depth], copies - 1), extra));
                        last[depth] = saturatedAdd(saturatedMultiply(last[depth], copies), extra);
                        i = repeat[2];
                        if (i < n && pattern.charAt(i) == '?') {
                            i++;
                        }
                        if (total[depth] > limit) {
                            return total[depth];
                        }
                        continue;
                    }
                }
                default -> {
                    atom = 1;
                    i++;
                }
            }
            total[depth] = saturatedAdd(total[depth], atom);
            last[depth] = atom;
            if (total[depth] > limit) {
                return total[depth];
            }
        }
        long size = 0;
        for (int d = 0; d <= depth; d++) {
            size = saturatedAdd(size, total[d]);
        }
        // RE2 adds a match and a fail instruction.
        return saturatedAdd(size, 2);
    }

    /**
     * The largest product of nested counted repetitions ({@code x{n}}, {@code x{n,m}}, {@code x{n,}}) in a pattern:
     * what RE2 expands them into. Read from the text before compiling, because compiling {@code ((a{1000}){1000})}
     * alone exhausts the heap. Escapes and character classes are skipped; a brace that is not a repetition counts as
     * a literal.
     */
    public static long repetition(String pattern) {
        int n = pattern.length();
        long[] levelMax = new long[n + 2];
        int depth = 0;
        levelMax[0] = 1;
        long last = 1;
        int i = 0;
        while (i < n) {
            char c = pattern.charAt(i);
            int[] repeat;
            if (c == '\\') {
                i = escapeEnd(pattern, i);
                last = 1;
            } else if (c == '[') {
                i = classEnd(pattern, i);
                last = 1;
            } else if (c == '(') {
                levelMax[++depth] = 1;
                i++;
                last = 1;
            } else if (c == ')' && depth > 0) {
                last = levelMax[depth--];
                levelMax[depth] = Math.max(levelMax[depth], last);
                i++;
            } else if (c == '{' && (repeat = repeat(pattern, i)) != null) {
                // x{n,m} expands into max(n, m) copies of x, x{n,} into n.
                long count = repeat[1] < 0 ? repeat[0] : Math.max(repeat[0], repeat[1]);
                last = Math.min(Long.MAX_VALUE / 2, last * Math.max(1, count));
                levelMax[depth] = Math.max(levelMax[depth], last);
                i = repeat[2];
            } else {
                last = 1;
                i++;
            }
        }
        long max = 1;
        for (int d = 0; d <= depth; d++) {
            max = Math.max(max, levelMax[d]);
        }
        return max;
    }

    /** The index after an escape: {@code \d}, {@code \pL}, {@code \p{Greek}}, {@code \x{41}}, {@code \Q…\E}. */
    private static int escapeEnd(String pattern, int at) {
        int n = pattern.length();
        if (at + 1 >= n) {
            return n;
        }
        char kind = pattern.charAt(at + 1);
        if (kind == 'Q') {
            int end = pattern.indexOf("\\E", at + 2);
            return end < 0 ? n : end + 2;
        }
        if ((kind == 'p' || kind == 'P' || kind == 'x') && at + 2 < n && pattern.charAt(at + 2) == '{') {
            int end = pattern.indexOf('}', at + 3);
            return end < 0 ? n : end + 1;
        }
        if ((kind == 'p' || kind == 'P') && at + 2 < n) {
            return at + 3;
        }
        return at + 2;
    }

    /** The index after a character class starting at {@code at}, with escapes and {@code [:alpha:]} inside. */
    private static int classEnd(String pattern, int at) {
        int n = pattern.length();
        int i = at + 1;
        if (i < n && pattern.charAt(i) == '^') {
            i++;
        }
        if (i < n && pattern.charAt(i) == ']') {
            i++;
        }
        while (i < n) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i = escapeEnd(pattern, i);
            } else if (c == '[' && i + 1 < n && pattern.charAt(i + 1) == ':') {
                int end = pattern.indexOf(":]", i + 2);
                i = end < 0 ? i + 1 : end + 2;
            } else if (c == ']') {
                return i + 1;
            } else {
                i++;
            }
        }
        return n;
    }

    /**
     * The index after a group's opening: {@code (}, {@code (?:}, {@code (?P<name>}, {@code (?i:}; for a flag group
     * {@code (?i)} the index after its {@code )}.
     */
    private static int groupStart(String pattern, int at) {
        int n = pattern.length();
        if (at + 1 >= n || pattern.charAt(at + 1) != '?') {
            return at + 1;
        }
        if (pattern.startsWith("?P<", at + 1) || pattern.startsWith("?<", at + 1)) {
            int end = pattern.indexOf('>', at + 3);
            return end < 0 ? n : end + 1;
        }
        int i = at + 2;
        while (i < n && pattern.charAt(i) != ':' && pattern.charAt(i) != ')') {
            i++;
        }
        return Math.min(n, i + 1);
    }

    /**
     * {@code {n}}, {@code {n,}} or {@code {n,m}} at {@code at} as {min, max, end}, max -1 when unbounded; null when
     * it is a literal brace.
     */
    private static int[] repeat(String pattern, int at) {
        int n = pattern.length();
        int i = at + 1;
        int min = 0;
        int digits = 0;
        while (i < n && Character.isDigit(pattern.charAt(i)) && digits < 9) {
            min = min * 10 + (pattern.charAt(i++) - '0');
            digits++;
        }
        if (digits == 0 || i >= n) {
            return null;
        }
        int max = min;
        if (pattern.charAt(i) == ',') {
            i++;
            int maxDigits = 0;
            max = 0;
            while (i < n && Character.isDigit(pattern.charAt(i)) && maxDigits < 9) {
                max = max * 10 + (pattern.charAt(i++) - '0');
                maxDigits++;
            }
            if (maxDigits == 0) {
                max = -1;
            }
        }
        if (i >= n || pattern.charAt(i) != '}') {
            return null;
        }
        return new int[] {min, max, i + 1};
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? TOO_LARGE : sum;
    }

    private static long saturatedMultiply(long a, long b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        return a > TOO_LARGE / b ? TOO_LARGE : a * b;
    }
}
