package io.datasync.sync.connector.spi;

import java.util.Optional;

/** A sink that holds a leased client (a pool) until the run closes it, then returns the lease. */
public final class LeasedSink implements Sink {

    private final Sink sink;
    private final AutoCloseable lease;

    public LeasedSink(Sink sink, AutoCloseable lease) {
        this.sink = sink;
        this.lease = lease;
    }

    @Override
    public void fence(Fence fence, java.time.Duration lease) {
        sink.fence(fence, lease);
    }

    @Override
    public void prepare(Schema schema) {
        sink.prepare(schema);
    }

    @Override
    public Optional<Checkpoint> checkpoint(String jobId, String splitId) {
        return sink.checkpoint(jobId, splitId);
    }

    @Override
    public long write(Chunk chunk, Checkpoint checkpoint) {
        return sink.write(chunk, checkpoint);
    }

    @Override
    public long write(Chunk chunk, java.util.List<PositionUpdate> positions) {
        return sink.write(chunk, positions);
    }

    @Override
    public java.util.Map<String, Position> positions(String scope, java.util.Collection<String> splitIds) {
        return sink.positions(scope, splitIds);
    }

    @Override
    public boolean idempotent() {
        return sink.idempotent();
    }

    @Override
    public void finish() {
        sink.finish();
    }

    @Override
    public void close() {
        try {
            sink.close();
        } finally {
            Leases.release(lease);
        }
    }
}
