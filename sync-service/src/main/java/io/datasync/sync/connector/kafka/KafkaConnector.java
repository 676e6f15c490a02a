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
import io.datasync.sync.connector.spi.Source;
import io.datasync.sync.connector.spi.SourceContext;
import io.datasync.sync.connector.spi.SyncErrorCode;
import io.datasync.sync.connector.spi.TestSteps;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.stereotype.Component;

/**
 * The {@code kafka} unit: connections to Kafka clusters can be stored and tested, topics read as a stream
 * ({@link KafkaStreamSource}) and rows written to a topic ({@link KafkaSink}). The test speaks Kafka's protocol (an
 * admin client describing the cluster with the connection's security settings), so a wrong SASL password or a port
 * that is not a broker fails as such, not only an unreachable host. Every client's settings come from
 * {@link KafkaClients}.
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
        KafkaClients.checkEgress(guard, connection);
        Map<String, Object> config = KafkaClients.producer(connection, "datasync-sink-" + context.checkpointKey());
        Producer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        return new KafkaSink(
                producer,
                checkpoints,
                context.target().table(),
                context.checkpointKey(),
                context.target().keys(),
                new AdvertisedBrokers(guard));
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
                g -> g.checkHostPorts(servers, KafkaClients.DEFAULT_PORT, "Kafka bootstrap server"),
                servers + " may be reached")) {
            return;
        }
        steps.run(
                "describe cluster",
                () -> {
                    try (Admin admin = Admin.create(KafkaClients.admin(connection, TIMEOUT_MS))) {
                        DescribeClusterResult cluster = admin.describeCluster();
                        Collection<Node> nodes = cluster.nodes().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                        // the brokers a job would then talk to, not only the bootstrap servers
                        new AdvertisedBrokers(guard).check(nodes);
                        String id = cluster.clusterId().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                        return "cluster " + id + " with " + nodes.size() + (nodes.size() == 1 ? " broker" : " brokers");
                    }
                },
                e -> classify(e, connection));
    }

    /**
     * The stream source of one run: options checked, and the bootstrap servers checked against the egress policy right
     * now (the connection may have been stored before the policy changed), before any client connects.
     *
     * @throws ConnectorException {@code SYNC-001} invalid options, {@code SYNC-015}/{@code SYNC-016} egress
     */
    @Override
    public Source source(SourceContext context) {
        KafkaSourceOptions options = KafkaSourceOptions.parse(context.spec().options());
        KafkaClients.checkEgress(guard, context.connection());
        return new KafkaStreamSource(context.connection(), options, new AdvertisedBrokers(guard));
    }

    private static ConnectorException classify(Exception e, ConnectionSpec connection) {
        if (e instanceof ConnectorException refused) {
            return refused; // e.g. an advertised broker the egress policy denies
        }
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
