package io.datasync.sync.connector.spi;

/** What a stream job promises about each message, shown with the run and in the catalog. */
public enum Guarantee {
    /** Every message lands once: positions commit with the rows, and the source replays from them. */
    EFFECTIVELY_ONCE,
    /**
     * A message may be written twice after a crash between commit and acknowledgement, but an upsert by key makes the
     * second write a no-op: the target holds each key once.
     */
    ONCE_PER_KEY,
    /** A message may be written twice after a crash; none is lost. */
    AT_LEAST_ONCE,
    /** A message that arrives while no run listens, or while a write fails, is gone (pub/sub, keyspace events). */
    AT_MOST_ONCE
}
