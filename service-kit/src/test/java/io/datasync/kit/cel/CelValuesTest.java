package io.datasync.kit.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.primitives.UnsignedLong;
import com.google.protobuf.ByteString;
import dev.cel.common.values.NullValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CelValuesTest {

    @Test
    void passesCelNativeValuesThrough() {
        assertThat(CelValues.toCel("x")).isEqualTo("x");
        assertThat(CelValues.toCel(5L)).isEqualTo(5L);
        assertThat(CelValues.toCel(2.5)).isEqualTo(2.5);
        assertThat(CelValues.toCel(true)).isEqualTo(true);
    }

    @Test
    void widensIntegersToLongAndDecimalsToDouble() {
        assertThat(CelValues.toCel(5)).isEqualTo(5L);
        assertThat(CelValues.toCel((short) 5)).isEqualTo(5L);
        assertThat(CelValues.toCel((byte) 5)).isEqualTo(5L);
        assertThat(CelValues.toCel(2.5f)).isEqualTo(2.5);
        assertThat(CelValues.toCel(new BigDecimal("12.50"))).isEqualTo(12.5);
        assertThat(CelValues.toCel(BigInteger.valueOf(7))).isEqualTo(7L);
        assertThat(CelValues.toCel(BigInteger.TWO.pow(70))).isEqualTo(Math.pow(2, 70));
    }

    @Test
    void nullIsCelsNull() {
        assertThat(CelValues.toCel(null)).isEqualTo(NullValue.NULL_VALUE);
        assertThat(CelValues.toJava(NullValue.NULL_VALUE)).isNull();
        assertThat(CelValues.toJava(com.google.protobuf.NullValue.NULL_VALUE)).isNull();
        assertThat(CelValues.toJson(null)).isNull();
    }

    @Test
    void datesTimesAndUuidsAreIsoText() {
        assertThat(CelValues.toCel(LocalDateTime.of(2024, 3, 1, 10, 0))).isEqualTo("2024-03-01T10:00:00");
        assertThat(CelValues.toCel(OffsetDateTime.of(2024, 3, 1, 10, 0, 0, 0, ZoneOffset.UTC)))
                .isEqualTo("2024-03-01T10:00:00Z");
        assertThat(CelValues.toCel(LocalTime.of(9, 5))).isEqualTo("09:05:00");
        assertThat(CelValues.toCel(LocalDate.of(2024, 3, 1))).isEqualTo("2024-03-01");
        assertThat(CelValues.toCel(Instant.parse("2024-03-01T10:00:00Z"))).isEqualTo("2024-03-01T10:00:00Z");
        UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        assertThat(CelValues.toCel(id)).isEqualTo("123e4567-e89b-12d3-a456-426614174000");
        assertThat(CelExpressions.compile("day >= '2024-01-01' && id.startsWith('123e')")
                        .evaluate(Map.of("day", LocalDate.of(2024, 3, 1), "id", id)))
                .isEqualTo(true);
    }

    @Test
    void bytesGoInAsCelBytesAndComeBackAsByteArrayOrBase64() {
        byte[] raw = "hi".getBytes(StandardCharsets.UTF_8);
        assertThat(CelValues.toCel(raw)).isEqualTo(ByteString.copyFromUtf8("hi"));
        CelExpression echo = CelExpressions.compile("payload + b'!'");
        assertThat(echo.evaluate(Map.of("payload", raw))).isEqualTo("hi!".getBytes(StandardCharsets.UTF_8));
        assertThat(echo.evaluateToJson(Map.of("payload", raw))).isEqualTo("aGkh");
        assertThat(CelExpressions.compile("size(payload)").evaluate(Map.of("payload", raw)))
                .isEqualTo(2L);
    }

    @Test
    void convertsMapsAndListsRecursively() {
        Map<String, Object> nested = new HashMap<>();
        nested.put("n", 1);
        nested.put("none", null);
        Object cel = CelValues.toCel(Map.of("a", List.of(nested, new BigDecimal("1.5"))));
        Map<String, Object> expectedInner = new HashMap<>();
        expectedInner.put("n", 1L);
        expectedInner.put("none", NullValue.NULL_VALUE);
        assertThat(cel).isEqualTo(Map.of("a", List.of(expectedInner, 1.5)));

        Object java = CelValues.toJava(Map.of("k", List.of(NullValue.NULL_VALUE, ByteString.copyFromUtf8("x"))));
        assertThat(java).isInstanceOf(Map.class);
        List<?> k = (List<?>) ((Map<?, ?>) java).get("k");
        assertThat(k.get(0)).isNull();
        assertThat(k.get(1)).isEqualTo("x".getBytes(StandardCharsets.UTF_8));
        assertThat(CelValues.toJson(List.of(ByteString.copyFromUtf8("x"), Double.NaN)))
                .isEqualTo(List.of("eA==", "NaN"));
    }

    @Test
    void javaFormKeepsDoublesAndJsonFormSpellsOutNanAndInfinity() {
        assertThat(CelValues.toJava(Double.NaN)).isEqualTo(Double.NaN);
        assertThat(CelValues.toJava(Double.POSITIVE_INFINITY)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(CelValues.toJson(Double.NaN)).isEqualTo("NaN");
        assertThat(CelValues.toJson(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
        assertThat(CelValues.toJson(2.5)).isEqualTo(2.5);
        assertThat(CelExpressions.compile("amount / 0.0").evaluateToJson(Map.of("amount", 1)))
                .isEqualTo("Infinity");
    }

    @Test
    void unsignedTimestampsAndDurationsHavePlainForms() {
        assertThat(CelValues.toJava(UnsignedLong.valueOf(3))).isEqualTo(BigInteger.valueOf(3));
        assertThat(CelValues.toJava(com.google.protobuf.Timestamp.newBuilder()
                        .setSeconds(1_700_000_000)
                        .build()))
                .isEqualTo("2023-11-14T22:13:20Z");
        assertThat(CelValues.toJava(
                        com.google.protobuf.Duration.newBuilder().setSeconds(90).build()))
                .isEqualTo("PT1M30S");
        assertThat(CelExpressions.compile("timestamp('2024-03-01T10:00:00Z')").evaluateToJson(Map.of()))
                .isEqualTo("2024-03-01T10:00:00Z");
        assertThat(CelExpressions.compile("duration('90s')").evaluate(Map.of())).isEqualTo("PT1M30S");
    }

    @Test
    void refusesResultsWithoutAValueForm() {
        assertThatThrownBy(() -> CelValues.toJava(new Object()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Object");
    }
}
