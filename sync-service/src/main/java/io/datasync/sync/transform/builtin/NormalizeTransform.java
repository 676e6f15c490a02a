package io.datasync.sync.transform.builtin;

import io.datasync.models.transform.TransformCatalog;
import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.transform.spi.TransformException;
import io.datasync.sync.types.ConversionException;
import io.datasync.sync.types.Conversions;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code normalize: {email: lower-trim}}: cleans values, one of {@link TransformCatalog#NORMALIZATIONS} per column.
 *
 * <ul>
 *   <li>{@code trim}, {@code lower}, {@code upper}, {@code lower-trim}, {@code upper-trim} work on TEXT columns.
 *       Trimming removes Unicode white space ({@link String#strip()}), so the full-width space U+3000 goes too; case
 *       uses {@link Locale#ROOT}, so the result does not depend on the server's language.
 *   <li>{@code iso-date} reads {@code yyyy-MM-dd}, {@code yyyy/MM/dd}, {@code dd.MM.yyyy} (one-digit day and month
 *       too), {@code yyyyMMdd}, an ISO timestamp (its date as written), or epoch milliseconds (the UTC date) and gives
 *       {@code yyyy-MM-dd}.
 *   <li>{@code iso-timestamp} reads the same date forms followed by {@code H:mm[:ss]} (or alone: midnight), ISO-8601
 *       with or without an offset, or epoch milliseconds, and gives ISO-8601: with the offset when the input had one
 *       ({@code Z} for epoch milliseconds), without when it had none.
 *   <li>{@code number} drops currency symbols, spaces and thousands separators ({@code ,} {@code .} {@code '}) and
 *       gives a plain decimal: {@code "¥1,234.50"} → {@code "1234.50"}, {@code "1.234,5"} → {@code "1234.5"},
 *       {@code "(12)"} → {@code "-12"}. When both {@code ,} and {@code .} appear the last one is the decimal point;
 *       a separator appearing several times groups thousands ({@code "1.234.567"}); a single {@code ,} followed by
 *       exactly three digits groups thousands ({@code "1,234"} is 1234, as in English), any other single {@code ,}
 *       or {@code .} is the decimal point ({@code "12,5"} is 12.5, {@code "1.234"} is 1.234).
 * </ul>
 *
 * <p>The three last ones give TEXT columns: their point is a canonical text form a later {@code cast} or the sink
 * reads unambiguously. A value that cannot be normalized drops its row with the reason.
 */
final class NormalizeTransform extends ColumnValueTransform<String> {

    private static final List<DateTimeFormatter> DATES =
            List.of(strict("uuuu-M-d"), strict("uuuu/M/d"), strict("d.M.uuuu"), strict("uuuuMMdd"));

    private static final List<DateTimeFormatter> TIMESTAMPS = List.of(
            strict("uuuu-M-d H:mm[:ss][.SSSSSSSSS][.SSSSSS][.SSS]"),
            strict("uuuu/M/d H:mm[:ss][.SSSSSSSSS][.SSSSSS][.SSS]"),
            strict("d.M.uuuu H:mm[:ss][.SSSSSSSSS][.SSSSSS][.SSS]"));

    /** Epoch milliseconds: nine digits or more, so {@code yyyyMMdd} and a bare year are not mistaken for them. */
    private static final Pattern EPOCH_MILLIS = Pattern.compile("-?\\d{9,18}");

    private static final Pattern GROUPED_THOUSANDS = Pattern.compile("\\d{1,3}([,.'’]\\d{3})+");

    NormalizeTransform(Map<String, String> operations) {
        super("normalize", operations);
        operations.forEach((column, operation) -> {
            if (!TransformCatalog.NORMALIZATIONS.contains(operation)) {
                throw new IllegalArgumentException("'" + operation + "' is not a normalization");
            }
        });
    }

    @Override
    Column outputColumn(Column column, String operation) {
        boolean textOperation = !List.of("iso-date", "iso-timestamp", "number").contains(operation);
        if (textOperation && column.type() != DataType.TEXT) {
            throw new TransformException("normalize " + operation + " needs a TEXT column, but " + column.name()
                    + " is " + column.type() + "; cast it to text first");
        }
        return textOperation ? column : column.withType(DataType.TEXT, 0, 0);
    }

    @Override
    Object value(Object value, String operation) {
        return normalize(operation, value);
    }

    /** One value normalized; not null. */
    static String normalize(String operation, Object value) {
        return switch (operation) {
            case "trim" -> text(operation, value).strip();
            case "lower" -> text(operation, value).toLowerCase(Locale.ROOT);
            case "upper" -> text(operation, value).toUpperCase(Locale.ROOT);
            case "lower-trim" -> text(operation, value).strip().toLowerCase(Locale.ROOT);
            case "upper-trim" -> text(operation, value).strip().toUpperCase(Locale.ROOT);
            case "iso-date" -> isoDate(value);
            case "iso-timestamp" -> isoTimestamp(value);
            case "number" -> number(value);
            default -> throw new IllegalStateException("unknown normalization " + operation);
        };
    }

    private static String text(String operation, Object value) {
        if (value instanceof String text) {
            return text;
        }
        throw new RowFailure("cannot " + operation + " " + Conversions.show(value) + ": not text");
    }

    static String isoDate(Object value) {
        LocalDate date;
        if (value instanceof LocalDate d) {
            date = d;
        } else if (value instanceof LocalDateTime t) {
            date = t.toLocalDate();
        } else if (value instanceof OffsetDateTime t) {
            date = t.toLocalDate();
        } else if (value instanceof Integer || value instanceof Long) {
            date = epochMillis(((Number) value).longValue()).toLocalDate();
        } else if (value instanceof String text) {
            date = parseDate(text.strip());
        } else {
            date = null;
        }
        if (date == null) {
            throw new RowFailure("cannot read " + Conversions.show(value)
                    + " as a date (yyyy-MM-dd, yyyy/MM/dd, dd.MM.yyyy, yyyyMMdd or epoch milliseconds)");
        }
        return DateTimeFormatter.ISO_LOCAL_DATE.format(date);
    }

    private static LocalDate parseDate(String text) {
        if (EPOCH_MILLIS.matcher(text).matches()) {
            return epochMillis(Long.parseLong(text)).toLocalDate();
        }
        for (DateTimeFormatter format : DATES) {
            try {
                return LocalDate.parse(text, format);
            } catch (DateTimeParseException e) {
                // Try the next form.
            }
        }
        if (text.length() > 10) {
            try {
                return Conversions.parseTimestamp(text).toLocalDate();
            } catch (ConversionException e) {
                return null;
            }
        }
        return null;
    }

    static String isoTimestamp(Object value) {
        if (value instanceof OffsetDateTime t) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
        }
        if (value instanceof LocalDateTime t) {
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t);
        }
        if (value instanceof LocalDate d) {
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(d.atStartOfDay());
        }
        if (value instanceof Integer || value instanceof Long) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(epochMillis(((Number) value).longValue()));
        }
        if (value instanceof String text) {
            String result = parseTimestamp(text.strip());
            if (result != null) {
                return result;
            }
        }
        throw new RowFailure("cannot read " + Conversions.show(value) + " as a timestamp (ISO-8601, yyyy/MM/dd"
                + " HH:mm:ss, dd.MM.yyyy HH:mm:ss or epoch milliseconds)");
    }

    private static String parseTimestamp(String text) {
        if (EPOCH_MILLIS.matcher(text).matches()) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(epochMillis(Long.parseLong(text)));
        }
        for (DateTimeFormatter format : TIMESTAMPS) {
            try {
                return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(LocalDateTime.parse(text, format));
            } catch (DateTimeParseException e) {
                // Try the next form.
            }
        }
        LocalDate date = text.length() <= 10 ? parseDate(text) : null;
        if (date != null) {
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(date.atStartOfDay());
        }
        try {
            OffsetDateTime parsed = Conversions.parseTimestamp(text);
            boolean hasOffset = text.endsWith("Z") || text.lastIndexOf('+') > 10 || text.lastIndexOf('-') > 10;
            return hasOffset
                    ? DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(parsed)
                    : DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(parsed.toLocalDateTime());
        } catch (ConversionException e) {
            return null;
        }
    }

    static String number(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Number) {
            try {
                return Conversions.text(new BigDecimal(value.toString()));
            } catch (NumberFormatException e) {
                throw new RowFailure("cannot read " + Conversions.show(value) + " as a number: not finite");
            }
        }
        if (!(value instanceof String text)) {
            throw new RowFailure("cannot read " + Conversions.show(value) + " as a number");
        }
        String s = text.strip();
        boolean negative = false;
        if (s.startsWith("(") && s.endsWith(")")) {
            // Accounting notation for a negative amount.
            negative = true;
            s = s.substring(1, s.length() - 1);
        }
        // Currency symbols (¥ $ € …), letters of currency codes next to them and every kind of space.
        s = s.replaceAll("[\\p{Sc}\\p{Zs}\\s]", "").replaceAll("^[A-Za-z]{3}|[A-Za-z]{3}$", "");
        if (s.startsWith("-")) {
            negative = !negative;
            s = s.substring(1);
        } else if (s.startsWith("+")) {
            s = s.substring(1);
        }
        String plain = plainDigits(s);
        try {
            BigDecimal number = new BigDecimal(plain);
            return (negative ? number.negate() : number).toPlainString();
        } catch (NumberFormatException e) {
            throw new RowFailure("cannot read " + Conversions.show(value) + " as a number");
        }
    }

    /** Digits with at most one '.', thousands separators removed; see the class comment for the rules. */
    private static String plainDigits(String s) {
        int lastComma = s.lastIndexOf(',');
        int lastDot = s.lastIndexOf('.');
        String withoutQuotes = s.replace("'", "").replace("’", "");
        if (lastComma >= 0 && lastDot >= 0) {
            char decimalPoint = lastComma > lastDot ? ',' : '.';
            char grouping = decimalPoint == ',' ? '.' : ',';
            return withoutQuotes.replace(String.valueOf(grouping), "").replace(decimalPoint, '.');
        }
        char separator = lastComma >= 0 ? ',' : '.';
        int count = (int) withoutQuotes.chars().filter(c -> c == separator).count();
        if (count == 0) {
            return withoutQuotes;
        }
        if (count > 1 || GROUPED_THOUSANDS.matcher(withoutQuotes).matches() && separator == ',') {
            return GROUPED_THOUSANDS.matcher(withoutQuotes).matches()
                    ? withoutQuotes.replace(String.valueOf(separator), "")
                    : "not a number";
        }
        return withoutQuotes.replace(separator, '.');
    }

    private static OffsetDateTime epochMillis(long millis) {
        return Instant.ofEpochMilli(millis).atOffset(ZoneOffset.UTC);
    }

    private static DateTimeFormatter strict(String pattern) {
        return DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    }
}
