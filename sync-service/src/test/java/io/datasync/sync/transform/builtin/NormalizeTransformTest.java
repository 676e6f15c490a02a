package io.datasync.sync.transform.builtin;

import static io.datasync.sync.transform.builtin.Rows.chunk;
import static io.datasync.sync.transform.builtin.Rows.only;
import static io.datasync.sync.transform.builtin.Rows.onlyError;
import static io.datasync.sync.transform.builtin.Rows.row;
import static io.datasync.sync.transform.builtin.Rows.schema;
import static io.datasync.sync.transform.builtin.Rows.transform;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.transform.spi.Transform;
import io.datasync.sync.transform.spi.TransformException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NormalizeTransformTest {

    private static final Schema TEXT = schema("id:BIGINT", "v:TEXT");

    private static Object normalize(String operation, Object value) {
        return only(transform("normalize", Map.of("v", operation)).apply(chunk(TEXT, row(1L, value))))[1];
    }

    private static String failure(String operation, Object value) {
        return onlyError(transform("normalize", Map.of("v", operation)).apply(chunk(TEXT, row(1L, value))));
    }

    @Test
    void trimsUnicodeWhiteSpaceAndChangesCaseWithoutLocale() {
        assertThat(normalize("trim", "\u3000 Alice \t")).isEqualTo("Alice");
        assertThat(normalize("lower-trim", "  Alice@Example.COM ")).isEqualTo("alice@example.com");
        assertThat(normalize("upper-trim", " title ")).isEqualTo("TITLE");
        assertThat(normalize("lower", "TITLE")).isEqualTo("title");
        assertThat(normalize("upper", "i")).isEqualTo("I");
    }

    @Test
    void readsCommonDateFormsAsIsoDates() {
        assertThat(normalize("iso-date", "2024-01-02")).isEqualTo("2024-01-02");
        assertThat(normalize("iso-date", "2024/1/2")).isEqualTo("2024-01-02");
        assertThat(normalize("iso-date", "02.01.2024")).isEqualTo("2024-01-02");
        assertThat(normalize("iso-date", "20240102")).isEqualTo("2024-01-02");
        assertThat(normalize("iso-date", "1704153600000")).isEqualTo("2024-01-02");
        assertThat(normalize("iso-date", "2024-01-02T23:30:00+08:00")).isEqualTo("2024-01-02");
    }

    @Test
    void readsCommonTimestampFormsAsIsoTimestampsKeepingTheOffsetWhenThereIsOne() {
        assertThat(normalize("iso-timestamp", "2024/01/02 3:04:05")).isEqualTo("2024-01-02T03:04:05");
        assertThat(normalize("iso-timestamp", "02.01.2024 03:04")).isEqualTo("2024-01-02T03:04:00");
        assertThat(normalize("iso-timestamp", "2024-01-02")).isEqualTo("2024-01-02T00:00:00");
        assertThat(normalize("iso-timestamp", "2024-01-02 03:04:05+08")).isEqualTo("2024-01-02T03:04:05+08:00");
        assertThat(normalize("iso-timestamp", "1704153600000")).isEqualTo("2024-01-02T00:00:00Z");
    }

    @Test
    void impossibleDatesAndGarbageAreRowErrors() {
        assertThat(failure("iso-date", "2024-02-30")).contains("cannot read '2024-02-30' as a date");
        assertThat(failure("iso-date", "soon")).contains("as a date");
        assertThat(failure("iso-date", "2024")).contains("as a date");
        assertThat(failure("iso-timestamp", "yesterday")).contains("as a timestamp");
    }

    @Test
    void numbersLoseCurrencySymbolsAndThousandsSeparators() {
        assertThat(normalize("number", "¥1,234.50")).isEqualTo("1234.50");
        assertThat(normalize("number", "$ 1,234,567")).isEqualTo("1234567");
        assertThat(normalize("number", "1.234,5 €")).isEqualTo("1234.5");
        assertThat(normalize("number", "1.234.567")).isEqualTo("1234567");
        assertThat(normalize("number", "12,5")).isEqualTo("12.5");
        assertThat(normalize("number", "1'234.5")).isEqualTo("1234.5");
        assertThat(normalize("number", "(12.00)")).isEqualTo("-12.00");
        assertThat(normalize("number", "-0.5")).isEqualTo("-0.5");
        assertThat(normalize("number", "USD 10")).isEqualTo("10");
        assertThat(failure("number", "ten")).contains("cannot read 'ten' as a number");
        assertThat(failure("number", "1,23,4")).contains("as a number");
    }

    @Test
    void dateAndNumberNormalizationsGiveTextFromTypedValues() {
        Schema typed = schema("id:BIGINT", "d:DATE", "n:DECIMAL");
        Transform normalize = transform("normalize", Map.of("d", "iso-date", "n", "number"));
        assertThat(normalize.outputSchema(typed).column(1).type()).isEqualTo(DataType.TEXT);
        assertThat(normalize.outputSchema(typed).column(2).type()).isEqualTo(DataType.TEXT);
        assertThat(only(normalize.apply(chunk(typed, row(1L, LocalDate.of(2024, 1, 2), new BigDecimal("1E+3"))))))
                .containsExactly(1L, "2024-01-02", "1000");
    }

    @Test
    void textNormalizationsNeedATextColumn() {
        assertThatThrownBy(() -> transform("normalize", Map.of("n", "trim")).outputSchema(schema("id:BIGINT", "n:INT")))
                .isInstanceOf(TransformException.class)
                .hasMessageContaining("needs a TEXT column");
    }
}
