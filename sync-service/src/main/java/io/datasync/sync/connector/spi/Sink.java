package io.datasync.sync.connector.spi;

import java.util.Optional;

/**
 * Where a job's rows go. One instance per run.
 *
 * <ol>
 *   <li>{@link #fence} (optional, before {@link #prepare}) gives the sink the run owner's {@link Fence}.
 *   <li>{@link #prepare} checks (or creates) the target for the schema the transforms produce, and claims the fence
 *       there; called once.
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

    /**
     * Makes every write of this sink conditional on {@code fence}: {@link #prepare} records its epoch in the target
     * unless a newer owner did (then it fails with {@link SyncErrorCode#FENCED}), before any checkpoint is read, and
     * each {@link #write} transaction first checks the target still holds it, else rolls back and fails with
     * {@link SyncErrorCode#FENCED} — so an owner that lost the run cannot commit beside its successor. Called once,
     * before {@link #prepare}, by the thread that prepares. Sinks without transactions ignore it (the default).
     *
     * @param lease how long the owner keeps the run without renewing its lease: a sink bounds by it how long a writer
     *     stalled mid-transaction can hold up the next owner
     */
    default void fence(Fence fence, java.time.Duration lease) {}

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
