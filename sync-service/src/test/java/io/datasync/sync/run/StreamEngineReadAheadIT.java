package io.datasync.sync.run;

/**
 * {@link StreamEngineIT} again with a reader that reads ahead, as Kafka's does: the engine polls and decodes the next
 * micro-batch while the one before it is written on the run's writer thread, hands it to the writer only after that one
 * committed, and drops it and rewinds when that write fails. Every guarantee of the sequential engine holds.
 */
class StreamEngineReadAheadIT extends StreamEngineIT {

    @Override
    boolean readsAhead() {
        return true;
    }
}
