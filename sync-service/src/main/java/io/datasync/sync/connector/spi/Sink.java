package io.datasync.sync.connector.spi;

import java.util.Optional;

/**
 * Where a job's rows go. One instance per run.
 *
 * <ol>
 *   <li>{@link #prepare} checks (or creates) the target for the schema the transforms produce; called once.
 *   <li>{@link #checkpoint} tells, per split, what an earlier attempt committed; the engine resumes after it.
 *   <li>{@link #write} writes one chunk and its checkpoint in one transaction on the target, possibly from several
 *       threads at once (one split per thread): after a crash either both are there or neither is.
 *   <li>{@link #finish} completes the run once every split is written (e.g. swaps a fully loaded table in for
 *       {@code overwrite}); {@link #close} always runs last.
 * </ol>
 *
 * Delivery guarantee: exactly once per key for {@code upsert} and {@code overwrite}; for {@code insert}, exactly once
 * as long as chunks are only replayed from their checkpoint (which the engine guarantees).
 */
public interface Sink extends AutoCloseable {

    void prepare(Schema schema);

    Optional<Checkpoint> checkpoint(String jobId, String splitId);

    /** @return the number of rows the target now holds from this chunk (inserted or updated) */
    long write(Chunk chunk, Checkpoint checkpoint);

    /**
     * Writes one micro-batch of a stream and moves its splits' positions, in one transaction: each position is stored
     * only if the split still holds {@link PositionUpdate#expected}, else nothing is written and the call fails with
     * {@link SyncErrorCode#POSITION_MOVED}. A sink that cannot do this refuses streams (the default).
     *
     * @return the number of rows the target now holds from this batch
     */
    default long write(Chunk chunk, java.util.List<PositionUpdate> positions) {
        throw new ConnectorException(SyncErrorCode.NO_CONNECTOR, "this target cannot take a stream yet", null);
    }

    /** The committed positions of a stream scope's splits; see {@link #write(Chunk, java.util.List)}. */
    default java.util.Map<String, Position> positions(String scope, java.util.Collection<String> splitIds) {
        throw new ConnectorException(SyncErrorCode.NO_CONNECTOR, "this target cannot take a stream yet", null);
    }

    /**
     * Whether writing rows a second time leaves the target as if they had been written once (an upsert by key), so a
     * split read again from its start cannot double them.
     */
    default boolean idempotent() {
        return false;
    }

    default void finish() {}

    @Override
    default void close() {}
}
