package io.datasync.sync.connector.mqtt;

import io.datasync.kit.egress.EgressGuard;
import io.datasync.models.connector.ConnectorDescriptor;
import io.datasync.models.connector.StreamKinds;
import io.datasync.sync.connector.checkpoints.ServiceCheckpoints;
import io.datasync.sync.connector.records.RowTemplate;
import io.datasync.sync.connector.spi.ConnectionSpec;
import io.datasync.sync.connector.spi.Connector;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.Egress;
import io.datasync.sync.connector.spi.Sink;
import io.datasync.sync.connector.spi.SinkContext;
import io.datasync.sync.connector.spi.SyncErrorCode;
import io.datasync.sync.connector.spi.TestSteps;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.springframework.stereotype.Component;

/**
 * The {@code mqtt} unit: connections to MQTT 5 brokers can be stored and tested, and rows published ({@link MqttSink}). The test connects with MQTT 5 (Paho) with the connection's credentials and a clean session, then
 * disconnects, so a broker that speaks only MQTT 3 or refuses the login fails as such.
 */
@Component
public class MqttConnector implements Connector {

    static final int TIMEOUT_SECONDS = 10;

    private final EgressGuard guard;
    private final ServiceCheckpoints checkpoints;

    public MqttConnector(EgressGuard guard, ServiceCheckpoints checkpoints) {
        this.guard = guard;
        this.checkpoints = checkpoints;
    }

    /**
     * A run's sink: a client of its own (clean start, no automatic reconnect: a broken connection fails the chunk, which
     * the engine retries from its checkpoint), publishing to the topics {@code target.table}'s template makes.
     */
    @Override
    public Sink sink(SinkContext context) {
        ConnectionSpec connection = context.connection();
        String uri = connection.text("uri");
        Egress.check(guard, g -> g.checkUri(java.net.URI.create(uri), 1883, "MQTT broker"));
        Map<String, Object> options = context.target().options();
        int qos = options.get("qos") instanceof Number n ? n.intValue() : 1;
        boolean retain = Boolean.TRUE.equals(options.get("retain"));
        RowTemplate template;
        try {
            template = RowTemplate.parse(context.target().table());
        } catch (IllegalArgumentException e) {
            throw new ConnectorException(SyncErrorCode.INVALID_OPTIONS, "target.table " + e.getMessage(), null);
        }
        try {
            MqttAsyncClient client = new MqttAsyncClient(
                    uri, "datasync-sink-" + UUID.randomUUID().toString().substring(0, 12), new MemoryPersistence());
            MqttConnectionOptions settings = options(connection);
            settings.setCleanStart(true);
            IMqttToken connected = client.connect(settings);
            connected.waitForCompletion(TIMEOUT_SECONDS * 1000L);
            Integer receiveMaximum = connected.getResponseProperties() == null
                    ? null
                    : connected.getResponseProperties().getReceiveMaximum();
            int window = Math.min(1000, receiveMaximum == null ? 65535 : receiveMaximum);
            return new MqttSink(client, checkpoints, template, qos, retain, context.checkpointKey(), window);
        } catch (MqttException e) {
            throw classify(e, uri);
        }
    }

    /** The connection's login and timeouts, the same for a test and a run. */
    static MqttConnectionOptions options(ConnectionSpec connection) {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(TIMEOUT_SECONDS);
        if (connection.text("username") != null) {
            options.setUserName(connection.text("username"));
        }
        if (connection.text("password") != null) {
            options.setPassword(connection.text("password").getBytes(StandardCharsets.UTF_8));
        }
        return options;
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return StreamKinds.MQTT;
    }

    @Override
    public void test(ConnectionSpec connection, TestTarget target, TestSteps steps) {
        String uri = connection.text("uri");
        if (!Egress.step(
                steps,
                guard,
                g -> g.checkUri(java.net.URI.create(uri), 1883, "MQTT broker"),
                "the MQTT broker may be reached")) {
            return;
        }
        steps.run(
                "connect",
                () -> {
                    MqttClient client = new MqttClient(
                            uri,
                            "datasync-test-" + UUID.randomUUID().toString().substring(0, 8),
                            new MemoryPersistence());
                    try {
                        MqttConnectionOptions options = options(connection);
                        options.setCleanStart(true);
                        client.connect(options);
                        client.disconnect();
                        return "connected to " + uri + " with MQTT 5";
                    } finally {
                        client.close(true);
                    }
                },
                e -> classify(e, uri));
    }

    private static ConnectorException classify(Exception e, String uri) {
        if (e instanceof MqttException m) {
            int reason = m.getReasonCode();
            if (reason == 0x86 || reason == 0x87 || reason == 4 || reason == 5) {
                return new ConnectorException(
                        SyncErrorCode.MQTT_LOGIN_REFUSED,
                        "the broker at " + uri + " refused the login (reason " + reason + ")",
                        null);
            }
            if (reason == 0x84 || reason == 1) {
                return new ConnectorException(
                        SyncErrorCode.MQTT_NOT_V5,
                        "the broker at " + uri + " does not speak MQTT 5 (reason " + reason + ")",
                        null);
            }
            return new ConnectorException(
                    SyncErrorCode.MQTT_UNREACHABLE,
                    "cannot connect to " + uri + ": " + m.getMessage() + " (reason " + reason + ")",
                    null);
        }
        return new ConnectorException(
                SyncErrorCode.MQTT_UNREACHABLE, "cannot connect to " + uri + ": " + e.getMessage(), null);
    }
}
