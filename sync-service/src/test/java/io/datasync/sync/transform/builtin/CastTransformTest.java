package io.datasync.sync.transform.builtin;

import static io.datasync.sync.transform.builtin.Rows.chunk;
import static io.datasync.sync.transform.builtin.Rows.only;
import static io.datasync.sync.transform.builtin.Rows.onlyError;
import static io.datasync.sync.transform.builtin.Rows.row;
import static io.datasync.sync.transform.builtin.Rows.schema;
import static io.datasync.sync.transform.builtin.Rows.transform;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.transform.spi.RowError;
import io.datasync.sync.transform.spi.Transform;
import io.datasync.sync.transform.spi.TransformException;
import io.datasync.sync.types.CastType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CastTransformTest {

    private static final Schema TEXT = schema("id:BIGINT", "v:TEXT");

    private static Object cast(String type, Object value) {
        return only(transform("cast", Map.of("v", type)).apply(chunk(TEXT, row(1L, value))))[1];
    }

    private static String castError(String type, Object value) {
        Transform.Result result = transform("cast", Map.of("v", type)).apply(chunk(TEXT, row(1L, value)));
        assertThat(result.chunk().rows()).isEmpty();
        return onlyError(result);
    }

    @Test
    void threeBadValuesInTenThousandRowsGiveExactlyThreeErrorsNamingTheirKeys() {
        List<Object[]> rows = new ArrayList<>();
        for (long id = 0; id < 10_000; id++) {
            rows.add(row(id, id == 17 || id == 4_242 || id == 9_999 ? "abc" + id : String.valueOf(id)));
        }
        Chunk chunk = new Chunk(TEXT, rows, io.datasync.sync.connector.spi.Position.START, 0);

        Transform.Result result = transform("cast", Map.of("v", "int")).apply(chunk);

        assertThat(result.chunk().size()).isEqualTo(9_997);
        assertThat(result.errors()).hasSize(3);
        assertThat(result.errors()).extracting(e -> e.key()[0]).containsExactly(17L, 4_242L, 9_999L);
        assertThat(result.errors()).extracting(RowError::rowIndex).containsExactly(17, 4_242, 9_999);
        assertThat(result.errors().get(0).transform()).isEqualTo("cast");
        assertThat(result.errors().get(0).reason()).startsWith("cannot cast 'abc17' to int");
        assertThat(result.inputRow(17)).isEqualTo(18);
        assertThat(result.chunk().rows().get(17)[1]).isEqualTo(18);
    }

    @Test
    void failureSaysValueTypeAndReason() {
        assertThat(castError("int", "abc")).isEqualTo("cannot cast 'abc' to int (column v): not a number");
        assertThat(castError("int", "12.5")).endsWith("not a whole number");
        assertThat(castError("int", "3000000000")).contains("out of range");
        assertThat(castError("decimal(4,2)", "123.4")).contains("at most 2 digits before the point");
        assertThat(castError("varchar(3)", "abcd")).endsWith("longer than 3 characters");
        assertThat(castError("boolean", "maybe")).contains("not one of true/false");
        assertThat(castError("date", "02.01.2024")).contains("normalize it with iso-date");
        assertThat(castError("uuid", "1-1-1-1-1")).contains("not a UUID");
        assertThat(castError("json", "{oops")).endsWith("not JSON");
    }

    @Test
    void convertsTextAndNumbersToEachTypesJavaClass() {
        assertThat(cast("int", " 42 ")).isEqualTo(42);
        assertThat(cast("integer", "42.0")).isEqualTo(42);
        assertThat(cast("bigint", "9000000000")).isEqualTo(9_000_000_000L);
        assertThat(cast("decimal(12,2)", "12.345")).isEqualTo(new BigDecimal("12.35"));
        assertThat(cast("numeric", "1e3")).isEqualTo(new BigDecimal("1e3"));
        assertThat(cast("double", "2.5")).isEqualTo(2.5d);
        assertThat(cast("boolean", "Yes")).isEqualTo(true);
        assertThat(cast("boolean", "0")).isEqualTo(false);
        assertThat(cast("date", "2024-01-02")).isEqualTo(LocalDate.of(2024, 1, 2));
        assertThat(cast("timestamp", "2024-01-02 03:04:05")).isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5));
        assertThat(cast("timestamp", "2024-01-02T11:04:05+08:00")).isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5));
        assertThat(cast("timestamptz", "2024-01-02 03:04:05+08"))
                .isEqualTo(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(8)));
        assertThat(cast("uuid", "123e4567-e89b-12d3-a456-426614174000"))
                .isEqualTo(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
        assertThat(cast("json", "{\"a\": 1}")).isEqualTo("{\"a\": 1}");
        assertThat(cast("text", "x")).isEqualTo("x");
    }

    @Test
    void convertsBetweenNonTextTypes() {
        Schema numbers = schema("id:BIGINT", "n:INT", "d:DECIMAL", "ms:BIGINT");
        Object[] out = only(transform("cast", Map.of("n", "text", "d", "bigint", "ms", "timestamptz"))
                .apply(chunk(numbers, row(1L, 7, new BigDecimal("5.000"), 0L))));
        assertThat(out[1]).isEqualTo("7");
        assertThat(out[2]).isEqualTo(5L);
        assertThat(out[3]).isEqualTo(OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
    }

    @Test
    void outputSchemaHasTheNewTypesWithPrecisionAndScale() {
        Schema out = transform("cast", Map.of("v", "decimal(12,2)")).outputSchema(TEXT);
        assertThat(out.column(1)).isEqualTo(new Column("v", DataType.DECIMAL, true, 12, 2));
        assertThat(transform("cast", Map.of("v", "varchar(40)"))
                        .outputSchema(TEXT)
                        .column(1)
                        .precision())
                .isEqualTo(40);
        assertThat(out.keys()).containsExactly("id");
    }

    @Test
    void doesNotChangeTheInputRows() {
        Object[] input = row(1L, "42");
        transform("cast", Map.of("v", "int")).apply(chunk(TEXT, input));
        assertThat(input).containsExactly(1L, "42");
    }

    @Test
    void namingAColumnTheRowsLackIsTheJobsError() {
        assertThatThrownBy(() -> transform("cast", Map.of("nope", "int")).outputSchema(TEXT))
                .isInstanceOf(TransformException.class)
                .hasMessageContaining("'nope'");
    }

    @Test
    void everyCatalogTypeResolves() {
        for (String type : Set.of(
                "smallint",
                "int",
                "integer",
                "bigint",
                "real",
                "double",
                "float",
                "boolean",
                "text",
                "varchar(10)",
                "date",
                "time",
                "timestamp",
                "timestamptz",
                "uuid",
                "json",
                "jsonb",
                "bytea",
                "decimal",
                "decimal(10)",
                "decimal(10, 2)",
                "numeric(5,5)")) {
            assertThat(CastType.parse(type).type()).as(type).isNotNull();
        }
    }
}
