package io.datasync.kit.quality;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.datasync.kit.cel.RegexSize;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.json.JsonMapper;

/**
 * The built-in formats of format checks, and the guards on the patterns users give. The built-in ones are tested by
 * hand-written scanners rather than regular expressions: the gate runs them on every row, and a scan costs a fraction
 * of a match. Each scanner accepts exactly what its {@code *_REGEX} (used by {@link PostLoadSql}) matches.
 *
 * <p>Users' regular expressions are RE2 (linear time whatever the pattern and the text, so one value cannot hold a
 * run) and are refused before compiling when they would compile into a huge program.
 */
final class Formats {

    /**
     * A practical email address, not RFC 5322's: dot-separated atoms of letters, digits and {@code _%+'-} before the
     * one {@code @}, then host labels (letters, digits, inner hyphens) and a top-level domain of 2-63 letters.
     */
    static final String EMAIL_REGEX = "^[A-Za-z0-9_%+'-]+(\\.[A-Za-z0-9_%+'-]+)*"
            + "@[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\\.[A-Za-z]{2,63}$";

    /** Lenient E.164: an optional {@code +}, then 7-20 digits, spaces, parentheses and hyphens, of them 7-15 digits. */
    static final String PHONE_REGEX = "^\\+?[0-9 ()-]{7,20}$";

    static final String UUID_REGEX = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$";

    /** Largest product of nested counted repetitions, as RE2 itself limits it: {@code (a{100}){10}} is 1000. */
    static final int MAX_REPETITION = 1000;

    /** Largest RE2 program of a user's pattern, in instructions. */
    static final int MAX_PROGRAM_SIZE = 50_000;

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Formats() {}

    static boolean isEmail(String text) {
        int at = text.indexOf('@');
        if (at <= 0 || text.indexOf('@', at + 1) >= 0) {
            return false;
        }
        // Local part: atoms separated by single dots.
        boolean atomStart = true;
        for (int i = 0; i < at; i++) {
            char c = text.charAt(i);
            if (c == '.') {
                if (atomStart) {
                    return false;
                }
                atomStart = true;
            } else if (localChar(c)) {
                atomStart = false;
            } else {
                return false;
            }
        }
        if (atomStart) {
            return false;
        }
        // Domain: at least two labels, the last letters only.
        int labels = 0;
        int start = at + 1;
        int n = text.length();
        while (true) {
            int end = text.indexOf('.', start);
            if (end < 0) {
                end = n;
            }
            if (!label(text, start, end)) {
                return false;
            }
            labels++;
            if (end == n) {
                return labels >= 2 && topLevel(text, start, end);
            }
            start = end + 1;
        }
    }

    private static boolean localChar(char c) {
        return asciiLetterOrDigit(c) || c == '_' || c == '%' || c == '+' || c == '\'' || c == '-';
    }

    private static boolean label(String text, int start, int end) {
        if (end <= start || text.charAt(start) == '-' || text.charAt(end - 1) == '-') {
            return false;
        }
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (!asciiLetterOrDigit(c) && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean topLevel(String text, int start, int end) {
        if (end - start < 2 || end - start > 63) {
            return false;
        }
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean asciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    static boolean isPhone(String text) {
        int from = !text.isEmpty() && text.charAt(0) == '+' ? 1 : 0;
        int length = text.length() - from;
        if (length < 7 || length > 20) {
            return false;
        }
        int digits = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c != ' ' && c != '(' && c != ')' && c != '-') {
                return false;
            }
        }
        return digits >= 7 && digits <= 15;
    }

    /** The canonical form: 8-4-4-4-12 hexadecimal digits, either case. */
    static boolean isUuid(String text) {
        if (text.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return false;
                }
            } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    /** An absolute http or https URI with a host. */
    static boolean isUrl(String text) {
        if (text.length() < 8
                || !(text.regionMatches(true, 0, "http://", 0, 7) || text.regionMatches(true, 0, "https://", 0, 8))) {
            return false;
        }
        try {
            URI uri = new URI(text);
            return uri.getHost() != null && !uri.getHost().isEmpty();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** One JSON value, and nothing after it. */
    static boolean isJson(String text) {
        try (JsonParser parser = MAPPER.createParser(text)) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (JacksonException e) {
            return false;
        }
    }

    /**
     * A user's regular expression compiled to match the whole text.
     *
     * @throws IllegalArgumentException saying what is wrong: too long, too large once compiled, or not RE2 syntax
     */
    static Pattern regex(String pattern) {
        if (pattern.length() > CheckKind.Format.MAX_PATTERN_CHARS) {
            throw new IllegalArgumentException(
                    "is " + pattern.length() + " characters; at most " + CheckKind.Format.MAX_PATTERN_CHARS);
        }
        long repetition = RegexSize.repetition(pattern);
        if (repetition > MAX_REPETITION) {
            throw new IllegalArgumentException("repeats too much: nested counted repetitions multiply to " + repetition
                    + ", at most " + MAX_REPETITION);
        }
        Pattern compiled;
        try {
            compiled = Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                    "is not a regular expression (RE2 syntax: no backreferences or lookaround): " + e.getMessage());
        }
        if (compiled.programSize() > MAX_PROGRAM_SIZE) {
            throw new IllegalArgumentException(
                    "is too large: " + compiled.programSize() + " RE2 instructions, at most " + MAX_PROGRAM_SIZE);
        }
        return compiled;
    }

    /**
     * A {@link DateTimeFormatter} pattern made strict: {@code y} (year of era) read as {@code u} (year) outside quoted
     * literals, since a strict resolver cannot resolve a year of era without an era and would then let
     * {@code 2024-02-31} through.
     *
     * @throws IllegalArgumentException when it is not a pattern
     */
    static DateTimeFormatter datePattern(String pattern) {
        StringBuilder strict = new StringBuilder(pattern.length());
        boolean quoted = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            }
            strict.append(!quoted && c == 'y' ? 'u' : c);
        }
        return DateTimeFormatter.ofPattern(strict.toString()).withResolverStyle(ResolverStyle.STRICT);
    }
}
