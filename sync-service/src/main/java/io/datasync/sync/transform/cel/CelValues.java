package io.datasync.sync.transform.cel;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Converts row values (the Java classes of {@link io.datasync.sync.connector.spi.DataType}) to what the CEL runtime
 * works with, and CEL results back. Dates, times and UUIDs reach CEL as ISO-8601 / canonical text, so they compare
 * in order as strings and read as they print.
 */
final class CelValues {

    private CelValues() {}

    static Object toCel(Object value) {
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
            // CEL has no decimal type; double is what config-service's previews use too.
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
     * A CEL result as a plain Java value: null, Boolean, Long, Double, String, BigInteger (uint), byte[] (bytes),
     * ISO-8601 text (timestamp, duration), or lists and maps of those.
     */
    static Object fromCel(Object value) {
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
        return value instanceof Number ? value : value.toString();
    }
}
