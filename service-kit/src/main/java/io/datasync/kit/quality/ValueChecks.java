package io.datasync.kit.quality;

import com.google.re2j.Pattern;
import io.datasync.models.job.Durations;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The checks that look at one value at a time (required, type, format, range, allowed, length, freshness), compiled
 * against their column's type so that a row costs a field read and a test: patterns compiled, bounds converted to the
 * column's class, allowed values hashed once.
 */
final class ValueChecks {

    private ValueChecks() {}

    /** What is wrong with one value: the reason, or null when it passes. Thread-safe. */
    interface ValueTest {
        String problem(Object value);

        /** This test as of a chunk's time; only freshness depends on it. */
        default ValueTest asOf(Instant now) {
            return this;
        }
    }

    /** A value test run on one column of every live row. */
    static final class ValueCheck implements Chunk.Step {

        private final int slot;
        private final Chunk.Tallied tallied;
        private final int column;
        private final boolean passesNulls;
        private final ValueTest test;

        ValueCheck(int slot, Chunk.Tallied tallied, int column, boolean passesNulls, ValueTest test) {
            this.slot = slot;
            this.tallied = tallied;
            this.column = column;
            this.passesNulls = passesNulls;
            this.test = test;
        }

        @Override
        public void apply(Chunk chunk) {
            ValueTest now = test.asOf(chunk.now);
            long evaluated = 0;
            for (int i = 0; i < chunk.size; i++) {
                if (!chunk.live(i)) {
                    continue;
                }
                Object value = chunk.rows[i][column];
                if (value == null && passesNulls) {
                    continue;
                }
                evaluated++;
                String problem = now.problem(value);
                if (problem != null) {
                    chunk.violate(i, slot, tallied.violation(problem));
                }
            }
            chunk.evaluated[slot] += evaluated;
        }
    }

    /**
     * The test of a check on a column of {@code type}, or null after recording why the check does not fit the column
     * (at {@code at}, the check's pointer).
     */
    static ValueTest compile(CheckSpec check, ColumnType type, String at, Fields errors, ZoneId zone) {
        CheckKind kind = check.kind();
        if (kind instanceof CheckKind.Required) {
            return ValueChecks::required;
        }
        if (kind instanceof CheckKind.Type t) {
            return type(t.type());
        }
        if (kind instanceof CheckKind.Format format) {
            if (type == ColumnType.BYTES) {
                errors.add(at + "/column", "'" + check.column() + "' is BYTES, which has no text to check a format of");
                return null;
            }
            return format(format);
        }
        if (kind instanceof CheckKind.Range range) {
            return Ranges.compile(range, type, check.column(), at, errors);
        }
        if (kind instanceof CheckKind.Allowed allowed) {
            return allowed(allowed, type, check.column(), at, errors);
        }
        if (kind instanceof CheckKind.Length length) {
            if (!type.text()) {
                errors.add(
                        at + "/column",
                        "'" + check.column() + "' is " + type + "; a length check needs a TEXT or JSON column");
                return null;
            }
            return length(length);
        }
        if (kind instanceof CheckKind.Freshness freshness) {
            if (!type.pointInTime() && type != ColumnType.TEXT) {
                errors.add(
                        at + "/column",
                        "'" + check.column() + "' is " + type
                                + "; freshness needs a DATE, TIMESTAMP, TIMESTAMPTZ or TEXT column");
                return null;
            }
            return new Freshness(freshness.maxAge(), zone, null);
        }
        throw new IllegalArgumentException(kind.key() + " is not a value check");
    }

    private static String required(Object value) {
        if (value == null) {
            return "is missing";
        }
        return value instanceof String text && text.isBlank() ? "is blank" : null;
    }

    private static ValueTest type(CheckKind.TypeName expected) {
        String noun = switch (expected) {
            case INT -> "an int";
            case BIGINT -> "a bigint";
            case DECIMAL -> "a decimal";
            case DOUBLE -> "a double";
            case BOOLEAN -> "a boolean";
            case DATE -> "an ISO date";
            case TIMESTAMP -> "an ISO timestamp";
            case UUID -> "a UUID";
            case JSON -> "JSON";
        };
        return value -> isOfType(value, expected) ? null : Values.quote(value) + " is not " + noun;
    }

    static boolean isOfType(Object value, CheckKind.TypeName expected) {
        if (value instanceof String text) {
            return switch (expected) {
                case INT -> integral(Values.parseDecimal(text), 31);
                case BIGINT -> integral(Values.parseDecimal(text), 63);
                case DECIMAL -> Values.parseDecimal(text) != null;
                case DOUBLE -> Values.parseDecimal(text) != null || special(text);
                case BOOLEAN -> Values.parseBoolean(text) != null;
                case DATE -> Values.parseTemporal(text) instanceof LocalDate;
                case TIMESTAMP -> {
                    Object temporal = Values.parseTemporal(text);
                    yield temporal instanceof LocalDateTime || temporal instanceof OffsetDateTime;
                }
                case UUID -> Formats.isUuid(text.strip());
                case JSON -> Formats.isJson(text);
            };
        }
        return switch (expected) {
            case INT -> value instanceof Number && integral(Values.decimal(value), 31);
            case BIGINT -> value instanceof Number && integral(Values.decimal(value), 63);
            case DECIMAL -> value instanceof Number && Values.decimal(value) != null;
            case DOUBLE -> value instanceof Number;
            case BOOLEAN -> value instanceof Boolean;
            case DATE -> value instanceof LocalDate;
            case TIMESTAMP -> value instanceof LocalDateTime || value instanceof OffsetDateTime;
            case UUID -> value instanceof UUID;
            case JSON ->
                value instanceof Number
                        || value instanceof Boolean
                        || value instanceof Map<?, ?>
                        || value instanceof List<?>;
        };
    }

    /** Whether a number is an integer that fits a signed integer of {@code bits} bits plus sign. */
    private static boolean integral(BigDecimal decimal, int bits) {
        if (decimal == null) {
            return false;
        }
        BigDecimal stripped = decimal.stripTrailingZeros();
        if (stripped.scale() > 0) {
            return false;
        }
        BigInteger integer = stripped.toBigInteger();
        return integer.bitLength() <= bits;
    }

    private static boolean special(String text) {
        String trimmed = text.strip().toLowerCase(Locale.ROOT);
        return trimmed.equals("nan")
                || trimmed.equals("infinity")
                || trimmed.equals("-infinity")
                || trimmed.equals("inf")
                || trimmed.equals("-inf");
    }

    private static ValueTest format(CheckKind.Format format) {
        return switch (format.format()) {
            case EMAIL ->
                value -> Formats.isEmail(Values.text(value)) ? null : Values.quote(value) + " is not an email address";
            case PHONE ->
                value -> Formats.isPhone(Values.text(value)) ? null : Values.quote(value) + " is not a phone number";
            case URL ->
                value -> Formats.isUrl(Values.text(value)) ? null : Values.quote(value) + " is not an http(s) URL";
            case UUID ->
                value -> value instanceof UUID || Formats.isUuid(Values.text(value))
                        ? null
                        : Values.quote(value) + " is not a UUID";
            case JSON -> value -> Formats.isJson(Values.text(value)) ? null : Values.quote(value) + " is not JSON";
            case REGEX -> {
                Pattern pattern = Formats.regex(format.pattern());
                String shown = Values.quote(format.pattern());
                yield value ->
                        pattern.matches(Values.text(value)) ? null : Values.quote(value) + " does not match " + shown;
            }
            case DATE -> {
                DateTimeFormatter formatter = Formats.datePattern(format.pattern());
                String expected = " is not a date of the form " + format.pattern();
                yield value -> {
                    try {
                        formatter.parse(Values.text(value));
                        return null;
                    } catch (DateTimeParseException e) {
                        return Values.quote(value) + expected;
                    }
                };
            }
        };
    }

    private static ValueTest allowed(
            CheckKind.Allowed allowed, ColumnType type, String column, String at, Fields errors) {
        if (type == ColumnType.BYTES) {
            errors.add(at + "/column", "'" + column + "' is BYTES, which allowed values cannot list");
            return null;
        }
        String shown = allowed.values().stream()
                .limit(5)
                .map(Values::text)
                .collect(Collectors.joining(", ", "(allowed: ", allowed.values().size() > 5 ? ", …)" : ")"));
        Set<Object> keys = new HashSet<>();
        if (type.numeric()) {
            // Compared numerically: each allowed value as the column would hold it, then as a key.
            for (int i = 0; i < allowed.values().size(); i++) {
                Object value = allowed.values().get(i);
                BigDecimal number = value instanceof Boolean ? null : Values.decimal(value);
                if (number == null) {
                    errors.add(
                            at + "/allowed/" + i,
                            Values.quote(value) + " is not a number, and '" + column + "' is " + type);
                    continue;
                }
                keys.add(Values.key(type == ColumnType.DOUBLE ? (Object) number.doubleValue() : number));
            }
            return value -> keys.contains(Values.key(value)) ? null : Values.quote(value) + " is not allowed " + shown;
        }
        for (Object value : allowed.values()) {
            String text = Values.text(value);
            keys.add(type == ColumnType.UUID ? text.toLowerCase(Locale.ROOT) : text);
        }
        return value -> keys.contains(Values.text(value)) ? null : Values.quote(value) + " is not allowed " + shown;
    }

    private static ValueTest length(CheckKind.Length length) {
        int min = length.min() == null ? 0 : length.min();
        int max = length.max() == null ? Integer.MAX_VALUE : length.max();
        return value -> {
            String text = Values.text(value);
            int chars = text.length();
            // A text of n chars has between n/2 and n code points: most are decided without counting.
            if (chars <= max && (chars + 1) / 2 >= min) {
                return null;
            }
            int points = text.codePointCount(0, chars);
            if (points < min) {
                return Values.quote(value) + " is shorter than " + min + " characters";
            }
            if (points > max) {
                return Values.quote(value) + " is longer than " + max + " characters";
            }
            return null;
        };
    }

    /**
     * Freshness as of one instant: a value older than {@code maxAge} before it is stale. Timestamps without an offset
     * are read in the gate's clock's zone; a date counts as its whole day, so it is stale once the cut-off is past the
     * day's end.
     */
    private static final class Freshness implements ValueTest {

        private final Duration maxAge;
        private final ZoneId zone;
        private final Instant cutoff;
        private final LocalDateTime localCutoff;
        private final String shown;

        Freshness(Duration maxAge, ZoneId zone, Instant now) {
            this.maxAge = maxAge;
            this.zone = zone;
            this.cutoff = now == null ? null : now.minus(maxAge);
            this.localCutoff = now == null ? null : LocalDateTime.ofInstant(cutoff, zone);
            this.shown = " is older than " + Durations.format(maxAge);
        }

        @Override
        public ValueTest asOf(Instant now) {
            return new Freshness(maxAge, zone, now);
        }

        @Override
        public String problem(Object value) {
            Object temporal = value instanceof String text ? Values.parseTemporal(text) : value;
            boolean stale;
            if (temporal instanceof OffsetDateTime timestamp) {
                stale = timestamp.toInstant().isBefore(cutoff);
            } else if (temporal instanceof LocalDateTime timestamp) {
                stale = timestamp.isBefore(localCutoff);
            } else if (temporal instanceof LocalDate date) {
                stale = date.isBefore(localCutoff.toLocalDate());
            } else {
                return Values.quote(value) + " is not a date or timestamp";
            }
            return stale ? Values.quote(value) + shown : null;
        }
    }
}
