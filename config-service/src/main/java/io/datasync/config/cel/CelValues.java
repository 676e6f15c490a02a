package io.datasync.config.cel;

import com.google.common.primitives.UnsignedLong;
import com.google.protobuf.ByteString;
import dev.cel.common.values.CelByteString;
import dev.cel.common.values.NullValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between record values as JSON gives them (Integer, BigDecimal, null, …) and the values the CEL runtime
 * works with (int64 as Long, double, {@link NullValue}, …), in both directions.
 */
final class CelValues {

    private CelValues() {}

    /** A record value as CEL expects it: every integer a Long, every decimal a Double, null as CEL's null. */
    static Object toCel(Object value) {
        if (value == null) {
            return NullValue.NULL_VALUE;
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
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), toCel(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(toCel(v)));
            return out;
        }
        return value;
    }

    /**
     * A CEL result as a plain value that serializes to JSON: null for CEL's null, BigInteger for uint, base64 text for
     * bytes, ISO-8601 text for timestamps and durations.
     *
     * @throws IllegalArgumentException for a value that has no JSON form
     */
    static Object fromCel(Object value) {
        if (value == null || value instanceof NullValue || value instanceof com.google.protobuf.NullValue) {
            return null;
        }
        if (value instanceof String || value instanceof Boolean || value instanceof Long) {
            return value;
        }
        if (value instanceof Double d) {
            // JSON has no NaN or infinity; text keeps the value visible instead of failing the whole answer.
            return d.isNaN() || d.isInfinite() ? d.toString() : d;
        }
        if (value instanceof UnsignedLong unsigned) {
            return unsigned.bigIntegerValue();
        }
        if (value instanceof CelByteString bytes) {
            return Base64.getEncoder().encodeToString(bytes.toByteArray());
        }
        if (value instanceof ByteString bytes) {
            return Base64.getEncoder().encodeToString(bytes.toByteArray());
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
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(fromCel(k)), fromCel(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(fromCel(v)));
            return out;
        }
        if (value instanceof Number number) {
            return number;
        }
        throw new IllegalArgumentException(
                "the result is a " + value.getClass().getSimpleName() + ", which has no JSON form");
    }
}
