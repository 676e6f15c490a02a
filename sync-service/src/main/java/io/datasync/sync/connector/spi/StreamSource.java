package io.datasync.sync.connector.spi;

import io.datasync.models.job.WriteMode;
import java.util.List;

/**
 * A source that never ends: a broker topic, a stream, records pushed over HTTP. A run of it stays {@code RUNNING}
 * until stopped, reading micro-batches through {@link StreamReader}s instead of splits; the batch engine never opens
 * it ({@link #splits} is empty and {@link #open} refuses).
 */
public interface StreamSource extends Source {

    /** Connects one member of the run; called once per member, possibly on several threads at once. */
    StreamReader subscribe(StreamContext context);

    /** What the stream promises per message when written with {@code mode} (rows and positions in one commit). */
    Guarantee guarantee(WriteMode mode);

    /**
     * Whether members on several instances split the stream between them (a Kafka consumer group, an MQTT shared
     * subscription, a Redis consumer group), so that other instances may join the run and share its load. A source that
     * gives every subscriber everything (pub/sub) is read by one member only: a second one would read each message
     * twice.
     */
    default boolean shared() {
        return false;
    }

    @Override
    default List<Split> splits() {
        return List.of();
    }

    @Override
    default SplitReader open(Split split, Position from) {
        throw new ConnectorException(SyncErrorCode.INTERNAL, "a stream is read with subscribe, not open", null);
    }
}
