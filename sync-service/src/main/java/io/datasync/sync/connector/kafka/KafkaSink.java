package io.datasync.sync.connector.kafka;

import io.datasync.sync.connector.checkpoints.ServiceCheckpoints;
import io.datasync.sync.connector.records.RowJson;
import io.datasync.sync.connector.spi.Checkpoint;
import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.PositionUpdate;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.connector.spi.Sink;
import io.datasync.sync.connector.spi.SyncErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Writes rows to a Kafka topic as JSON objects ({@link RowJson}), keyed by the job's key columns (their values as text,
 * joined by NUL) so each key stays in one partition and in order. The producer is idempotent with {@code acks=all}: a
 * retry inside the producer never duplicates. A chunk counts as written once every record is acknowledged; only then
 * is its checkpoint (batch) or are its positions (stream) stored in sync-service's database.
 *
 * <p>Delivery: at least once — a crash after the acknowledgement and before the checkpoint sends the chunk again on
 * resume; once per key for consumers reading a compacted topic by key. Used by one run; the engine may call
 * {@link #write} from several split threads at once (the producer is thread-safe, each call waits for its own records).
 */
final class KafkaSink implements Sink {

    static final long ACK_TIMEOUT_MS = 120_000;

    private final Producer<byte[], byte[]> producer;
    private final ServiceCheckpoints checkpoints;
    private final String topic;
    private final String scope;
    private final List<String> keys;
    private Schema schema;
    private int[] keyIndexes;
    private final ThreadLocal<RowJson> encoders = new ThreadLocal<>();
    /** Checks the brokers the topic's partitions are on (advertised by the cluster) before each send. */
    private final AdvertisedBrokers brokers;

    KafkaSink(
            Producer<byte[], byte[]> producer,
            ServiceCheckpoints checkpoints,
            String topic,
            String scope,
            List<String> keys,
            AdvertisedBrokers brokers) {
        this.brokers = brokers;
        this.producer = producer;
        this.checkpoints = checkpoints;
        this.topic = topic;
        this.scope = scope;
        this.keys = List.copyOf(keys);
    }

    @Override
    public void prepare(Schema schema) {
        this.schema = schema;
        this.keyIndexes = keyIndexes(schema, keys);
    }

    /** The positions of the key columns in the rows; the columns must exist (checked before any row is sent). */
    static int[] keyIndexes(Schema schema, List<String> keys) {
        int[] indexes = new int[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            OptionalInt index = schema.indexOf(keys.get(i));
            if (index.isEmpty()) {
                throw new ConnectorException(
                        SyncErrorCode.INVALID_OPTIONS,
                        "key column " + keys.get(i) + " is not among the rows' columns " + schema.names(),
                        null);
            }
            indexes[i] = index.getAsInt();
        }
        return indexes;
    }

    /** The key of a row: its key columns' values as text, joined by NUL; null without keys. */
    static byte[] key(Object[] row, int[] keyIndexes) {
        if (keyIndexes.length == 0) {
            return null;
        }
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < keyIndexes.length; i++) {
            if (i > 0) {
                key.append('\0');
            }
            Object value = row[keyIndexes[i]];
            key.append(value == null ? "" : value.toString());
        }
        return key.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Optional<Checkpoint> checkpoint(String jobId, String splitId) {
        return checkpoints.read(jobId, splitId);
    }

    @Override
    public long write(Chunk chunk, Checkpoint checkpoint) {
        send(chunk);
        checkpoints.save(checkpoint);
        return chunk.size();
    }

    @Override
    public long write(Chunk chunk, List<PositionUpdate> positions) {
        send(chunk);
        checkpoints.compareAndSet(scope, positions);
        return chunk.size();
    }

    @Override
    public Map<String, Position> positions(String scope, Collection<String> splitIds) {
        return checkpoints.positions(scope, splitIds);
    }

    private void send(Chunk chunk) {
        RowJson encoder = encoders.get();
        if (encoder == null) {
            encoder = new RowJson(schema);
            encoders.set(encoder);
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>(chunk.size());
        try {
            brokers.checkPartitions(producer.partitionsFor(topic)); // from the producer's metadata, cached
            for (Object[] row : chunk.rows()) {
                sent.add(producer.send(new ProducerRecord<>(topic, key(row, keyIndexes), encoder.encode(row))));
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ACK_TIMEOUT_MS);
            for (Future<RecordMetadata> future : sent) {
                future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException e) {
            throw failure(e.getCause() == null ? e : e.getCause());
        } catch (TimeoutException e) {
            throw new ConnectorException(
                    SyncErrorCode.KAFKA_UNREACHABLE,
                    "Kafka did not acknowledge " + chunk.size() + " rows for topic " + topic + " within "
                            + ACK_TIMEOUT_MS / 1000 + " s",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException(SyncErrorCode.INTERRUPTED, "interrupted while writing to " + topic, e);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw failure(e);
        }
    }

    private ConnectorException failure(Throwable cause) {
        if (cause instanceof AuthenticationException || cause instanceof AuthorizationException) {
            return new ConnectorException(
                    SyncErrorCode.KAFKA_AUTH_REFUSED,
                    "Kafka refused writing to topic " + topic + ": " + cause.getMessage(),
                    cause);
        }
        return new ConnectorException(
                SyncErrorCode.KAFKA_UNREACHABLE,
                cause instanceof RetriableException,
                "writing to topic " + topic + " failed: " + cause.getMessage(),
                cause);
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
