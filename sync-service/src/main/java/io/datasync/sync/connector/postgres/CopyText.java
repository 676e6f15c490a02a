package io.datasync.sync.connector.postgres;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Values in PostgreSQL's COPY text format: tab-separated, {@code \N} for NULL (so an empty string stays an empty
 * string), backslash escapes for backslash, tab, newline and carriage return. Text format rather than binary because
 * PostgreSQL parses it into the staging table's own column types, so one encoding serves every target type (varchar,
 * numeric, jsonb, domains) and a value the type refuses fails with a data error naming the column.
 */
final class CopyText {

    private static final HexFormat HEX = HexFormat.of();

    private CopyText() {}

    /**
     * Appends one row followed by its position in the chunk (which makes "last row wins" decidable in SQL).
     *
     * @throws IllegalArgumentException when a value has a Java type no PostgreSQL column accepts
     */
    static void appendRow(StringBuilder out, Object[] row, String[] names, long ordinal) {
        for (int i = 0; i < row.length; i++) {
            appendValue(out, row[i], names[i]);
            out.append('\t');
        }
        out.append(ordinal).append('\n');
    }

    /** One row without an ordinal, for a COPY straight into the target. */
    static void appendRow(StringBuilder out, Object[] row, String[] names) {
        for (int i = 0; i < row.length; i++) {
            if (i > 0) {
                out.append('\t');
            }
            appendValue(out, row[i], names[i]);
        }
        out.append('\n');
    }

    static void appendValue(StringBuilder out, Object value, String column) {
        if (value == null) {
            out.append("\\N");
        } else if (value instanceof String s) {
            appendEscaped(out, s);
        } else if (value instanceof Boolean b) {
            out.append(b ? 't' : 'f');
        } else if (value instanceof BigDecimal d) {
            out.append(d.toPlainString());
        } else if (value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte
                || value instanceof BigInteger) {
            out.append(value);
        } else if (value instanceof Double || value instanceof Float) {
            // Java spells NaN and the infinities exactly as PostgreSQL reads them.
            out.append(value);
        } else if (value instanceof byte[] bytes) {
            // bytea's hex input form; its backslash is escaped once more for COPY.
            out.append("\\\\x").append(HEX.formatHex(bytes));
        } else if (value instanceof UUID u) {
            out.append(u);
        } else if (value instanceof LocalDate d) {
            appendDate(out, d);
            appendEra(out, d);
        } else if (value instanceof LocalTime t) {
            appendTime(out, t);
        } else if (value instanceof LocalDateTime t) {
            appendDateTime(out, t.toLocalDate(), t.toLocalTime(), null);
        } else if (value instanceof OffsetDateTime t) {
            // "Z" spelled as an offset: PostgreSQL reads a bare "Z" only as an abbreviation it may be configured
            // without.
            String offset = t.getOffset().getTotalSeconds() == 0
                    ? "+00:00"
                    : t.getOffset().getId();
            appendDateTime(out, t.toLocalDate(), t.toLocalTime(), offset);
        } else {
            throw new IllegalArgumentException("column " + column + " holds a "
                    + value.getClass().getSimpleName() + ", which has no PostgreSQL form");
        }
    }

    /** A date, a space, the time and the offset (if any), written digit by digit: this runs for every timestamp. */
    private static void appendDateTime(StringBuilder out, LocalDate date, LocalTime time, String offset) {
        appendDate(out, date);
        out.append(' ');
        appendTime(out, time);
        if (offset != null) {
            out.append(offset);
        }
        appendEra(out, date);
    }

    /** {@code HH:mm:ss} and the fraction in 3, 6 or 9 digits, as {@link LocalTime#toString()} writes it. */
    private static void appendTime(StringBuilder out, LocalTime time) {
        pad2(out, time.getHour()).append(':');
        pad2(out, time.getMinute()).append(':');
        pad2(out, time.getSecond());
        int nano = time.getNano();
        if (nano == 0) {
            return;
        }
        out.append('.');
        if (nano % 1_000_000 == 0) {
            appendDigits(out, nano / 1_000_000, 3);
        } else if (nano % 1000 == 0) {
            appendDigits(out, nano / 1000, 6);
        } else {
            appendDigits(out, nano, 9);
        }
    }

    private static void appendDigits(StringBuilder out, int value, int digits) {
        for (int limit = 10, i = 1; i < digits; i++, limit *= 10) {
            if (value < limit) {
                out.append('0');
            }
        }
        out.append(value);
    }

    /** ISO dates, except that years before 1 AD are written "BC" as PostgreSQL expects, and years past 9999 unsigned. */
    private static void appendDate(StringBuilder out, LocalDate date) {
        int year = date.getYear();
        int eraYear = year <= 0 ? 1 - year : year;
        if (eraYear < 1000) {
            out.append(eraYear < 10 ? "000" : eraYear < 100 ? "00" : "0");
        }
        out.append(eraYear).append('-');
        pad2(out, date.getMonthValue()).append('-');
        pad2(out, date.getDayOfMonth());
    }

    /** " BC" after a value whose date lies before 1 AD: PostgreSQL reads the era at the end. */
    private static void appendEra(StringBuilder out, LocalDate date) {
        if (date.getYear() <= 0) {
            out.append(" BC");
        }
    }

    private static StringBuilder pad2(StringBuilder out, int value) {
        return (value < 10 ? out.append('0') : out).append(value);
    }

    private static void appendEscaped(StringBuilder out, String s) {
        int first = 0;
        int length = s.length();
        while (first < length) {
            char c = s.charAt(first);
            if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
                break;
            }
            first++;
        }
        out.append(s, 0, first); // most text needs no escaping: copied in one go
        for (int i = first; i < length; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }
}
