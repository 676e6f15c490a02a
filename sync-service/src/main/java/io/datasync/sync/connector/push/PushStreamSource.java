package io.datasync.sync.connector.push;

import io.datasync.models.job.WriteMode;
import io.datasync.sync.connector.kafka.KafkaSourceOptions;
import io.datasync.sync.connector.kafka.KafkaStreamSource;
import io.datasync.sync.connector.records.MessageDecoder;
import io.datasync.sync.connector.records.PayloadFormat;
import io.datasync.sync.connector.records.RecordColumns;
import io.datasync.sync.connector.spi.ConnectionSpec;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.Guarantee;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.connector.spi.StreamContext;
import io.datasync.sync.connector.spi.StreamReader;
import io.datasync.sync.connector.spi.StreamSource;
import io.datasync.sync.connector.spi.SyncErrorCode;
import java.util.List;
import java.util.Map;

/**
 * A push job's records as a stream: what {@code POST /api/sync/push/{jobId}} made durable in the job's topic on the
 * platform's Kafka cluster ({@code datasync.push.<jobId>}), read by the Kafka stream reader with the job's group
 * ({@code datasync-<jobId>}, whose committed offsets are also what the endpoint's backlog is measured against), from the
 * earliest record the topic keeps. Positions commit with the rows in the target like any Kafka source's, so a record
 * acknowledged with 202 lands once.
 */
final class PushStreamSource implements StreamSource {

    private final String bootstrapServers;
    private final RecordColumns columns;
    private final List<String> keys;
    private final PushTopics topics;

    PushStreamSource(String bootstrapServers, RecordColumns columns, List<String> keys, PushTopics topics) {
        this.bootstrapServers = bootstrapServers;
        this.columns = columns;
        this.keys = List.copyOf(keys);
        this.topics = topics;
    }

    @Override
    public Schema schema() {
        return new Schema(columns.schema().columns(), keys);
    }

    @Override
    public StreamReader subscribe(StreamContext context) {
        try {
            topics.ensure(context.jobId());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new ConnectorException(
                    SyncErrorCode.KAFKA_UNREACHABLE,
                    "cannot create the push topic " + PushTopics.topic(context.jobId()) + " on the platform's Kafka: "
                            + e.getMessage(),
                    e);
        }
        KafkaSourceOptions options = new KafkaSourceOptions(
                List.of(PushTopics.topic(context.jobId())),
                null,
                PushTopics.group(context.jobId()),
                true,
                PayloadFormat.JSON,
                MessageDecoder.Csv.DEFAULT,
                columns,
                List.of(),
                keys);
        ConnectionSpec platform = ConnectionSpec.unsaved("kafka", Map.of("bootstrapServers", bootstrapServers));
        return new KafkaStreamSource(platform, options).subscribe(context);
    }

    /** The platform topic is read by the job's consumer group, which spreads its partitions over the members. */
    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public Guarantee guarantee(WriteMode mode) {
        return Guarantee.EFFECTIVELY_ONCE;
    }
}
