package io.datasync.sync.transform.builtin;

import static io.datasync.sync.transform.builtin.Rows.chunk;
import static io.datasync.sync.transform.builtin.Rows.only;
import static io.datasync.sync.transform.builtin.Rows.onlyError;
import static io.datasync.sync.transform.builtin.Rows.row;
import static io.datasync.sync.transform.builtin.Rows.schema;
import static io.datasync.sync.transform.builtin.Rows.transform;
import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.kit.cel.CelExpressions;
import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.Schema;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RowExpressionTest {

    private static final Schema ORDERS = schema("id:BIGINT", "amount:DECIMAL", "qty:INT", "day:DATE", "ref:UUID");

    @Test
    void readsColumnsByPositionAndMissingColumnsAsNull() {
        RowExpression expression =
                RowExpression.bind(CelExpressions.compile("amount * qty + (other == null ? 0 : 1)"), ORDERS);
        assertThat(expression.evaluate(row(1L, new BigDecimal("2.5"), 4, null, null)))
                .isEqualTo(10.0);
    }

    @Test
    void infersTheColumnTypeOfTheResultFromTheSchema() {
        assertThat(RowExpression.resultType(CelExpressions.compile("amount * 100"), ORDERS))
                .isEqualTo(DataType.DECIMAL);
        assertThat(RowExpression.resultType(CelExpressions.compile("qty * 100"), ORDERS))
                .isEqualTo(DataType.BIGINT);
        assertThat(RowExpression.resultType(CelExpressions.compile("qty > 1"), ORDERS))
                .isEqualTo(DataType.BOOLEAN);
        assertThat(RowExpression.resultType(CelExpressions.compile("day + '!'"), ORDERS))
                .isEqualTo(DataType.TEXT);
        assertThat(RowExpression.resultType(CelExpressions.compile("missing"), ORDERS))
                .isEqualTo(DataType.TEXT);
    }

    @Test
    void datesAndUuidsAreTextToConditions() {
        UUID ref = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        var result = transform("filter", "day >= '2024-01-01' && ref.startsWith('123e')")
                .apply(chunk(
                        ORDERS,
                        row(1L, BigDecimal.ONE, 1, LocalDate.of(2024, 3, 1), ref),
                        row(2L, BigDecimal.ONE, 1, LocalDate.of(2023, 3, 1), ref)));
        assertThat(result.chunk().rows())
                .singleElement()
                .satisfies(r -> assertThat(r[0]).isEqualTo(1L));
    }

    @Test
    void deriveMixesDecimalsAndIntegers() {
        Object[] out = only(transform("derive", Map.of("cents", "amount * 100"))
                .apply(chunk(ORDERS, row(1L, new BigDecimal("12.34"), 1, null, null))));
        assertThat((BigDecimal) out[5]).isEqualByComparingTo("1234");
    }

    @Test
    void deriveOverANullColumnIsNullAndOverTextAFailure() {
        Schema texts = schema("id:BIGINT", "amount:TEXT");
        assertThat(only(transform("derive", Map.of("twice", "amount * 2")).apply(chunk(texts, row(1L, null))))[2])
                .isNull();
        assertThat(onlyError(transform("derive", Map.of("twice", "amount * 2")).apply(chunk(texts, row(1L, "lots")))))
                .startsWith("derive twice = amount * 2 failed: ")
                .contains("_*_");
    }
}
