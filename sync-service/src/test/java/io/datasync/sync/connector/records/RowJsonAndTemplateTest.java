package io.datasync.sync.connector.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.Schema;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class RowJsonAndTemplateTest {

    private static final Schema SCHEMA = new Schema(
            List.of(
                    Column.of("id", DataType.BIGINT),
                    Column.of("amount", DataType.DECIMAL),
                    Column.of("day", DataType.DATE),
                    Column.of("at", DataType.TIMESTAMPTZ),
                    Column.of("raw", DataType.BYTES),
                    Column.of("doc", DataType.JSON),
                    Column.of("ratio", DataType.DOUBLE),
                    Column.of("note", DataType.TEXT)),
            List.of("id"));

    @Test
    void aRowIsOneJsonObjectWithExactDecimalsIsoTimesAndEmbeddedJson() {
        Object[] row = {
            42L,
            new BigDecimal("12345678901234567890.123456789"),
            LocalDate.of(2026, 12, 3),
            OffsetDateTime.of(2026, 12, 3, 10, 0, 0, 123_000_000, ZoneOffset.UTC),
            new byte[] {1, 2, 3},
            "{\"a\": [1, 2]}",
            Double.NaN,
            null
        };
        String json = new String(new RowJson(SCHEMA).encode(row), StandardCharsets.UTF_8);
        assertThat(json)
                .isEqualTo("{\"id\":42,\"amount\":12345678901234567890.123456789,\"day\":\"2026-12-03\","
                        + "\"at\":\"2026-12-03T10:00:00.123Z\",\"raw\":\"AQID\",\"doc\":{\"a\": [1, 2]},"
                        + "\"ratio\":\"NaN\",\"note\":null}");
    }

    @Test
    void aTemplateFillsInTheRowsValues() {
        RowTemplate template = RowTemplate.parse("devices/{id}/notes/{note}").bind(SCHEMA);
        Object[] row = {7L, null, null, null, null, null, null, "hot"};
        assertThat(template.apply(row)).isEqualTo("devices/7/notes/hot");
        row[7] = null;
        assertThat(template.apply(row)).isEqualTo("devices/7/notes/");
        assertThat(RowTemplate.parse("plain").bind(SCHEMA).apply(row)).isEqualTo("plain");
        assertThat(RowTemplate.parse("user:{id}").columns()).containsExactly("id");
    }

    @Test
    void aTemplateWithAStrayBraceOrAnUnknownColumnIsRefusedNamingIt() {
        assertThatThrownBy(() -> RowTemplate.parse("devices/{id"))
                .hasMessageContaining("brace that is not a {column} placeholder");
        assertThatThrownBy(() -> RowTemplate.parse("devices/{}/x"))
                .hasMessageContaining("brace that is not a {column} placeholder");
        assertThatThrownBy(() -> RowTemplate.parse("devices/{device_id}").bind(SCHEMA))
                .hasMessageContaining("names column device_id, which the rows do not have");
        assertThatThrownBy(() -> RowTemplate.parse("x").apply(new Object[8])).isInstanceOf(IllegalStateException.class);
    }
}
