package io.datasync.sync.connector.spi;

import java.time.Instant;
import java.util.List;

/**
 * One micro-batch of a stream: the rows (and rejected records) and how each split's position moves once they are
 * committed.
 *
 * @param firstEvent the source time of the oldest record (Kafka timestamp, Redis id time, MQTT arrival), for latency
 * @param lastEvent the source time of the newest record
 */
public record StreamBatch(Chunk chunk, List<PositionUpdate> positions, Instant firstEvent, Instant lastEvent) {

    public StreamBatch {
        positions = List.copyOf(positions);
    }

    /** Source records in the batch: rows, rejects and a change log's deletes. */
    public long records() {
        return chunk.size() + chunk.rejected().size() + deletes(chunk);
    }

    /** A change log's deleted keys in {@code chunk}; 0 for any other chunk. */
    public static int deletes(Chunk chunk) {
        return chunk.changes() == null ? 0 : chunk.changes().deletes().size();
    }
}
