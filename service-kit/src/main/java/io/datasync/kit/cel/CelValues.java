package io.datasync.kit.cel;

import com.google.common.primitives.UnsignedLong;
import com.google.protobuf.ByteString;
import dev.cel.common.values.CelByteString;
import dev.cel.common.values.NullValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Converts record values to what the CEL runtime works with, and CEL results back, with one set of rules for every
 * service. Into CEL: every integer a Long, every decimal a Double (CEL has no decimal type), bytes as CEL bytes,
 * dates, times and UUIDs as ISO-8601 / canonical text (so they compare in order as strings and read as they print),
 * null as CEL's null. Back: {@link #toJava(Object)} for values a row holds, {@link #toJson(Object)} for values an API
 * answer holds.
 */
public final class CelValues {

    private CelValues() {}

    /**
     * A record value as CEL expects it.
     *
     * @param value null, Boolean, String, any Number, byte[], a java.time value, UUID, or lists and maps of those
     */
    public static Object toCel(Object value) {
        if (value == null) {
            return NullValue.NULL_VALUE;
        }
        if (value instanceof String || value instanceof Long || value instanceof Double || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.doubleValue();
        }
        if (value instanceof BigInteger integer) {
            return integer.bitLength() < 64 ? (Object) integer.longValue() : integer.doubleValue();
        }
        if (value instanceof byte[] bytes) {
            return ByteString.copyFrom(bytes);
        }
        if (value instanceof LocalDateTime timestamp) {
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(timestamp);
        }
        if (value instanceof OffsetDateTime timestamp) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(timestamp);
        }
        if (value instanceof LocalTime time) {
            return DateTimeFormatter.ISO_LOCAL_TIME.format(time);
        }
        if (value instanceof TemporalAccessor || value instanceof UUID) {
            return value.toString();
        }
        if (value instanceof Map<?, ?> map) {
            return eachEntry(map, String::valueOf, CelValues::toCel);
        }
        if (value instanceof List<?> list) {
            return each(list, CelValues::toCel);
        }
        return value;
    }

    /**
     * A CEL result as a plain Java value, as a row holds it: null, Boolean, Long, Double (NaN and infinities
     * included), String, BigInteger (uint), byte[] (bytes), ISO-8601 text (timestamp, duration), or lists and maps
     * of those.
     *
     * @throws IllegalArgumentException for a result that is none of these, e.g. a type from {@code type(x)}
     */
    public static Object toJava(Object value) {
        if (value == null || value instanceof NullValue || value instanceof com.google.protobuf.NullValue) {
            return null;
        }
        if (value instanceof String || value instanceof Boolean || value instanceof Long || value instanceof Double) {
            return value;
        }
        if (value instanceof UnsignedLong unsigned) {
            return unsigned.bigIntegerValue();
        }
        if (value instanceof ByteString bytes) {
            return bytes.toByteArray();
        }
        if (value instanceof CelByteString bytes) {
            return bytes.toByteArray();
        }
        if (value instanceof com.google.protobuf.Timestamp ts) {
            return Instant.ofEpochSecond(ts.getSeconds(), ts.getNanos()).toString();
        }
        if (value instanceof com.google.protobuf.Duration d) {
            return Duration.ofSeconds(d.getSeconds(), d.getNanos()).toString();
        }
        if (value instanceof Instant || value instanceof Duration) {
            return value.toString();
        }
        if (value instanceof Map<?, ?> map) {
            return eachEntry(map, k -> String.valueOf(toJava(k)), CelValues::toJava);
        }
        if (value instanceof List<?> list) {
            return each(list, CelValues::toJava);
        }
        if (value instanceof Number) {
            return value;
        }
        throw new IllegalArgumentException("the result is a " + value.getClass().getSimpleName()
                + ", which is not a value (null, bool, number, text, bytes, list or map)");
    }

    /**
     * A CEL result as a value that serializes to JSON: {@link #toJava(Object)}, then bytes as base64 text and NaN or
     * an infinity as text ({@code "NaN"}, {@code "Infinity"}), since JSON has neither; text keeps the value visible
     * instead of failing the whole answer.
     *
     * @throws IllegalArgumentException for a result that has no value form, as {@link #toJava(Object)}
     */
    public static Object toJson(Object value) {
        return jsonSafe(toJava(value));
    }

    /** A value in the form of {@link #toJava(Object)} made JSON-safe, as {@link #toJson(Object)} describes. */
    static Object jsonSafe(Object value) {
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            return d.toString();
        }
        if (value instanceof Map<?, ?> map) {
            return eachEntry(map, String::valueOf, CelValues::jsonSafe);
        }
        if (value instanceof List<?> list) {
            return each(list, CelValues::jsonSafe);
        }
        return value;
    }

    /** A copy of {@code map} with text keys and converted values, in the same order. */
    private static Map<String, Object> eachEntry(
            Map<?, ?> map, Function<Object, String> key, UnaryOperator<Object> convert) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(key.apply(k), convert.apply(v)));
        return out;
    }

    /** A copy of {@code list} with converted elements; null elements stay (CEL lists hold nulls). */
    private static List<Object> each(List<?> list, UnaryOperator<Object> convert) {
        List<Object> out = new ArrayList<>(list.size());
        list.forEach(v -> out.add(convert.apply(v)));
        return out;
    }
}
