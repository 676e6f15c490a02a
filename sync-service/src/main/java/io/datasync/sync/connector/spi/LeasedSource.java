package io.datasync.sync.connector.spi;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** A source that holds a leased client (a pool) until the run closes it, then returns the lease. */
public final class LeasedSource implements Source {

    private final Source source;
    private final AutoCloseable lease;

    public LeasedSource(Source source, AutoCloseable lease) {
        this.source = source;
        this.lease = lease;
    }

    @Override
    public Schema schema() {
        return source.schema();
    }

    @Override
    public List<Split> splits() {
        return source.splits();
    }

    @Override
    public OptionalLong estimateRows(Split split) {
        return source.estimateRows(split);
    }

    @Override
    public SplitReader open(Split split, Position from) {
        return source.open(split, from);
    }

    @Override
    public boolean resumable(Split split) {
        return source.resumable(split);
    }

    @Override
    public Map<String, Object> nextState() {
        return source.nextState();
    }

    @Override
    public void close() {
        try {
            source.close();
        } finally {
            Leases.release(lease);
        }
    }
}
