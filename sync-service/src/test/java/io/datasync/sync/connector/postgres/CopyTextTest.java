package io.datasync.sync.connector.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CopyTextTest {

    @Test
    void writesNullAsBackslashNSoThatAnEmptyStringStaysEmpty() {
        assertThat(encode(null)).isEqualTo("\\N");
        assertThat(encode("")).isEqualTo("");
        assertThat(encode("\\N")).isEqualTo("\\\\N");
    }

    @Test
    void escapesTheCharactersCopyTextGivesAMeaningAndNothingElse() {
        assertThat(encode("a\tb\nc\rd\\e")).isEqualTo("a\\tb\\nc\\rd\\\\e");
        assertThat(encode("\\.")).isEqualTo("\\\\.");
        assertThat(encode("'\" , ; 日本 😀")).isEqualTo("'\" , ; 日本 😀");
    }

    @Test
    void writesBytesInByteaHexFormWithTheBackslashEscapedForCopy() {
        assertThat(encode(new byte[] {0, (byte) 0xff, '\\'})).isEqualTo("\\\\x00ff5c");
    }

    @Test
    void writesNumbersWithoutExponentsAndSpecialDoublesAsPostgresReadsThem() {
        assertThat(encode(new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(encode(Double.NaN)).isEqualTo("NaN");
        assertThat(encode(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
        assertThat(encode(true)).isEqualTo("t");
    }

    @Test
    void writesDatesBeforeOurEraWithBcAndInstantsWithAnExplicitOffset() {
        assertThat(encode(LocalDate.of(-43, 3, 15))).isEqualTo("0044-03-15 BC");
        assertThat(encode(LocalDate.of(12345, 1, 2))).isEqualTo("12345-01-02");
        assertThat(encode(LocalDateTime.of(2026, 1, 2, 3, 4, 5, 6000))).isEqualTo("2026-01-02 03:04:05.000006");
        assertThat(encode(OffsetDateTime.of(2026, 1, 2, 3, 4, 0, 0, ZoneOffset.UTC)))
                .isEqualTo("2026-01-02 03:04:00+00:00");
        assertThat(encode(OffsetDateTime.of(2026, 1, 2, 3, 4, 0, 0, ZoneOffset.ofHoursMinutes(-3, -30))))
                .isEqualTo("2026-01-02 03:04:00-03:30");
        assertThat(encode(LocalDateTime.of(-99, 12, 31, 23, 59, 59, 120_000_000)))
                .isEqualTo("0100-12-31 23:59:59.120 BC");
        assertThat(encode(OffsetDateTime.of(-99, 1, 1, 0, 0, 0, 7, ZoneOffset.ofHours(2))))
                .isEqualTo("0100-01-01 00:00:00.000000007+02:00 BC");
        assertThat(encode(java.time.LocalTime.of(9, 5, 0, 50_000))).isEqualTo("09:05:00.000050");
    }

    @Test
    void endsEachRowWithItsOrdinalAndANewline() {
        StringBuilder out = new StringBuilder();
        CopyText.appendRow(out, new Object[] {1L, null, new UUID(0, 1)}, new String[] {"a", "b", "c"}, 7);
        assertThat(out).hasToString("1\t\\N\t00000000-0000-0000-0000-000000000001\t7\n");
    }

    @Test
    void refusesAJavaTypeNoColumnAcceptsNamingTheColumn() {
        assertThatThrownBy(() -> CopyText.appendValue(new StringBuilder(), new Object(), "price"))
                .hasMessageContaining("column price holds a Object");
    }

    private static String encode(Object value) {
        StringBuilder out = new StringBuilder();
        CopyText.appendValue(out, value, "c");
        return out.toString();
    }
}
