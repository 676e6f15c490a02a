package io.datasync.sync.connector.postgres;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * PostgreSQL's binary COPY format for the column types rows usually carry: neither side formats or parses text for
 * numbers, timestamps or UUIDs. Binary input must match each target column's type exactly, so a chunk is written this
 * way only when every value is of a kind its column's encoder takes (and timestamps in whole microseconds, as
 * PostgreSQL stores them); otherwise the sink writes the chunk as text, which PostgreSQL converts.
 */
final class BinaryCopy {

    static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0
    };

    private static final long EPOCH_2000_MICROS = 946_684_800_000_000L;
    private static final long EPOCH_2000_DAYS = 10_957;
    private static final Set<String> TEXT = Set.of("text", "varchar", "bpchar", "json");
    private static final long[] POWERS_OF_TEN = {1, 10, 100, 1000};

    /** How the values of one target column are written. */
    enum Encoder {
        BOOL,
        INT2,
        INT4,
        INT8,
        FLOAT4,
        FLOAT8,
        NUMERIC,
        TEXT,
        JSONB,
        UUID,
        DATE,
        TIME,
        TIMESTAMP,
        TIMESTAMPTZ,
        BYTEA;

        boolean accepts(Object v) {
            return switch (this) {
                case BOOL -> v instanceof Boolean;
                case INT2 -> v instanceof Short || v instanceof Integer i && i == i.shortValue();
                case INT4 -> v instanceof Integer || v instanceof Short;
                case INT8 -> v instanceof Long || v instanceof Integer || v instanceof Short;
                case FLOAT4, FLOAT8 -> v instanceof Double || v instanceof Float;
                case NUMERIC ->
                    v instanceof BigDecimal
                            || v instanceof Long
                            || v instanceof Integer
                            || v instanceof Double d && !d.isInfinite();
                case TEXT, JSONB -> v instanceof String;
                case UUID -> v instanceof java.util.UUID;
                case DATE -> v instanceof LocalDate;
                case TIME -> v instanceof LocalTime t && t.getNano() % 1000 == 0;
                case TIMESTAMP -> v instanceof LocalDateTime t && t.getNano() % 1000 == 0;
                case TIMESTAMPTZ -> v instanceof OffsetDateTime t && t.getNano() % 1000 == 0;
                case BYTEA -> v instanceof byte[];
            };
        }
    }

    private BinaryCopy() {}

    /** The encoder for a column of this PostgreSQL type ({@code pg_type.typname}), or null when only text will do. */
    static Encoder encoder(String typname) {
        if (TEXT.contains(typname)) {
            return Encoder.TEXT;
        }
        return switch (typname) {
            case "bool" -> Encoder.BOOL;
            case "int2" -> Encoder.INT2;
            case "int4" -> Encoder.INT4;
            case "int8" -> Encoder.INT8;
            case "float4" -> Encoder.FLOAT4;
            case "float8" -> Encoder.FLOAT8;
            case "numeric" -> Encoder.NUMERIC;
            case "jsonb" -> Encoder.JSONB;
            case "uuid" -> Encoder.UUID;
            case "date" -> Encoder.DATE;
            case "time" -> Encoder.TIME;
            case "timestamp" -> Encoder.TIMESTAMP;
            case "timestamptz" -> Encoder.TIMESTAMPTZ;
            case "bytea" -> Encoder.BYTEA;
            default -> null;
        };
    }

    /**
     * The encoders for the chunk's columns, in order, or null when a column's type has none.
     *
     * @param types the target table's {@code typname} by column name
     */
    static Encoder[] encoders(List<String> columns, Map<String, String> types) {
        Encoder[] encoders = new Encoder[columns.size()];
        for (int i = 0; i < encoders.length; i++) {
            String type = types.get(columns.get(i));
            encoders[i] = type == null ? null : encoder(type);
            if (encoders[i] == null) {
                return null;
            }
        }
        return encoders;
    }

    /**
     * The rows as a whole binary COPY stream (header, tuples, trailer), with each row's ordinal as a last bigint
     * column when {@code ordinals}; null as soon as a value is not of a kind its column's encoder takes, so the caller
     * writes the chunk as text instead. Checking and encoding in one pass reads every value once; meant for chunks of
     * bounded size (large ones are checked with {@link #accepts} and streamed row by row).
     *
     * @param sizeHint the expected size in bytes, to allocate the buffer once
     */
    static Buffer encode(Encoder[] encoders, List<Object[]> rows, boolean ordinals, long sizeHint) {
        Buffer out = new Buffer((int) Math.min(sizeHint, 1 << 26));
        out.write(HEADER);
        long ordinal = 0;
        for (Object[] row : rows) {
            if (!appendRow(out, encoders, row, ordinals ? ordinal++ : -1)) {
                return null;
            }
        }
        out.int16(-1);
        return out;
    }

    /** Whether every value of the rows can be written in binary by its column's encoder. */
    static boolean accepts(Encoder[] encoders, List<Object[]> rows) {
        for (Object[] row : rows) {
            for (int i = 0; i < encoders.length; i++) {
                if (row[i] != null && !encoders[i].accepts(row[i])) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * One row as a binary COPY tuple, with the row's ordinal as a last bigint column when {@code ordinal >= 0}.
     *
     * @return false, with the tuple half written, when a value is not of a kind its column's encoder takes
     */
    static boolean appendRow(Buffer out, Encoder[] encoders, Object[] row, long ordinal) {
        out.int16(encoders.length + (ordinal >= 0 ? 1 : 0));
        for (int i = 0; i < encoders.length; i++) {
            Object v = row[i];
            if (v == null) {
                out.int32(-1);
            } else if (encoders[i].accepts(v)) {
                append(out, encoders[i], v);
            } else {
                return false;
            }
        }
        if (ordinal >= 0) {
            out.int32(8);
            out.int64(ordinal);
        }
        return true;
    }

    /** A value the encoder accepts (not null). */
    private static void append(Buffer out, Encoder encoder, Object v) {
        switch (encoder) {
            case BOOL -> {
                out.int32(1);
                out.int8((Boolean) v ? 1 : 0);
            }
            case INT2 -> {
                out.int32(2);
                out.int16(((Number) v).intValue());
            }
            case INT4 -> {
                out.int32(4);
                out.int32(((Number) v).intValue());
            }
            case INT8 -> {
                out.int32(8);
                out.int64(((Number) v).longValue());
            }
            case FLOAT4 -> {
                out.int32(4);
                out.int32(Float.floatToIntBits(((Number) v).floatValue()));
            }
            case FLOAT8 -> {
                out.int32(8);
                out.int64(Double.doubleToLongBits(((Number) v).doubleValue()));
            }
            case NUMERIC -> numeric(out, v);
            case TEXT -> out.lengthPrefixed(((String) v).getBytes(StandardCharsets.UTF_8), -1);
            case JSONB -> out.lengthPrefixed(((String) v).getBytes(StandardCharsets.UTF_8), 1);
            case UUID -> {
                java.util.UUID u = (java.util.UUID) v;
                out.int32(16);
                out.int64(u.getMostSignificantBits());
                out.int64(u.getLeastSignificantBits());
            }
            case DATE -> {
                out.int32(4);
                out.int32((int) (((LocalDate) v).toEpochDay() - EPOCH_2000_DAYS));
            }
            case TIME -> {
                out.int32(8);
                out.int64(((LocalTime) v).toNanoOfDay() / 1000);
            }
            case TIMESTAMP -> {
                out.int32(8);
                out.int64(micros(((LocalDateTime) v).toEpochSecond(ZoneOffset.UTC), ((LocalDateTime) v).getNano()));
            }
            case TIMESTAMPTZ -> {
                OffsetDateTime t = (OffsetDateTime) v;
                out.int32(8);
                out.int64(micros(t.toEpochSecond(), t.getNano()));
            }
            case BYTEA -> out.lengthPrefixed((byte[]) v, -1);
        }
    }

    private static long micros(long epochSecond, int nano) {
        return epochSecond * 1_000_000 + nano / 1000 - EPOCH_2000_MICROS;
    }

    /**
     * numeric's binary form: the digit count, the weight of the first base-10000 digit, the sign, the display scale,
     * then the base-10000 digits, most significant first.
     */
    static void numeric(Buffer out, Object value) {
        if (value instanceof Double d && d.isNaN()) {
            out.int32(8);
            out.int16(0);
            out.int16(0);
            out.int16(0xC000);
            out.int16(0);
            return;
        }
        BigDecimal decimal = value instanceof BigDecimal b
                ? b
                : value instanceof Double d ? BigDecimal.valueOf(d) : BigDecimal.valueOf(((Number) value).longValue());
        if (!numericCompact(out, decimal)) {
            numericByDigits(out, decimal);
        }
    }

    /**
     * The usual case, arithmetic on a long: a non-negative scale and at most 18 significant digits. False, writing
     * nothing, for anything else.
     */
    static boolean numericCompact(Buffer out, BigDecimal decimal) {
        int dscale = decimal.scale();
        if (dscale < 0 || decimal.precision() > 18) {
            return false;
        }
        int fractionGroups = (dscale + 3) / 4;
        // the unscaled value with the fraction padded to whole base-10000 digits
        long unscaled = Math.abs(decimal.unscaledValue().longValue());
        long pad = POWERS_OF_TEN[fractionGroups * 4 - dscale];
        if (unscaled > Long.MAX_VALUE / pad) {
            return false;
        }
        long v = unscaled * pad;
        int[] groups = new int[5]; // least significant first; 10000^5 > Long.MAX_VALUE
        int n = 0;
        while (v != 0) {
            groups[n++] = (int) (v % 10_000);
            v /= 10_000;
        }
        int low = 0;
        while (low < n && groups[low] == 0) {
            low++;
        }
        int kept = n - low;
        out.int32(8 + 2 * kept);
        out.int16(kept);
        out.int16(kept == 0 ? 0 : n - 1 - fractionGroups);
        out.int16(decimal.signum() < 0 && kept > 0 ? 0x4000 : 0);
        out.int16(dscale);
        for (int k = n - 1; k >= low; k--) {
            out.int16(groups[k]);
        }
        return true;
    }

    /** Any BigDecimal, through its decimal digits. */
    static void numericByDigits(Buffer out, BigDecimal decimal) {
        int dscale = Math.max(decimal.scale(), 0);
        BigDecimal abs = decimal.abs().setScale(dscale);
        String digits = abs.unscaledValue().toString();
        if (digits.length() < dscale + 1) {
            digits = "0".repeat(dscale + 1 - digits.length()) + digits;
        }
        String integer = digits.substring(0, digits.length() - dscale);
        String fraction = digits.substring(digits.length() - dscale);
        integer = "0".repeat((4 - integer.length() % 4) % 4) + integer;
        fraction = fraction + "0".repeat((4 - fraction.length() % 4) % 4);
        String all = integer + fraction;
        int[] groups = new int[all.length() / 4];
        for (int i = 0; i < groups.length; i++) {
            groups[i] = Integer.parseInt(all, i * 4, i * 4 + 4, 10);
        }
        int weight = integer.length() / 4 - 1;
        int first = 0;
        while (first < groups.length && groups[first] == 0) {
            first++;
            weight--;
        }
        int last = groups.length;
        while (last > first && groups[last - 1] == 0) {
            last--;
        }
        int[] kept = Arrays.copyOfRange(groups, first, last);
        if (kept.length == 0) {
            weight = 0;
        }
        out.int32(8 + 2 * kept.length);
        out.int16(kept.length);
        out.int16(weight);
        out.int16(decimal.signum() < 0 && kept.length > 0 ? 0x4000 : 0);
        out.int16(dscale);
        for (int group : kept) {
            out.int16(group);
        }
    }

    /** A growable big-endian byte buffer. */
    static final class Buffer {
        private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

        private byte[] bytes;
        private int size;

        Buffer() {
            this(1 << 17);
        }

        Buffer(int capacity) {
            bytes = new byte[Math.max(capacity, 64)];
        }

        int size() {
            return size;
        }

        byte[] array() {
            return bytes;
        }

        void clear() {
            size = 0;
        }

        void write(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, bytes, size, b.length);
            size += b.length;
        }

        void int8(int v) {
            ensure(1);
            bytes[size++] = (byte) v;
        }

        void int16(int v) {
            ensure(2);
            bytes[size++] = (byte) (v >>> 8);
            bytes[size++] = (byte) v;
        }

        void int32(int v) {
            ensure(4);
            bytes[size++] = (byte) (v >>> 24);
            bytes[size++] = (byte) (v >>> 16);
            bytes[size++] = (byte) (v >>> 8);
            bytes[size++] = (byte) v;
        }

        void int64(long v) {
            int32((int) (v >>> 32));
            int32((int) v);
        }

        /** A length, an optional version byte (jsonb's 1), then the bytes; {@code version < 0} for none. */
        void lengthPrefixed(byte[] b, int version) {
            int32(b.length + (version >= 0 ? 1 : 0));
            if (version >= 0) {
                int8(version);
            }
            write(b);
        }

        private void ensure(int more) {
            long needed = (long) size + more;
            if (needed > bytes.length) {
                if (needed > MAX_ARRAY) {
                    throw new IllegalStateException("a COPY buffer cannot hold more than " + MAX_ARRAY + " bytes");
                }
                bytes = Arrays.copyOf(bytes, (int) Math.min(MAX_ARRAY, Math.max(bytes.length * 2L, needed)));
            }
        }
    }
}
