package io.datasync.sync.connector.jdbc;

import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.Schema;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.postgresql.PGResultSetMetaData;

/**
 * Reads PostgreSQL's binary result columns straight from their bytes. The driver switches a statement it has run a
 * few times on one connection to binary results; its own conversions of those bytes into {@code OffsetDateTime},
 * {@code UUID} or {@code BigDecimal} go through calendars and generic lookups per value and were the most expensive
 * part of reading a row. These readers give exactly the values the generic ones give (the same classes, UTC for
 * timestamptz as the driver does) and hand anything unusual (infinities, NaN, numbers beyond 16 digits) back to them.
 */
final class PgBinaryValues {

    private static final long EPOCH_2000_DAYS = 10_957L;
    private static final short NUMERIC_NEGATIVE = 0x4000;
    private static final long[] POWERS_OF_TEN = new long[19];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    private PgBinaryValues() {}

    /**
     * The readers for this result set: the relation's, with a direct decoder wherever the column arrived in binary and
     * is of a type decoded here.
     */
    static JdbcTypes.ValueReader[] readers(ResultSet rs, Schema schema, List<JdbcTypes.ValueReader> defaults)
            throws SQLException {
        JdbcTypes.ValueReader[] readers = defaults.toArray(JdbcTypes.ValueReader[]::new);
        ResultSetMetaData md = rs.getMetaData();
        if (!md.isWrapperFor(PGResultSetMetaData.class)) {
            return readers;
        }
        PGResultSetMetaData pg = md.unwrap(PGResultSetMetaData.class);
        for (int i = 0; i < readers.length; i++) {
            if (pg.getFormat(i + 1) == 1) {
                JdbcTypes.ValueReader direct =
                        binary(md.getColumnTypeName(i + 1), schema.column(i).type(), readers[i]);
                if (direct != null) {
                    readers[i] = direct;
                }
            }
        }
        return readers;
    }

    /** A decoder for a binary column of this PostgreSQL type read as this data type, or null to keep the default. */
    static JdbcTypes.ValueReader binary(String typname, DataType type, JdbcTypes.ValueReader fallback) {
        return switch (typname) {
            case "timestamptz" -> type == DataType.TIMESTAMPTZ ? new Timestamps(true, fallback) : null;
            case "timestamp" -> type == DataType.TIMESTAMP ? new Timestamps(false, fallback) : null;
            case "date" ->
                type == DataType.DATE
                        ? (rs, i) -> {
                            byte[] b = rs.getBytes(i);
                            return b == null
                                    ? null
                                    : b.length == 4 ? date(int32(b, 0), rs, i, fallback) : fallback.read(rs, i);
                        }
                        : null;
            case "uuid" ->
                type == DataType.UUID
                        ? (rs, i) -> {
                            byte[] b = rs.getBytes(i);
                            return b == null
                                    ? null
                                    : b.length == 16 ? new UUID(int64(b, 0), int64(b, 8)) : fallback.read(rs, i);
                        }
                        : null;
            case "numeric" ->
                type == DataType.DECIMAL
                        ? (rs, i) -> {
                            byte[] b = rs.getBytes(i);
                            if (b == null) {
                                return null;
                            }
                            BigDecimal value = numeric(b);
                            return value != null ? value : fallback.read(rs, i);
                        }
                        : null;
            default -> null;
        };
    }

    private static Object date(int days, ResultSet rs, int i, JdbcTypes.ValueReader fallback) throws SQLException {
        if (days == Integer.MAX_VALUE || days == Integer.MIN_VALUE) {
            return fallback.read(rs, i);
        }
        return LocalDate.ofEpochDay(days + EPOCH_2000_DAYS);
    }

    /**
     * numeric's binary form (digit count, weight of the first base-10000 digit, sign, display scale, digits) as a
     * BigDecimal with the display scale, or null for NaN, infinities and values of more than four base-10000 digits,
     * which the driver's own conversion handles.
     */
    static BigDecimal numeric(byte[] b) {
        if (b.length < 8) {
            return null;
        }
        int ndigits = int16(b, 0);
        int weight = (short) int16(b, 2);
        int sign = int16(b, 4);
        int dscale = int16(b, 6);
        if ((sign != 0 && sign != NUMERIC_NEGATIVE) || ndigits > 4 || b.length != 8 + 2 * ndigits) {
            return null;
        }
        long digits = 0;
        for (int k = 0; k < ndigits; k++) {
            digits = digits * 10_000 + int16(b, 8 + 2 * k);
        }
        // digits × 10^-exponent is the value; the result wants dscale decimals
        int exponent = 4 * (ndigits - 1 - weight);
        long unscaled;
        if (ndigits == 0) {
            unscaled = 0;
        } else if (exponent >= dscale) {
            // PostgreSQL rounds to dscale before sending, so the digits past it are zeros
            int cut = exponent - dscale;
            if (cut > 18 || digits % POWERS_OF_TEN[cut] != 0) {
                return null;
            }
            unscaled = digits / POWERS_OF_TEN[cut];
        } else {
            int shift = dscale - exponent;
            if (shift > 18 || digits > Long.MAX_VALUE / POWERS_OF_TEN[shift]) {
                return null;
            }
            unscaled = digits * POWERS_OF_TEN[shift];
        }
        return BigDecimal.valueOf(sign == NUMERIC_NEGATIVE ? -unscaled : unscaled, dscale);
    }

    /**
     * Timestamps (microseconds since 2000-01-01 00:00) as date-times in the proleptic Gregorian calendar, as
     * PostgreSQL's; timestamptz in UTC, as the driver gives them. Turning a day number into a date is the costly
     * part and rows of a chunk mostly share their day, so the last day's date is kept: one instance per result set,
     * read by one thread.
     */
    private static final class Timestamps implements JdbcTypes.ValueReader {
        private static final long MICROS_PER_DAY = 86_400_000_000L;

        private final boolean utc;
        private final JdbcTypes.ValueReader fallback;
        private long day = Long.MIN_VALUE;
        private LocalDate date;

        Timestamps(boolean utc, JdbcTypes.ValueReader fallback) {
            this.utc = utc;
            this.fallback = fallback;
        }

        @Override
        public Object read(ResultSet rs, int i) throws SQLException {
            byte[] b = rs.getBytes(i);
            if (b == null) {
                return null;
            }
            long micros = b.length == 8 ? int64(b, 0) : Long.MAX_VALUE;
            if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) {
                return fallback.read(rs, i); // 'infinity' and '-infinity': whatever the driver makes of them
            }
            long days = Math.floorDiv(micros, MICROS_PER_DAY);
            if (days != day) {
                date = LocalDate.ofEpochDay(days + EPOCH_2000_DAYS);
                day = days;
            }
            LocalDateTime local =
                    LocalDateTime.of(date, LocalTime.ofNanoOfDay(Math.floorMod(micros, MICROS_PER_DAY) * 1000));
            return utc ? OffsetDateTime.of(local, ZoneOffset.UTC) : local;
        }
    }

    private static int int16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    private static int int32(byte[] b, int at) {
        return (b[at] << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    private static long int64(byte[] b, int at) {
        return ((long) int32(b, at) << 32) | (int32(b, at + 4) & 0xffffffffL);
    }
}
