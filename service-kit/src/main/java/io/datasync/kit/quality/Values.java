package io.datasync.kit.quality;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** How the gate reads row values: their text form, their identity as a key, numbers and points in time from text. */
final class Values {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** Longest value quoted in a violation's reason. */
    private static final int MAX_QUOTED = 60;

    private Values() {}

    /**
     * One form per number, so that equal numbers are equal records and write the same JSON: an integer without
     * scale ({@code 10}, not {@code 1E+1} or {@code 10.0}), a fraction without trailing zeros.
     */
    static BigDecimal normalize(BigDecimal decimal) {
        BigDecimal stripped = decimal.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /**
     * The value as text, as format, length and allowed checks read it: text as is, decimals without exponent, dates
     * and times in ISO-8601, bytes in base64.
     */
    static String text(Object value) {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        return String.valueOf(value);
    }

    /**
     * The value as a key of a set: equal keys for values a database would find equal. Integers of any class are one
     * {@link Long}, decimals ignore trailing zeros, timestamps with an offset compare as instants, bytes by content.
     */
    static Object key(Object value) {
        if (value instanceof Long || value instanceof String) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigDecimal decimal) {
            BigDecimal stripped = decimal.stripTrailingZeros();
            if (stripped.scale() <= 0 && stripped.precision() - stripped.scale() <= 18) {
                return stripped.longValue();
            }
            return stripped;
        }
        if (value instanceof Double d) {
            double x = d;
            if (x == Math.rint(x) && Math.abs(x) < 0x1p53) {
                return (long) x;
            }
            return d;
        }
        if (value instanceof BigInteger integer) {
            return integer.bitLength() < 64 ? (Object) integer.longValue() : integer;
        }
        if (value instanceof OffsetDateTime timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof byte[] bytes) {
            return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
        }
        return value;
    }

    /** The value as a number: a number as is, text that holds one parsed; null when it is neither. */
    static BigDecimal decimal(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
        }
        if (value instanceof BigInteger integer) {
            return new BigDecimal(integer);
        }
        if (value instanceof String text) {
            return parseDecimal(text);
        }
        return null;
    }

    /** The number text holds (surrounding white space allowed, as PostgreSQL allows it), or null. */
    static BigDecimal parseDecimal(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty() || trimmed.length() > 1000 || !numberLike(trimmed)) {
            return null;
        }
        try {
            return new BigDecimal(trimmed);
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    /** A cheap test that spares most non-numbers the cost of an exception. */
    private static boolean numberLike(String text) {
        char first = text.charAt(0);
        return (first >= '0' && first <= '9') || first == '-' || first == '+' || first == '.';
    }

    /**
     * The point in time ISO-8601 text stands for: a {@link LocalDate} ({@code 2024-05-01}), a {@link LocalDateTime}
     * ({@code 2024-05-01T10:00}, or with a space for the {@code T}), an {@link OffsetDateTime} ({@code …Z},
     * {@code …+02:00}) or a {@link LocalTime} ({@code 10:00:30}); null when it is none of these.
     */
    static Object parseTemporal(String text) {
        String trimmed = text.strip();
        try {
            if (trimmed.length() > 10 && (trimmed.charAt(10) == 'T' || trimmed.charAt(10) == ' ')) {
                String iso =
                        trimmed.charAt(10) == ' ' ? trimmed.substring(0, 10) + 'T' + trimmed.substring(11) : trimmed;
                return hasOffset(iso) ? OffsetDateTime.parse(iso) : LocalDateTime.parse(iso);
            }
            if (trimmed.length() == 10 && trimmed.charAt(4) == '-') {
                return LocalDate.parse(trimmed);
            }
            if (trimmed.length() >= 5 && trimmed.charAt(2) == ':') {
                return LocalTime.parse(trimmed);
            }
        } catch (DateTimeParseException e) {
            return null;
        }
        return null;
    }

    private static boolean hasOffset(String iso) {
        char last = iso.charAt(iso.length() - 1);
        if (last == 'Z' || last == 'z') {
            return true;
        }
        int time = iso.indexOf('T');
        return iso.indexOf('+', time) > 0 || iso.indexOf('-', time) > 0;
    }

    /**
     * Compares two values of one column (or a value with a bound converted to the column's type): numbers
     * numerically across classes, timestamps with offsets as instants, others by their natural order.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compare(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        if (a instanceof Number && b instanceof Number) {
            if (a instanceof Double || b instanceof Double) {
                return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
            }
            return decimal(a).compareTo(decimal(b));
        }
        if (a instanceof OffsetDateTime x && b instanceof OffsetDateTime y) {
            return x.toInstant().compareTo(y.toInstant());
        }
        if (a instanceof Comparable && a.getClass() == b.getClass()) {
            return ((Comparable) a).compareTo(b);
        }
        return text(a).compareTo(text(b));
    }

    /**
     * A value from a rule set (text, a {@link BigDecimal}, a boolean, or a map or list for JSON) converted to the
     * class of a column's values.
     *
     * @throws IllegalArgumentException saying why it does not fit
     */
    static Object convert(Object value, ColumnType type) {
        if ((value instanceof Map<?, ?> || value instanceof List<?>) && type != ColumnType.JSON) {
            throw new IllegalArgumentException("an object or list fits only a JSON column, and the column is " + type);
        }
        String text = value instanceof BigDecimal decimal ? decimal.toPlainString() : String.valueOf(value);
        try {
            return switch (type) {
                case TEXT -> text;
                case JSON -> MAPPER.writeValueAsString(value);
                case BOOLEAN -> {
                    if (value instanceof Boolean b) {
                        yield b;
                    }
                    Boolean parsed = parseBoolean(text);
                    if (parsed == null) {
                        throw new IllegalArgumentException("'" + text + "' is not a boolean");
                    }
                    yield parsed;
                }
                case INT -> number(value, text).intValueExact();
                case BIGINT -> number(value, text).longValueExact();
                case DECIMAL -> number(value, text);
                case DOUBLE -> number(value, text).doubleValue();
                case DATE -> LocalDate.parse(text);
                case TIME -> LocalTime.parse(text);
                case TIMESTAMP -> LocalDateTime.parse(text.replace(' ', 'T'));
                case TIMESTAMPTZ -> OffsetDateTime.parse(text.replace(' ', 'T'));
                case UUID -> {
                    if (!Formats.isUuid(text)) {
                        throw new IllegalArgumentException("'" + text + "' is not a UUID");
                    }
                    yield java.util.UUID.fromString(text);
                }
                case BYTES -> Base64.getDecoder().decode(text);
            };
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(text + " does not fit a " + type + " column");
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not an ISO-8601 " + type.name().toLowerCase(Locale.ROOT));
        }
    }

    private static BigDecimal number(Object value, String text) {
        BigDecimal decimal = value instanceof BigDecimal d ? d : parseDecimal(text);
        if (decimal == null) {
            throw new IllegalArgumentException("'" + text + "' is not a number");
        }
        return decimal;
    }

    /** A boolean as PostgreSQL reads one from text (true/false, t/f, yes/no, y/n, on/off, 1/0), or null. */
    static Boolean parseBoolean(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "t", "yes", "y", "on", "1" -> Boolean.TRUE;
            case "false", "f", "no", "n", "off", "0" -> Boolean.FALSE;
            default -> null;
        };
    }

    /** The value quoted for a violation's reason, cut short when long. */
    static String quote(Object value) {
        if (value == null) {
            return "null";
        }
        String text = text(value);
        String shown = text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "…" : text;
        return value instanceof String ? "'" + shown + "'" : shown;
    }
}
