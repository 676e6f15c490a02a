package io.datasync.sync.connector.jdbc;

import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.SplitReader;
import java.util.Optional;

/** The reader of an incremental run that has nothing to read (the watermark column holds no value yet). */
final class EmptyReader implements SplitReader {

    @Override
    public Optional<Chunk> next(int maxRows) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be positive, not " + maxRows);
        }
        return Optional.empty();
    }

    @Override
    public void close() {}
}
