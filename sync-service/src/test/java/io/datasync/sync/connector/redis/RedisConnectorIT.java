package io.datasync.sync.connector.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.sync.connector.spi.ConnectionSpec;
import io.datasync.sync.connector.spi.Connector.TestTarget;
import io.datasync.sync.connector.spi.TestEgress;
import io.datasync.sync.connector.spi.TestSteps;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The redis unit against the local Redis (127.0.0.1:6379): one kept client per stored connection, and its upkeep. */
class RedisConnectorIT {

    private static final String URI = "redis://127.0.0.1:6379";

    private final RedisConnector connector = new RedisConnector(TestEgress.LOOPBACK, Clock.systemUTC());

    @AfterEach
    void close() {
        connector.closeAll();
    }

    @Test
    void testsOfAStoredConnectionShareOneClientAndAChangedConnectionGetsANewOne() {
        assertThat(ping(stored("cache-it", 1, URI)).ok()).isTrue();
        assertThat(ping(stored("cache-it", 1, URI)).ok()).isTrue();
        assertThat(connector.openClients()).isEqualTo(1);
        assertThat(clientsNamed("datasync:cache-it"))
                .as("one connection at the server")
                .isEqualTo(1);

        assertThat(ping(stored("cache-it", 2, URI)).ok()).isTrue();
        assertThat(connector.openClients()).as("version 1's client was closed").isEqualTo(1);
        assertThat(clientsNamed("datasync:cache-it")).isEqualTo(1);

        connector.evict("id-cache-it");
        assertThat(connector.openClients()).isZero();
        assertThat(clientsNamed("datasync:cache-it")).isZero();
    }

    @Test
    void aConnectionTheServerDroppedIsReplacedOnItsNextUse() {
        assertThat(ping(stored("dropped-it", 1, URI)).ok()).isTrue();
        try (RedisClient admin = RedisClient.create(URI);
                StatefulRedisConnection<String, String> c = admin.connect()) {
            for (String line : c.sync().clientList().split("\n")) {
                if (line.contains(" name=datasync:dropped-it ")) {
                    String id = Arrays.stream(line.split(" "))
                            .filter(f -> f.startsWith("id="))
                            .findFirst()
                            .orElseThrow()
                            .substring(3);
                    c.sync().clientKill(io.lettuce.core.KillArgs.Builder.id(Long.parseLong(id)));
                }
            }
        }
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> clientsNamed("datasync:dropped-it") == 0);

        TestSteps.Step step = ping(stored("dropped-it", 1, URI));
        assertThat(step.ok()).as(step.detail()).isTrue();
        assertThat(clientsNamed("datasync:dropped-it")).isEqualTo(1);
    }

    @Test
    void anUnreachableServerFailsTheTestAndKeepsNoClient() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        TestSteps.Step step = ping(stored("gone-it", 1, "redis://127.0.0.1:" + port));
        assertThat(step.ok()).isFalse();
        assertThat(step.code()).isEqualTo("SYNC-702");
        assertThat(connector.openClients()).isZero();
    }

    private TestSteps.Step ping(ConnectionSpec connection) {
        TestSteps steps = new TestSteps();
        connector.test(connection, TestTarget.NONE, steps);
        return steps.steps().get(steps.steps().size() - 1);
    }

    private static ConnectionSpec stored(String name, long version, String uri) {
        return new ConnectionSpec("id-" + name, name, "redis", version, Map.of("uri", uri));
    }

    private static long clientsNamed(String name) {
        try (RedisClient admin = RedisClient.create(URI);
                StatefulRedisConnection<String, String> c = admin.connect()) {
            return Arrays.stream(c.sync().clientList().split("\n"))
                    .filter(line -> line.contains(" name=" + name + " "))
                    .count();
        }
    }
}
