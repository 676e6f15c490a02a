package io.datasync.sync.connector.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ClientCacheTest {

    /** A client that records whether it was closed. */
    static final class Client implements AutoCloseable {
        final int n;
        boolean closed;

        Client(int n) {
            this.n = n;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final MutableClock clock = new MutableClock();
    private final ClientCache<Client> cache = new ClientCache<>("test", clock);
    private final AtomicInteger opened = new AtomicInteger();
    private final List<Client> all = new ArrayList<>();

    private ClientCache<Client>.Lease lease(String id, long version, String role) {
        return cache.acquire(new ConnectionSpec(id, "c-" + id, "jdbc", version, Map.of()), role, c -> {
            Client client = new Client(opened.incrementAndGet());
            all.add(client);
            return client;
        });
    }

    @Test
    void runsOfOneConnectionShareItsClientPerRole() {
        try (var a = lease("c1", 1, "source");
                var b = lease("c1", 1, "source");
                var sink = lease("c1", 1, "sink")) {
            assertThat(a.client()).isSameAs(b.client());
            assertThat(sink.client()).isNotSameAs(a.client());
            assertThat(cache.size()).isEqualTo(2);
        }
        assertThat(all).noneMatch(c -> c.closed);
    }

    @Test
    void aNewVersionGetsANewClientAndTheOldOneClosesWhenItsLastRunEnds() {
        var old = lease("c1", 1, "source");
        var fresh = lease("c1", 2, "source");

        assertThat(fresh.client()).isNotSameAs(old.client());
        assertThat(old.client().closed).as("still used by its run").isFalse();
        old.close();
        assertThat(old.client().closed).isTrue();
        assertThat(fresh.client().closed).isFalse();
        fresh.close();
    }

    @Test
    void evictingAConnectionClosesIdleClientsNowAndLeasedOnesWhenReturned() {
        var leased = lease("c1", 1, "source");
        lease("c1", 1, "sink").close();
        Client idle = all.get(1);

        cache.evict("c1");

        assertThat(idle.closed).isTrue();
        assertThat(leased.client().closed).isFalse();
        assertThat(cache.size()).isZero();
        leased.close();
        assertThat(leased.client().closed).isTrue();
        try (var again = lease("c1", 1, "source")) {
            assertThat(again.client().n).as("rebuilt on the next use").isEqualTo(3);
        }
    }

    @Test
    void closesClientsNobodyUsedForTheIdleTime() {
        lease("c1", 1, "source").close();
        var busy = lease("c2", 1, "source");
        clock.advance(Duration.ofMinutes(11));

        cache.closeIdle(Duration.ofMinutes(10));

        assertThat(all.get(0).closed).isTrue();
        assertThat(busy.client().closed).isFalse();
        assertThat(cache.size()).isEqualTo(1);
        busy.close();
    }

    @Test
    void unsavedSettingsGetAClientOfTheirOwnClosedWithTheLease() {
        var lease = cache.acquire(ConnectionSpec.unsaved("jdbc", Map.of()), "source", c -> new Client(0));
        assertThat(cache.size()).isZero();
        lease.close();
        assertThat(lease.client().closed).isTrue();
    }

    @Test
    void aClientThatCannotOpenIsNotKept() {
        try {
            cache.acquire(new ConnectionSpec("c9", "c9", "jdbc", 1, Map.of()), "source", c -> {
                throw new IllegalStateException("refused");
            });
        } catch (IllegalStateException expected) {
            // the failure reaches the caller
        }
        assertThat(cache.size()).isZero();
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
