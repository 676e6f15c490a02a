package io.datasync.sync.connector.spi;

/**
 * How one stream split (a Kafka partition, a Redis stream, an MQTT session) moves with a micro-batch: the sink stores
 * {@code next} only if the split still holds {@code expected}, in the same transaction as the rows, so two readers that
 * both think they own a split cannot both commit (the second fails with {@link SyncErrorCode#POSITION_MOVED}).
 *
 * @param splitId e.g. {@code kafka/orders/3}, {@code redis/events/ds-1}
 * @param expected what the reader resumed from or last committed; null when nothing was ever stored for the split
 * @param next where to resume after this batch
 * @param rows how many source records of the batch came from this split
 */
public record PositionUpdate(String splitId, Position expected, Position next, long rows) {

    public PositionUpdate {
        if (splitId == null || splitId.isBlank()) {
            throw new IllegalArgumentException("a position update needs a split id");
        }
        if (next == null) {
            throw new IllegalArgumentException("a position update needs the next position");
        }
    }
}
