package io.datasync.sync.connector.spi;

import java.util.Optional;

/**
 * Reads one split as a sequence of chunks. Used by one thread only; not thread-safe.
 *
 * <ol>
 *   <li>{@link Source#open} creates it positioned after {@code from}.
 *   <li>{@link #next} returns chunks of at most {@code maxRows} rows, in a stable order (for keyed sources, by key),
 *       each with the position after its last row; empty once the split is exhausted.
 *   <li>{@link #close} releases the cursor and connection; it is always called, also after a failure.
 * </ol>
 */
public interface SplitReader extends AutoCloseable {

    /**
     * @throws ConnectorException classified retriable or permanent
     */
    Optional<Chunk> next(int maxRows);

    @Override
    void close();
}
