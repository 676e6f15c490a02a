package io.datasync.sync.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.Schema;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RowValuesTest {

    private static final Schema SCHEMA = new Schema(
            List.of(
                    Column.of("id", DataType.BIGINT),
                    Column.of("amount", DataType.DECIMAL),
                    Column.of("day", DataType.DATE),
                    Column.of("at", DataType.TIMESTAMPTZ),
                    Column.of("ref", DataType.UUID),
                    Column.of("blob", DataType.BYTES),
                    Column.of("note", DataType.TEXT)),
            List.of("id"));

    @Test
    void aRowGoesToJsonValuesAndComesBackAsTheSameJavaValues() {
        UUID ref = UUID.randomUUID();
        Object[] row = {
            7L,
            new BigDecimal("12.50"),
            LocalDate.of(2026, 12, 4),
            OffsetDateTime.of(2026, 12, 4, 10, 0, 0, 0, ZoneOffset.UTC),
            ref,
            new byte[] {1, 2, 3},
            null
        };
        Map<String, Object> json = RowValues.toJson(SCHEMA, row);
        assertThat(json)
                .containsEntry("id", 7L)
                .containsEntry("amount", new BigDecimal("12.50"))
                .containsEntry("day", "2026-12-04")
                .containsEntry("ref", ref.toString())
                .containsEntry("blob", "AQID")
                .containsEntry("note", null);
        assertThat(RowValues.key(SCHEMA, row)).containsExactly(Map.entry("id", 7L));

        Object[] back = RowValues.fromJson(SCHEMA, json);
        assertThat(back[0]).isEqualTo(7L);
        assertThat(back[1]).isEqualTo(new BigDecimal("12.50"));
        assertThat(back[2]).isEqualTo(LocalDate.of(2026, 12, 4));
        assertThat(back[3]).isEqualTo(row[3]);
        assertThat(back[4]).isEqualTo(ref);
        assertThat((byte[]) back[5]).containsExactly(1, 2, 3);
        assertThat(back[6]).isNull();
    }

    @Test
    void aFixedValueThatDoesNotConvertOrAnUnknownColumnIsRefusedByName() {
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("id", "seven");
        assertThatThrownBy(() -> RowValues.fromJson(SCHEMA, bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column id")
                .hasMessageContaining("'seven'");
        assertThatThrownBy(() -> RowValues.fromJson(SCHEMA, Map.of("nope", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column nope is not a column");
    }
}
