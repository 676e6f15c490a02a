package io.datasync.sync.connector.kafka;

import io.datasync.sync.connector.records.MessageDecoder;
import io.datasync.sync.connector.spi.RejectedRecord;
import io.datasync.sync.connector.spi.Schema;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Kafka record as a row: the declared columns from its value ({@link MessageDecoder}: json, json-schema or csv), then
 * the metadata columns the job chose ({@code _key} as UTF-8 text, {@code _headers} as a JSON object, {@code _partition},
 * {@code _offset}, {@code _timestamp}). A record that cannot become a row — its value does not parse or fit, or a
 * metadata key column is empty (a record without a key) — is a {@link RejectedRecord} located at
 * {@code topic/partition@offset}, with its value's raw bytes.
 *
 * <p>Threading: immutable; shared by nothing but one reader, though it could be.
 */
final class KafkaRecordDecoder {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MessageDecoder decoder;
    private final Schema schema;
    private final int declared;
    private final String[] meta;
    private final int[] metaKeys;

    KafkaRecordDecoder(KafkaSourceOptions options, Schema schema) {
        this.decoder = options.decoder();
        this.schema = schema;
        this.declared = options.columns().fields().size();
        this.meta = options.metaColumns().toArray(String[]::new);
        this.metaKeys = options.metaColumns().stream()
                .filter(options.keys()::contains)
                .mapToInt(m -> declared + options.metaColumns().indexOf(m))
                .toArray();
    }

    /** A record's row (value columns, then metadata), or null after adding its reject. */
    Object[] row(ConsumerRecord<byte[], byte[]> record, List<RejectedRecord> rejected) {
        Object[] row = decoder.decode(record.value(), () -> locator(record), rejected::add);
        if (row == null) {
            return null;
        }
        for (int i = 0; i < meta.length; i++) {
            row[declared + i] = switch (meta[i]) {
                case "_key" -> record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
                case "_headers" -> headers(record);
                case "_partition" -> record.partition();
                case "_offset" -> record.offset();
                case "_timestamp" ->
                    record.timestamp() < 0
                            ? null
                            : Instant.ofEpochMilli(record.timestamp()).atOffset(ZoneOffset.UTC);
                default -> throw new IllegalStateException(meta[i]);
            };
        }
        for (int key : metaKeys) {
            if (row[key] == null) {
                rejected.add(new RejectedRecord(
                        locator(record), "key column " + schema.column(key).name() + " is empty", record.value()));
                return null;
            }
        }
        return row;
    }

    /** The headers as a JSON object of UTF-8 text (a repeated name: an array of its values); null when none. */
    private static String headers(ConsumerRecord<byte[], byte[]> record) {
        Header[] headers = record.headers().toArray();
        if (headers.length == 0) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        for (Header header : headers) {
            String value = header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
            if (json.containsKey(header.key())) {
                Object earlier = json.get(header.key());
                List<Object> values;
                if (earlier instanceof MultipleValues list) {
                    values = list;
                } else {
                    values = new MultipleValues();
                    values.add(earlier);
                    json.put(header.key(), values);
                }
                values.add(value);
            } else {
                json.put(header.key(), value);
            }
        }
        return JSON.writeValueAsString(json);
    }

    /** The values of a header name given more than once (a plain list could be a value itself). */
    private static final class MultipleValues extends ArrayList<Object> {}

    static String locator(ConsumerRecord<?, ?> record) {
        return record.topic() + "/" + record.partition() + "@" + record.offset();
    }
}
