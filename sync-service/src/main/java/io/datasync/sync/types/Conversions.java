package io.datasync.sync.types;

import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.DataType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Converts a value of any {@link DataType}'s Java class (or text, as files and HTTP give everything) to the Java
 * class of a column's type, checking the column's length, precision and scale. Shared by the transforms ({@code cast},
 * {@code derive}, {@code defaults}, {@code rules}, …) and, through {@link ColumnTypes}, by connectors whose records
 * carry no types, so the same value converts the same way everywhere.
 *
 * <p>Conventions, chosen to match PostgreSQL where it has one: decimals are rounded half up to the column's scale;
 * timestamps without a zone are UTC when a zone is needed and {@code timestamptz} becomes {@code timestamp} in UTC;
 * numbers given for a timestamp are epoch milliseconds.
 */
public final class Conversions {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** {@code +08} or {@code +0800} at the end, as PostgreSQL prints offsets; ISO-8601 wants {@code +08:00}. */
    private static final Pattern SHORT_OFFSET = Pattern.compile("([+-]\\d{2})(\\d{2})?$");

    private static final Set<String> TRUE = Set.of("true", "t", "yes", "y", "1", "on");
    private static final Set<String> FALSE = Set.of("false", "f", "no", "n", "0", "off");

    private Conversions() {}

    /**
     * {@code value} as the Java class of {@code target}'s type; null stays null.
     *
     * @throws ConversionException with why not, e.g. {@code not a whole number}
     */
    public static Object to(Object value, Column target) {
        if (value == null) {
            return null;
        }
        return switch (target.type()) {
            case INT ->
                integer(value, BigInteger.valueOf(Integer.MIN_VALUE), BigInteger.valueOf(Integer.MAX_VALUE))
                        .intValue();
            case BIGINT ->
                integer(value, BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE))
                        .longValue();
            case DECIMAL -> decimal(value, target.precision(), target.scale());
            case DOUBLE -> value instanceof Double d ? d : decimalOf(value).doubleValue();
            case TEXT -> text(value, target.precision());
            case BOOLEAN -> bool(value);
            case DATE -> date(value);
            case TIME -> time(value);
            case TIMESTAMP -> timestamp(value);
            case TIMESTAMPTZ -> timestamptz(value);
            case UUID -> uuid(value);
            case JSON -> json(value);
            case BYTES -> value instanceof byte[] bytes ? bytes : text(value, 0).getBytes(StandardCharsets.UTF_8);
        };
    }

    /**
     * The text form of any value: plain decimals (no exponent), ISO-8601 dates and times, JSON for lists and maps,
     * UTF-8 for bytes.
     */
    public static String text(Object value) {
        return text(value, 0);
    }

    /** A value as it appears in a message: quoted and cut short, so a row error stays one readable line. */
    public static String show(Object value) {
        if (value instanceof byte[] bytes) {
            return "<" + bytes.length + " bytes>";
        }
        String text = String.valueOf(value);
        return "'" + (text.length() > 60 ? text.substring(0, 57) + "..." : text) + "'";
    }

    private static BigInteger integer(Object value, BigInteger min, BigInteger max) {
        BigInteger integer;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            integer = BigInteger.valueOf(((Number) value).longValue());
        } else {
            try {
                integer = decimalOf(value).toBigIntegerExact();
            } catch (ArithmeticException e) {
                throw new ConversionException("not a whole number");
            }
        }
        if (integer.compareTo(min) < 0 || integer.compareTo(max) > 0) {
            throw new ConversionException("out of range [" + min + ", " + max + "]");
        }
        return integer;
    }

    private static BigDecimal decimal(Object value, int precision, int scale) {
        BigDecimal decimal = decimalOf(value);
        if (precision == 0) {
            return decimal;
        }
        BigDecimal scaled = decimal.setScale(scale, RoundingMode.HALF_UP);
        if (scaled.precision() - scaled.scale() > precision - scale) {
            throw new ConversionException("out of range: at most " + (precision - scale) + " digits before the point");
        }
        return scaled;
    }

    private static BigDecimal decimalOf(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof BigInteger integer) {
            return new BigDecimal(integer);
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new ConversionException("not a finite number");
            }
            return BigDecimal.valueOf(d);
        }
        if (value instanceof String text) {
            try {
                return new BigDecimal(text.strip());
            } catch (NumberFormatException e) {
                throw new ConversionException("not a number");
            }
        }
        throw new ConversionException("a " + kindOf(value) + " is not a number");
    }

    private static String text(Object value, int maxLength) {
        String text;
        if (value instanceof String s) {
            text = s;
        } else if (value instanceof BigDecimal decimal) {
            text = decimal.toPlainString();
        } else if (value instanceof LocalDateTime timestamp) {
            text = DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(timestamp);
        } else if (value instanceof OffsetDateTime timestamp) {
            text = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(timestamp);
        } else if (value instanceof LocalTime time) {
            text = DateTimeFormatter.ISO_LOCAL_TIME.format(time);
        } else if (value instanceof byte[] bytes) {
            try {
                text = StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new ConversionException("the bytes are not UTF-8 text (use convert with the right charset)");
            }
        } else if (value instanceof Map<?, ?> || value instanceof List<?>) {
            text = JSON.writeValueAsString(value);
        } else {
            text = value.toString();
        }
        if (maxLength > 0 && text.codePointCount(0, text.length()) > maxLength) {
            throw new ConversionException("longer than " + maxLength + " characters");
        }
        return text;
    }

    private static Boolean bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String text) {
            String word = text.strip().toLowerCase(Locale.ROOT);
            if (TRUE.contains(word)) {
                return Boolean.TRUE;
            }
            if (FALSE.contains(word)) {
                return Boolean.FALSE;
            }
            throw new ConversionException("not one of true/false, t/f, yes/no, y/n, 1/0, on/off");
        }
        if (value instanceof Number) {
            BigDecimal number = decimalOf(value);
            if (number.compareTo(BigDecimal.ZERO) == 0) {
                return Boolean.FALSE;
            }
            if (number.compareTo(BigDecimal.ONE) == 0) {
                return Boolean.TRUE;
            }
            throw new ConversionException("only 0 and 1 are booleans");
        }
        throw new ConversionException("a " + kindOf(value) + " is not a boolean");
    }

    private static LocalDate date(Object value) {
        if (value instanceof LocalDate date) {
            return date;
        }
        if (value instanceof LocalDateTime timestamp) {
            return timestamp.toLocalDate();
        }
        if (value instanceof OffsetDateTime timestamp) {
            return timestamp.toLocalDate();
        }
        if (value instanceof String text) {
            String iso = text.strip();
            try {
                return iso.length() <= 10
                        ? LocalDate.parse(iso)
                        : timestamp(iso).toLocalDate();
            } catch (DateTimeParseException | ConversionException e) {
                throw new ConversionException("not an ISO-8601 date (yyyy-MM-dd); normalize it with iso-date first");
            }
        }
        throw new ConversionException("a " + kindOf(value) + " is not a date");
    }

    private static LocalTime time(Object value) {
        if (value instanceof LocalTime time) {
            return time;
        }
        if (value instanceof LocalDateTime timestamp) {
            return timestamp.toLocalTime();
        }
        if (value instanceof String text) {
            try {
                return LocalTime.parse(text.strip());
            } catch (DateTimeParseException e) {
                throw new ConversionException("not an ISO-8601 time (HH:mm[:ss[.SSS]])");
            }
        }
        throw new ConversionException("a " + kindOf(value) + " is not a time");
    }

    private static LocalDateTime timestamp(Object value) {
        if (value instanceof LocalDateTime timestamp) {
            return timestamp;
        }
        if (value instanceof OffsetDateTime || value instanceof String || value instanceof Number) {
            return timestamptz(value).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        }
        if (value instanceof LocalDate date) {
            return date.atStartOfDay();
        }
        throw new ConversionException("a " + kindOf(value) + " is not a timestamp");
    }

    private static OffsetDateTime timestamptz(Object value) {
        if (value instanceof OffsetDateTime timestamp) {
            return timestamp;
        }
        if (value instanceof LocalDateTime timestamp) {
            return timestamp.atOffset(ZoneOffset.UTC);
        }
        if (value instanceof LocalDate date) {
            return date.atStartOfDay().atOffset(ZoneOffset.UTC);
        }
        if (value instanceof Integer || value instanceof Long) {
            return Instant.ofEpochMilli(((Number) value).longValue()).atOffset(ZoneOffset.UTC);
        }
        if (value instanceof String text) {
            return parseTimestamp(text.strip());
        }
        throw new ConversionException("a " + kindOf(value) + " is not a timestamp");
    }

    /**
     * ISO-8601 with {@code T} or a space between date and time (as SQL prints it), with or without an offset (none
     * means UTC), or a date alone (midnight UTC).
     */
    public static OffsetDateTime parseTimestamp(String text) {
        OffsetDateTime common = parseCommonTimestamp(text);
        if (common != null) {
            return common;
        }
        String iso =
                text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
        try {
            if (iso.length() == 10) {
                return LocalDate.parse(iso).atStartOfDay().atOffset(ZoneOffset.UTC);
            }
            if (iso.endsWith("Z") || iso.lastIndexOf('+') > 10 || iso.lastIndexOf('-') > 10) {
                var shortOffset = SHORT_OFFSET.matcher(iso);
                if (shortOffset.find() && iso.charAt(shortOffset.start() - 1) != ':') {
                    String minutes = shortOffset.group(2) == null ? "00" : shortOffset.group(2);
                    iso = iso.substring(0, shortOffset.start()) + shortOffset.group(1) + ":" + minutes;
                }
                return OffsetDateTime.parse(iso);
            }
            return LocalDateTime.parse(iso).atOffset(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new ConversionException("not an ISO-8601 timestamp (yyyy-MM-dd'T'HH:mm:ss[offset]); normalize it with"
                    + " iso-timestamp first");
        }
    }

    /**
     * The shape nearly every stream and file writes, {@code yyyy-MM-dd(T| )HH:mm:ss[.fraction][Z|±HH:MM]}, read without
     * {@link java.time.format.DateTimeFormatter}, whose general parser was two fifths of decoding a JSON message with two
     * timestamps. Null for anything else or anything out of range, which {@link #parseTimestamp} then reads (or refuses)
     * the general way, so both give the same result for every text this accepts.
     */
    static OffsetDateTime parseCommonTimestamp(String t) {
        int n = t.length();
        if (n < 19
                || t.charAt(4) != '-'
                || t.charAt(7) != '-'
                || (t.charAt(10) != 'T' && t.charAt(10) != ' ')
                || t.charAt(13) != ':'
                || t.charAt(16) != ':') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (i < n && t.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
                nanos = nanos * 10 + (t.charAt(i) - '0');
                i++;
            }
            if (i == start) {
                return null;
            }
            for (int k = i - start; k < 9; k++) {
                nanos *= 10;
            }
        }
        ZoneOffset offset;
        if (i == n) {
            offset = ZoneOffset.UTC;
        } else if (t.charAt(i) == 'Z' && i + 1 == n) {
            offset = ZoneOffset.UTC;
        } else if (i + 6 == n && (t.charAt(i) == '+' || t.charAt(i) == '-') && t.charAt(i + 3) == ':') {
            int hours = digits(t, i + 1, 2);
            int minutes = digits(t, i + 4, 2);
            if ((hours | minutes) < 0 || hours > 18 || minutes > 59) {
                return null;
            }
            int total = hours * 3600 + minutes * 60;
            offset = ZoneOffset.ofTotalSeconds(t.charAt(i) == '-' ? -total : total);
        } else {
            return null;
        }
        try {
            return OffsetDateTime.of(year, month, day, hour, minute, second, nanos, offset);
        } catch (java.time.DateTimeException e) {
            return null; // out of range (month 13, 30 February, 24:00): the general parser says why
        }
    }

    /** The non-negative number of {@code length} ASCII digits at {@code from}, or -1 if one is not a digit. */
    private static int digits(String text, int from, int length) {
        int value = 0;
        for (int i = from; i < from + length; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static UUID uuid(Object value) {
        if (value instanceof UUID uuid) {
            return uuid;
        }
        if (value instanceof String text) {
            String stripped = text.strip();
            if (isCanonicalUuid(stripped)) {
                return UUID.fromString(stripped);
            }
        }
        throw new ConversionException("not a UUID (8-4-4-4-12 hex digits)");
    }

    /** 8-4-4-4-12 hex digits, checked by hand: the regular expression cost more than the rest of a UUID's conversion. */
    static boolean isCanonicalUuid(String text) {
        if (text.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23
                    ? c == '-'
                    : c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String json(Object value) {
        if (value instanceof String text) {
            try {
                JSON.readTree(text);
                return text;
            } catch (JacksonException e) {
                throw new ConversionException("not JSON");
            }
        }
        if (value instanceof Map<?, ?>
                || value instanceof List<?>
                || value instanceof Number
                || value instanceof Boolean) {
            return value instanceof BigDecimal decimal ? decimal.toPlainString() : JSON.writeValueAsString(value);
        }
        return JSON.writeValueAsString(text(value, 0));
    }

    private static String kindOf(Object value) {
        return value.getClass().getSimpleName();
    }
}
