package io.datasync.sync.connector.spi;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Where a job's rows come from. One instance per run, built by its connector from the job definition and the resolved
 * connection.
 *
 * <ol>
 *   <li>{@link #schema} describes the rows every split produces (called once, before reading).
 *   <li>{@link #splits} divides the work, e.g. into primary-key ranges (called once, on the coordinating thread).
 *   <li>{@link #open} is called for each split, possibly on several threads at once (one reader per thread), starting
 *       after the position a previous attempt checkpointed, or at {@link Position#START}.
 *   <li>{@link #nextState} is read once every split is written, and handed back to the next run's source.
 *   <li>{@link #close} is called once when the run ends.
 * </ol>
 *
 * Implementations are thread-safe for concurrent {@code open} calls. Every failure is a {@link ConnectorException}.
 */
public interface Source extends AutoCloseable {

    Schema schema();

    List<Split> splits();

    /** How many rows the split (or all splits) will produce, when the source can tell cheaply; for ETA only. */
    default OptionalLong estimateRows(Split split) {
        return OptionalLong.empty();
    }

    SplitReader open(Split split, Position from);

    /**
     * Whether {@link #open} from a checkpoint's position continues exactly after the rows already read. False for a
     * split whose rows have no stable order (a table or query without a key), which is read again from its start
     * whatever the position: the engine must then not append its rows a second time.
     */
    default boolean resumable(Split split) {
        return true;
    }

    /**
     * What the next run of the job starts from (e.g. the new timestamp watermark), saved by the engine only after
     * every split of this run is written; empty for sources that always read everything.
     */
    default Map<String, Object> nextState() {
        return Map.of();
    }

    @Override
    default void close() {}
}
