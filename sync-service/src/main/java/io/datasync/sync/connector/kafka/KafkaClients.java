package io.datasync.sync.connector.kafka;

import io.datasync.kit.egress.EgressGuard;
import io.datasync.sync.connector.spi.ConnectionSpec;
import io.datasync.sync.connector.spi.Egress;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The settings of every Kafka client the unit builds from a stored connection — the connection test's admin client, the
 * stream reader's consumer and the sink's producer — so bootstrap servers, the security protocol and SASL credentials are spelled in one
 * place, and the egress policy is applied the same way before either connects.
 */
final class KafkaClients {

    /** The default port of a bootstrap server given without one (the option requires host:port; kept for the guard). */
    static final int DEFAULT_PORT = 9092;

    private KafkaClients() {}

    /**
     * Refuses bootstrap servers the egress policy does not allow, right before a client connects.
     *
     * @throws io.datasync.sync.connector.spi.ConnectorException {@code SYNC-015} refused, {@code SYNC-016} a name that
     *     does not resolve
     */
    static void checkEgress(EgressGuard guard, ConnectionSpec connection) {
        String servers = connection.text("bootstrapServers");
        Egress.check(guard, g -> g.checkHostPorts(servers, DEFAULT_PORT, "Kafka bootstrap server"));
    }

    /** Bootstrap servers, security protocol and SASL login: what every client of the connection shares. */
    static Map<String, Object> common(ConnectionSpec connection) {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, connection.text("bootstrapServers"));
        String protocol = connection.text("securityProtocol");
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol == null ? "PLAINTEXT" : protocol);
        if (protocol != null && protocol.startsWith("SASL_")) {
            String mechanism = connection.text("saslMechanism");
            config.put("sasl.mechanism", mechanism);
            String module = mechanism.startsWith("SCRAM")
                    ? "org.apache.kafka.common.security.scram.ScramLoginModule"
                    : "org.apache.kafka.common.security.plain.PlainLoginModule";
            config.put(
                    "sasl.jaas.config",
                    module + " required username=\"" + jaas(connection.text("saslUsername")) + "\" password=\""
                            + jaas(connection.text("saslPassword")) + "\";");
        }
        return config;
    }

    /** The connection test's admin client, with short timeouts: a test must answer quickly. */
    static Map<String, Object> admin(ConnectionSpec connection, int timeoutMs) {
        Map<String, Object> config = common(connection);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "datasync-connection-test");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs / 2);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, 5_000L);
        config.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, 5_000L);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000L);
        return config;
    }

    /**
     * A sink's producer: idempotent with {@code acks=all}, so a retried send neither duplicates nor reorders within a
     * partition; batched (linger 5 ms, 256 KiB, lz4) for throughput; a send blocks at most 30 s for metadata and
     * gives up after 60 s, so a lost cluster fails the micro-batch instead of hanging it.
     */
    static Map<String, Object> producer(ConnectionSpec connection, String clientId) {
        Map<String, Object> config = common(connection);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, 5_000L);
        config.put(ProducerConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, 5_000L);
        config.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000L);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return config;
    }

    /**
     * A stream reader's consumer. Offsets are never committed automatically: the positions live with the target's rows
     * (committed in the sink's transaction), and the group's offsets are only a copy for lag tools. Transactions that
     * were aborted are never read ({@code read_committed}). A stable {@code group.instance.id} (static membership) lets
     * a reader restart within the session timeout without a rebalance; the cooperative assignor moves only the
     * partitions that change owner. Fetches are capped so one reader buffers at most ~16 MiB beyond its micro-batch.
     *
     * @param memberId the run member's stable id, e.g. {@code host:8082}; made a legal {@link #instanceId instance id}
     * @param maxRows the micro-batch size: one poll returns at most this many records
     */
    static Map<String, Object> consumer(ConnectionSpec connection, String groupId, String memberId, int maxRows) {
        Map<String, Object> config = common(connection);
        String instanceId = instanceId(memberId);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "datasync-" + instanceId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        // where to start is decided per partition from the stored positions and startFrom; "none" would throw instead
        // of falling back when a stored offset is gone (retention), so fall back to the earliest kept record
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxRows);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 16 * 1024 * 1024);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1024 * 1024);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 10 * 60 * 1000);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return config;
    }

    /**
     * A member id as Kafka accepts it for {@code group.instance.id}: only ASCII letters, digits, '.', '_' and '-', at
     * most 249 characters. A member id is the instance's run-owner id, by default {@code <hostname>:<port>}, and the
     * consumer refuses the colon at construction ({@code InvalidConfigurationException}), which failed every Kafka
     * stream run of a default deployment; the mapping is stable, so a restarted member keeps its static membership.
     */
    static String instanceId(String memberId) {
        String legal = memberId.replaceAll("[^A-Za-z0-9._-]", "_");
        return legal.length() <= 249 ? legal : legal.substring(0, 249);
    }

    /** A value quoted for a JAAS configuration line, so a password cannot end the quote and add options. */
    static String jaas(String value) {
        return value == null ? "" : value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
