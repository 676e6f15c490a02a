package io.datasync.sync.connector.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.sync.connector.spi.RejectedRecord;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class KafkaRecordDecoderTest {

    private static KafkaRecordDecoder decoder(List<String> meta, List<String> key) {
        KafkaSourceOptions options = KafkaSourceOptions.parse(Map.of(
                "topics",
                List.of("orders"),
                "columns",
                List.of(Map.of("name", "id", "type", "bigint")),
                "metaColumns",
                meta,
                "key",
                key));
        return new KafkaRecordDecoder(options, options.schema());
    }

    private static ConsumerRecord<byte[], byte[]> record(String key, String value, RecordHeaders headers) {
        byte[] k = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        byte[] v = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
        return new ConsumerRecord<>(
                "orders",
                3,
                1234L,
                86_400_000L,
                TimestampType.CREATE_TIME,
                k == null ? -1 : k.length,
                v == null ? -1 : v.length,
                k,
                v,
                headers,
                Optional.empty());
    }

    @Test
    void metadataColumnsFollowTheValuesColumns() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader("source", "web".getBytes(StandardCharsets.UTF_8)));
        headers.add(new RecordHeader("tag", "a".getBytes(StandardCharsets.UTF_8)));
        headers.add(new RecordHeader("tag", "b".getBytes(StandardCharsets.UTF_8)));
        headers.add(new RecordHeader("empty", null));
        List<RejectedRecord> rejected = new ArrayList<>();

        Object[] row = decoder(List.of("_key", "_headers", "_partition", "_offset", "_timestamp"), List.of("id"))
                .row(record("k-7", "{\"id\": 7}", headers), rejected);

        assertThat(rejected).isEmpty();
        assertThat(row)
                .containsExactly(
                        7L,
                        "k-7",
                        "{\"source\":\"web\",\"tag\":[\"a\",\"b\"],\"empty\":null}",
                        3,
                        1234L,
                        OffsetDateTime.of(1970, 1, 2, 0, 0, 0, 0, ZoneOffset.UTC));
    }

    @Test
    void noHeadersIsNull() {
        Object[] row = decoder(List.of("_headers"), List.of())
                .row(record(null, "{\"id\": 1}", new RecordHeaders()), new ArrayList<>());

        assertThat(row).containsExactly(1L, null);
    }

    @Test
    void aRecordWithoutTheKeyItIsKeyedByIsRejectedWithItsValue() {
        List<RejectedRecord> rejected = new ArrayList<>();

        Object[] row = decoder(List.of("_key"), List.of("_key"))
                .row(record(null, "{\"id\": 1}", new RecordHeaders()), rejected);

        assertThat(row).isNull();
        assertThat(rejected).singleElement().satisfies(r -> {
            assertThat(r.locator()).isEqualTo("orders/3@1234");
            assertThat(r.reason()).isEqualTo("key column _key is empty");
            assertThat(new String(r.raw(), StandardCharsets.UTF_8)).isEqualTo("{\"id\": 1}");
        });
    }

    @Test
    void aTombstoneIsRejected() {
        List<RejectedRecord> rejected = new ArrayList<>();

        assertThat(decoder(List.of(), List.of()).row(record("k", null, new RecordHeaders()), rejected))
                .isNull();

        assertThat(rejected.get(0).reason()).contains("no payload");
    }
}
