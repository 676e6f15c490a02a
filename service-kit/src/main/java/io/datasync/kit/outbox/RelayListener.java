package io.datasync.kit.outbox;

import java.util.List;

/**
 * Observes the relay between Kafka acknowledging a batch and the batch being marked published (metrics use it). If it
 * throws, the batch's transaction rolls back and the batch is sent again: exactly what a crash at that point does.
 */
@FunctionalInterface
public interface RelayListener {

    void acknowledged(List<OutboxRecord> batch);
}
