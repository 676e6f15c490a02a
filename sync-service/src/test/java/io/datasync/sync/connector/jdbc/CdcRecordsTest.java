package io.datasync.sync.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.connector.spi.SyncErrorCode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** Debezium change records folded into one micro-batch: last change per key wins, TOAST placeholders kept, types. */
class CdcRecordsTest {

    private static final Schema SCHEMA = new Schema(
            List.of(
                    new Column("id", DataType.INT, false, 0, 0),
                    new Column("doc", DataType.TEXT, true, 0, 0),
                    new Column("price", DataType.DECIMAL, true, 12, 2),
                    new Column("seen", DataType.TIMESTAMP, true, 0, 0),
                    new Column("at", DataType.TIMESTAMPTZ, true, 0, 0),
                    new Column("day", DataType.DATE, true, 0, 0)),
            List.of("id"));

    private static final org.apache.kafka.connect.data.Schema ROW = SchemaBuilder.struct()
            .field("id", org.apache.kafka.connect.data.Schema.INT32_SCHEMA)
            .field("doc", org.apache.kafka.connect.data.Schema.OPTIONAL_STRING_SCHEMA)
            .field("price", org.apache.kafka.connect.data.Schema.OPTIONAL_STRING_SCHEMA)
            .field(
                    "seen",
                    SchemaBuilder.int64()
                            .name("io.debezium.time.MicroTimestamp")
                            .optional()
                            .build())
            .field(
                    "at",
                    SchemaBuilder.string()
                            .name("io.debezium.time.ZonedTimestamp")
                            .optional()
                            .build())
            .field(
                    "day",
                    SchemaBuilder.int32()
                            .name("io.debezium.time.Date")
                            .optional()
                            .build())
            .optional()
            .build();

    private static final org.apache.kafka.connect.data.Schema ENVELOPE = SchemaBuilder.struct()
            .field("before", ROW)
            .field("after", ROW)
            .field("op", org.apache.kafka.connect.data.Schema.STRING_SCHEMA)
            .field("ts_ms", org.apache.kafka.connect.data.Schema.OPTIONAL_INT64_SCHEMA)
            .build();

    private final CdcRecords records = new CdcRecords(SCHEMA, "public.items");
    private long lsn;

    @Test
    void theLastChangeOfAKeyWinsAndDeletesCarryTheKey() {
        var decoded = records.decode(List.of(
                change("c", null, row(1, "a")),
                change("c", null, row(2, "b")),
                change("u", null, row(1, "a2")),
                change("d", row(2, "b"), null),
                change("d", row(3, "x"), null),
                change("c", null, row(3, "again"))));
        assertThat(decoded.rows()).extracting(r -> r[1]).containsExactlyInAnyOrder("a2", "again");
        assertThat(decoded.changes().deletes()).extracting(k -> k[0]).containsExactly(2);
        assertThat(decoded.changes().keyColumns()).containsExactly("id");
        assertThat(decoded.changes().unchanged()).isNull();
        assertThat(decoded.position().values()).containsEntry("lsn", lsn);
        assertThat(decoded.dataRecords()).isEqualTo(6);
    }

    @Test
    void anUnchangedToastedValueIsTakenFromTheBatchOrKeptInTheTarget() {
        var decoded = records.decode(List.of(
                change("u", null, row(1, CdcRecords.UNAVAILABLE)),
                change("c", null, row(2, "big")),
                change("u", null, row(2, CdcRecords.UNAVAILABLE))));
        assertThat(decoded.rows()).hasSize(2);
        int first = (Integer) decoded.rows().get(0)[0] == 1 ? 0 : 1;
        assertThat(decoded.rows().get(first)[1]).isNull();
        assertThat(decoded.changes().unchanged(first)).isEqualTo(Set.of("doc"));
        assertThat(decoded.rows().get(1 - first)[1]).isEqualTo("big");
        assertThat(decoded.changes().unchanged(1 - first)).isEmpty();
    }

    @Test
    void valuesBecomeTheirColumnsJavaTypes() {
        Struct after = row(5, "d");
        after.put("price", "12.50");
        after.put("seen", 1_700_000_000_123_456L);
        after.put("at", "2026-12-04T10:15:30.5Z");
        after.put("day", 20_000);
        Object[] row = records.decode(List.of(change("r", null, after))).rows().get(0);
        assertThat(row[2]).isEqualTo(new BigDecimal("12.50"));
        assertThat(row[3]).isEqualTo(LocalDateTime.of(2023, 11, 14, 22, 13, 20, 123_456_000));
        assertThat(row[4]).isEqualTo(OffsetDateTime.parse("2026-12-04T10:15:30.5Z"));
        assertThat(row[5]).isEqualTo(LocalDate.ofEpochDay(20_000));
    }

    @Test
    void aColumnTheJobDoesNotKnowStopsTheRunNamingIt() {
        org.apache.kafka.connect.data.Schema wider = SchemaBuilder.struct()
                .field("id", org.apache.kafka.connect.data.Schema.INT32_SCHEMA)
                .field("extra", org.apache.kafka.connect.data.Schema.OPTIONAL_STRING_SCHEMA)
                .build();
        Struct after = new Struct(wider).put("id", 1).put("extra", "x");
        org.apache.kafka.connect.data.Schema envelope = SchemaBuilder.struct()
                .field("after", wider)
                .field("op", org.apache.kafka.connect.data.Schema.STRING_SCHEMA)
                .build();
        Struct value = new Struct(envelope).put("after", after).put("op", "u");
        SourceRecord record = new SourceRecord(Map.of(), Map.of("lsn", 1L), "t", envelope, value);
        assertThatThrownBy(() -> records.decode(List.of(record)))
                .isInstanceOfSatisfying(
                        ConnectorException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(SyncErrorCode.SCHEMA_CHANGED))
                .hasMessageContaining("column extra was added to public.items");
    }

    @Test
    void heartbeatsOnlyMoveThePosition() {
        SourceRecord heartbeat = new SourceRecord(Map.of(), Map.of("lsn", 99L), "__debezium-heartbeat.x", null, null);
        var decoded = records.decode(List.of(heartbeat));
        assertThat(decoded.rows()).isEmpty();
        assertThat(decoded.changes().deletes()).isEmpty();
        assertThat(decoded.position().values()).containsEntry("lsn", 99L);
    }

    private static Struct row(int id, String doc) {
        return new Struct(ROW).put("id", id).put("doc", doc);
    }

    private SourceRecord change(String op, Struct before, Struct after) {
        Struct value = new Struct(ENVELOPE).put("op", op).put("ts_ms", 1_000L);
        if (before != null) {
            value.put("before", before);
        }
        if (after != null) {
            value.put("after", after);
        }
        lsn += 10;
        Map<String, Object> offset = new java.util.HashMap<>();
        offset.put("lsn", lsn);
        offset.put("txId", null);
        return new SourceRecord(Map.of("server", "ds"), offset, "ds.public.items", ENVELOPE, value);
    }
}
