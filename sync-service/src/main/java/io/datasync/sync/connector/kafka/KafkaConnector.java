package io.datasync.sync.connector.kafka;

import io.datasync.kit.egress.EgressGuard;
import io.datasync.models.connector.ConnectorDescriptor;
import io.datasync.models.connector.StreamKinds;
import io.datasync.sync.connector.checkpoints.ServiceCheckpoints;
import io.datasync.sync.connector.spi.ConnectionSpec;
import io.datasync.sync.connector.spi.Connector;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.Egress;
import io.datasync.sync.connector.spi.Sink;
import io.datasync.sync.connector.spi.SinkContext;
import io.datasync.sync.connector.spi.SyncErrorCode;
import io.datasync.sync.connector.spi.TestSteps;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.stereotype.Component;

/**
 * The {@code kafka} unit: connections to Kafka clusters can be stored and tested, and rows written to a topic
 * ({@link KafkaSink}). The test speaks Kafka's protocol (an admin client describing the cluster with the connection's
 * security settings), so a wrong SASL password or a port that is not a broker fails as such, not only an unreachable
 * host.
 */
@Component
public class KafkaConnector implements Connector {

    static final int TIMEOUT_MS = 6_000;

    private final EgressGuard guard;
    private final ServiceCheckpoints checkpoints;

    public KafkaConnector(EgressGuard guard, ServiceCheckpoints checkpoints) {
        this.guard = guard;
        this.checkpoints = checkpoints;
    }

    /**
     * A run's sink: an idempotent producer with {@code acks=all} of its own (closed with the run), writing to the topic
     * {@code target.table} names.
     */
    @Override
    public Sink sink(SinkContext context) {
        ConnectionSpec connection = context.connection();
        Egress.check(guard, g -> g.checkHostPorts(connection.text("bootstrapServers"), 9092, "Kafka bootstrap server"));
        Map<String, Object> config = new HashMap<>(config(connection));
        config.keySet().removeIf(k -> k.startsWith("request.timeout") || k.startsWith("default.api"));
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "datasync-sink-" + context.checkpointKey());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        Producer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        return new KafkaSink(
                producer,
                checkpoints,
                context.target().table(),
                context.checkpointKey(),
                context.target().keys());
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return StreamKinds.KAFKA;
    }

    @Override
    public void test(ConnectionSpec connection, TestTarget target, TestSteps steps) {
        String servers = connection.text("bootstrapServers");
        if (!Egress.step(
                steps,
                guard,
                g -> g.checkHostPorts(servers, 9092, "Kafka bootstrap server"),
                servers + " may be reached")) {
            return;
        }
        steps.run(
                "describe cluster",
                () -> {
                    try (Admin admin = Admin.create(config(connection))) {
                        DescribeClusterResult cluster = admin.describeCluster();
                        Collection<Node> nodes = cluster.nodes().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                        String id = cluster.clusterId().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                        return "cluster " + id + " with " + nodes.size() + (nodes.size() == 1 ? " broker" : " brokers");
                    }
                },
                e -> classify(e, connection));
    }

    /** The admin client's settings from the connection's, with short timeouts: a test must answer quickly. */
    static Map<String, Object> config(ConnectionSpec connection) {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, connection.text("bootstrapServers"));
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "datasync-connection-test");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS / 2);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        config.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, 5_000L);
        config.put(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, 5_000L);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000L);
        String protocol = connection.text("securityProtocol");
        config.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, protocol == null ? "PLAINTEXT" : protocol);
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

    /** A value quoted for a JAAS configuration line, so a password cannot end the quote and add options. */
    static String jaas(String value) {
        return value == null ? "" : value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static ConnectorException classify(Exception e, ConnectionSpec connection) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        String servers = connection.text("bootstrapServers");
        if (cause instanceof SaslAuthenticationException || cause instanceof AuthenticationException) {
            return new ConnectorException(
                    SyncErrorCode.KAFKA_AUTH_REFUSED,
                    "the brokers at " + servers + " refused the credentials: " + cause.getMessage(),
                    null);
        }
        if (cause instanceof TimeoutException || cause instanceof org.apache.kafka.common.errors.TimeoutException) {
            return new ConnectorException(
                    SyncErrorCode.KAFKA_UNREACHABLE,
                    "no Kafka broker answered at " + servers + " within " + TIMEOUT_MS / 1000 + " s",
                    null);
        }
        return new ConnectorException(
                SyncErrorCode.KAFKA_UNREACHABLE,
                "cannot describe the cluster at " + servers + ": " + cause.getMessage(),
                null);
    }
}
