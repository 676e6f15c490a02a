package io.datasync.sync.connector.kafka;

import io.datasync.models.job.WriteMode;
import io.datasync.sync.connector.spi.ConnectionSpec;
import io.datasync.sync.connector.spi.Guarantee;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.connector.spi.StreamContext;
import io.datasync.sync.connector.spi.StreamReader;
import io.datasync.sync.connector.spi.StreamSource;

/**
 * Kafka topics as a stream: each member of a run is one consumer of the job's group ({@link KafkaStreamReader}), the
 * group spreads the partitions over the members, and each partition is a split ({@code kafka/<topic>/<partition>})
 * whose position ({@code {"offset": n}}, the next offset to read) the sink commits with the rows.
 *
 * <p>Rows have the declared columns, filled from each record's value, then the chosen metadata columns
 * ({@code _key, _headers, _partition, _offset, _timestamp}).
 *
 * <p>Threading: {@link #subscribe} may be called from several member threads at once; the source holds no mutable
 * state.
 */
public final class KafkaStreamSource implements StreamSource {

    private final ConnectionSpec connection;
    private final KafkaSourceOptions options;
    private final Schema schema;
    private final AdvertisedBrokers brokers;

    /**
     * A source over {@code connection}'s cluster. Public for units that read a platform topic as their stream (the push
     * intake's {@code datasync.push.<jobId>}); the caller has checked the bootstrap servers against the egress policy
     * ({@link KafkaConnector#source} does) or they are the platform's own.
     */
    public KafkaStreamSource(ConnectionSpec connection, KafkaSourceOptions options) {
        this(connection, options, AdvertisedBrokers.trusted());
    }

    /** A user's cluster: {@code brokers} checks the brokers it advertises against the egress policy. */
    KafkaStreamSource(ConnectionSpec connection, KafkaSourceOptions options, AdvertisedBrokers brokers) {
        this.connection = connection;
        this.options = options;
        this.schema = options.schema();
        this.brokers = brokers;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    /** A consumer for one member, joined to the job's group; it connects on its first {@code next()}. */
    @Override
    public StreamReader subscribe(StreamContext context) {
        return new KafkaStreamReader(connection, options, schema, context, brokers);
    }

    /**
     * Every write mode is effectively once: a partition's offset commits in the target's transaction with the rows
     * read before it, and a reader resumes from exactly that offset, so a record is neither lost nor written twice,
     * also by a plain insert.
     */
    /** The job's consumer group spreads the partitions over its members. */
    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public Guarantee guarantee(WriteMode mode) {
        return Guarantee.EFFECTIVELY_ONCE;
    }
}
