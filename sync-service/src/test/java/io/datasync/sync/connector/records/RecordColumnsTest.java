package io.datasync.sync.connector.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.DataType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordColumnsTest {

    @Test
    void aNullValueTellsNothingOfItsFieldsTypeWhichLaterSamplesDecide() {
        Map<String, Object> nulls = new HashMap<>();
        nulls.put("id", 7);
        nulls.put("name", null);
        nulls.put("note", null);

        RecordColumns columns = RecordColumns.infer(
                List.of("id", "name", "note"), List.of(nulls, Map.of("id", 8, "name", "x")), List.of("id"));

        assertThat(columns.schema().columns())
                .containsExactly(
                        Column.of("id", DataType.BIGINT),
                        Column.of("name", DataType.TEXT),
                        Column.of("note", DataType.TEXT));
    }
}
