package io.datasync.sync.connector.kafka;

import io.datasync.models.connector.FileKind;
import io.datasync.models.connector.StreamKinds;
import io.datasync.models.option.Options;
import io.datasync.models.problem.FieldError;
import io.datasync.sync.connector.records.MessageDecoder;
import io.datasync.sync.connector.records.PayloadFormat;
import io.datasync.sync.connector.records.RecordColumns;
import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.InvalidOptionsException;
import io.datasync.sync.connector.spi.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The options of a Kafka source ({@code source.options} in a job), read from their declaration in the catalog
 * ({@link StreamKinds#KAFKA_SOURCE}, which also holds the rules relating them).
 *
 * @param topics the topics to read; empty when {@code topicPattern} is given
 * @param topicPattern the pattern topic names match; null when {@code topics} are given
 * @param groupId the consumer group; null for the default {@code datasync-<jobId>}
 * @param columns the declared columns a record's value fills (keys: the job's keys among them)
 * @param metaColumns the metadata columns added after them, in the job's order
 * @param keys the job's key columns, declared or metadata ones
 */
public record KafkaSourceOptions(
        List<String> topics,
        Pattern topicPattern,
        String groupId,
        boolean fromEarliest,
        PayloadFormat format,
        MessageDecoder.Csv csv,
        RecordColumns columns,
        List<String> metaColumns,
        List<String> keys) {

    public KafkaSourceOptions {
        topics = List.copyOf(topics);
        metaColumns = List.copyOf(metaColumns);
        keys = List.copyOf(keys);
    }

    /**
     * @throws InvalidOptionsException with every problem, pointing below {@code /source/options}
     */
    public static KafkaSourceOptions parse(Map<String, Object> raw) {
        Options.Values values = InvalidOptionsException.parse(StreamKinds.KAFKA_SOURCE, raw, "/source/options");
        List<String> topics = strings(values.get(StreamKinds.KAFKA_TOPICS));
        String pattern = values.get(StreamKinds.KAFKA_TOPIC_PATTERN);
        PayloadFormat format = PayloadFormat.of(values.get(StreamKinds.KAFKA_FORMAT));
        String escape = values.get(FileKind.ESCAPE);
        MessageDecoder.Csv csv = new MessageDecoder.Csv(
                values.get(FileKind.DELIMITER).charAt(0),
                values.get(FileKind.QUOTE).charAt(0),
                escape.isEmpty() ? 0 : escape.charAt(0),
                values.get(FileKind.NULL_VALUE),
                strings(values.get(StreamKinds.KAFKA_CSV_HEADER)));
        RecordColumns columns = RecordColumns.declared(values)
                .orElseThrow(() -> new InvalidOptionsException(
                        List.of(new FieldError("/source/options/columns", "is required for a kafka source"))));
        KafkaSourceOptions options = new KafkaSourceOptions(
                topics,
                pattern == null ? null : Pattern.compile(pattern),
                values.get(StreamKinds.KAFKA_GROUP_ID),
                values.get(StreamKinds.KAFKA_START_FROM).equals("earliest"),
                format,
                csv,
                columns,
                strings(values.get(StreamKinds.KAFKA_META)),
                RecordColumns.keys(values));
        try {
            options.decoder();
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionsException(List.of(new FieldError("/source/options/columns", e.getMessage())));
        }
        return options;
    }

    /** The consumer group of a job's readers. */
    public String groupId(String jobId) {
        return groupId != null ? groupId : "datasync-" + jobId;
    }

    /** The rows' columns: the declared ones, then the metadata columns; keyed by the job's keys. */
    public Schema schema() {
        List<Column> all = new ArrayList<>(columns.schema().columns());
        for (String meta : metaColumns) {
            all.add(Column.of(meta, metaType(meta)));
        }
        return new Schema(all, keys);
    }

    /** A decoder for the records' values, leaving a slot after the declared columns for each metadata column. */
    public MessageDecoder decoder() {
        return new MessageDecoder(columns, format, csv, metaColumns.size());
    }

    static DataType metaType(String meta) {
        return switch (meta) {
            case "_key" -> DataType.TEXT;
            case "_headers" -> DataType.JSON;
            case "_partition" -> DataType.INT;
            case "_offset" -> DataType.BIGINT;
            case "_timestamp" -> DataType.TIMESTAMPTZ;
            default -> throw new IllegalArgumentException("'" + meta + "' is not a metadata column");
        };
    }

    private static List<String> strings(List<?> raw) {
        List<String> strings = new ArrayList<>();
        if (raw != null) {
            raw.forEach(v -> strings.add(v.toString()));
        }
        return strings;
    }
}
