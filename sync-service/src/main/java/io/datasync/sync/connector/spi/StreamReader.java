package io.datasync.sync.connector.spi;

import java.util.Map;
import java.util.Optional;

/**
 * Reads a stream as micro-batches, for one member of a run. Used by one thread (the member's), except
 * {@link #wakeup}, which any thread may call.
 *
 * <ol>
 *   <li>{@link StreamSource#subscribe} connects and resumes every split it is given from the committed positions
 *       ({@link StreamContext#positions}), or from the source's start option when none is stored.
 *   <li>{@link #next} returns a batch once {@code maxRows} records arrived, or {@code maxDelay} after the first of
 *       them; empty when nothing arrived (idle is not the end: a stream never ends) or while paused. It blocks at most
 *       about {@code maxDelay}. A record that cannot become a row is in the chunk's rejects, with its raw payload, and
 *       its position still moves: a bad message never blocks a split.
 *   <li>After the sink committed the batch (rows and positions in one transaction), {@link #committed} acknowledges it
 *       where the source needs that (MQTT, Redis {@code XACK}); after a failed commit, {@link #rewind} goes back to
 *       the stored positions so nothing read since is lost.
 *   <li>{@link #pause} stops taking records but keeps the session (group membership, broker session) alive as long as
 *       {@link #next} keeps being called; {@link #resume} continues.
 * </ol>
 *
 * Backpressure: a reader buffers at most one micro-batch beyond what its client library fetches (bounded by its
 * settings); the engine writes each batch before asking for the next, or — for a reader that {@link #readsAhead reads
 * ahead} — asks for the next (and decodes it) while the previous one is written, with at most one batch being written.
 */
public interface StreamReader extends AutoCloseable {

    /**
     * @throws ConnectorException classified retriable (a broker restart) or permanent
     */
    Optional<StreamBatch> next();

    void committed(StreamBatch batch);

    void rewind();

    void pause();

    void resume();

    /** How many records each split still has to read (Kafka lag, Redis group lag); empty where unknown. */
    default Map<String, Long> lag() {
        return Map.of();
    }

    /**
     * Whether {@link #next} may be called again before the batch it returned was committed: each batch's position
     * updates then expect the positions the batch before it moves to (not the committed ones), {@link #committed} is
     * still called in order, once per batch whose write succeeded, and after a failed write {@link #rewind} returns to
     * the positions of the last committed batch (a batch read ahead of the failed one is dropped by the engine). False:
     * the engine commits each batch before it asks for the next.
     */
    default boolean readsAhead() {
        return false;
    }

    /**
     * Called instead of nothing right before {@link #close} when this reader stops for good while other readers of the
     * run go on: it leaves the source's group where staying would hold messages back (an MQTT session that stays
     * subscribed to a shared subscription keeps getting its share while it is away). Not called when the run stops or
     * the instance may come back for it.
     */
    default void leave() {}

    /** Makes a blocked {@link #next} return soon (empty), e.g. to stop. */
    default void wakeup() {}

    @Override
    void close();
}
