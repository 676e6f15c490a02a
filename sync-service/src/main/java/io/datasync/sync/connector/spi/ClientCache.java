package io.datasync.sync.connector.spi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clients a connector keeps per stored connection (a JDBC pool, an HTTP client …), shared by every run and test
 * that uses the connection. A client is keyed by the connection's id, version and a role (e.g. {@code source} and
 * {@code sink} pools differ in read-only mode), so a changed connection gets a new client and the old one is closed
 * once no lease holds it; clients nobody leased for a while are closed by {@link #closeIdle}. Unsaved settings (a
 * connection test before saving) get a client of their own, closed with the lease. Thread-safe.
 *
 * @param <C> the client; closed exactly once, never while leased
 */
public final class ClientCache<C extends AutoCloseable> {

    private static final Logger log = LoggerFactory.getLogger(ClientCache.class);

    /** A client in use; closing the lease returns it (and closes it when it was evicted meanwhile). */
    public final class Lease implements AutoCloseable {
        private final Entry entry;
        private boolean closed;

        private Lease(Entry entry) {
            this.entry = entry;
        }

        public C client() {
            return entry.client;
        }

        @Override
        public void close() {
            synchronized (ClientCache.this) {
                if (closed) {
                    return;
                }
                closed = true;
                entry.leases--;
                entry.lastUsed = clock.instant();
                if (entry.leases == 0 && entry.evicted) {
                    closeQuietly(entry);
                }
            }
        }
    }

    private final class Entry {
        final Key key;
        final C client;
        int leases;
        boolean evicted;
        Instant lastUsed;

        Entry(Key key, C client) {
            this.key = key;
            this.client = client;
            this.lastUsed = clock.instant();
        }
    }

    private record Key(String connectionId, long version, String role) {}

    private final String kind;
    private final Clock clock;
    private final Map<Key, Entry> entries = new HashMap<>();

    public ClientCache(String kind, Clock clock) {
        this.kind = Objects.requireNonNull(kind);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * A lease on the connection's client for {@code role}, opened by {@code open} when there is none yet (or only one
     * for an older version of the connection, which is evicted).
     *
     * @throws RuntimeException whatever {@code open} throws; nothing is cached then
     */
    public Lease acquire(ConnectionSpec connection, String role, Function<ConnectionSpec, C> open) {
        if (!connection.stored()) {
            Entry own = new Entry(new Key(null, 0, role), open.apply(connection));
            own.leases = 1;
            own.evicted = true; // closed when its only lease is
            return new Lease(own);
        }
        Key key = new Key(connection.id(), connection.version(), role);
        synchronized (this) {
            Entry entry = entries.get(key);
            if (entry == null) {
                evictOlder(key);
                entry = new Entry(key, open.apply(connection));
                entries.put(key, entry);
            }
            entry.leases++;
            return new Lease(entry);
        }
    }

    /** Forgets every client of a connection; each is closed now or when its last lease is. */
    public synchronized void evict(String connectionId) {
        entries.values().removeIf(e -> {
            if (!e.key.connectionId().equals(connectionId)) {
                return false;
            }
            retire(e);
            return true;
        });
    }

    /** Closes the clients that no lease held for {@code idle}. */
    public synchronized void closeIdle(Duration idle) {
        Instant before = clock.instant().minus(idle);
        entries.values().removeIf(e -> {
            if (e.leases > 0 || e.lastUsed.isAfter(before)) {
                return false;
            }
            retire(e);
            return true;
        });
    }

    /** Closes every client not in use now and the others when their leases end. */
    public synchronized void closeAll() {
        List<Entry> all = new ArrayList<>(entries.values());
        entries.clear();
        all.forEach(this::retire);
    }

    /** How many clients are kept, for metrics. */
    public synchronized int size() {
        return entries.size();
    }

    private void evictOlder(Key key) {
        entries.values().removeIf(e -> {
            boolean older = e.key.connectionId().equals(key.connectionId())
                    && e.key.role().equals(key.role())
                    && e.key.version() != key.version();
            if (older) {
                retire(e);
            }
            return older;
        });
    }

    private void retire(Entry e) {
        e.evicted = true;
        if (e.leases == 0) {
            closeQuietly(e);
        }
    }

    private void closeQuietly(Entry e) {
        try {
            e.client.close();
        } catch (Exception ex) {
            log.warn("Closing a {} client of connection {} failed: {}", kind, e.key.connectionId(), ex.getMessage());
        }
    }
}
