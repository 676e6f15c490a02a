package io.datasync.sync.connector.mqtt;

import io.datasync.sync.connector.checkpoints.ServiceCheckpoints;
import io.datasync.sync.connector.records.RowJson;
import io.datasync.sync.connector.records.RowTemplate;
import io.datasync.sync.connector.spi.Checkpoint;
import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.PositionUpdate;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.connector.spi.Sink;
import io.datasync.sync.connector.spi.SyncErrorCode;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * Publishes rows as JSON objects ({@link RowJson}) to MQTT topics made from each row ({@code devices/{device_id}/state}),
 * with the job's QoS (1 or 2) and retain flag. A chunk counts as written once the broker acknowledged every message
 * (PUBACK for QoS 1, PUBCOMP for QoS 2); only then is its checkpoint (batch) or are its positions (stream) stored in
 * sync-service's database. Messages in flight are kept under the broker's receive maximum.
 *
 * <p>Delivery: at least once — a crash after the acknowledgements and before the checkpoint publishes the chunk again;
 * with {@code retain} and one topic per key, subscribers see each key's latest row once it settles. {@link #write}
 * calls are serialized (one client per run).
 */
final class MqttSink implements Sink {

    static final long ACK_TIMEOUT_MS = 60_000;
    static final int REASON_MAX_INFLIGHT = org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_MAX_INFLIGHT;

    private final MqttAsyncClient client;
    private final ServiceCheckpoints checkpoints;
    private final RowTemplate template;
    private final int qos;
    private final boolean retain;
    private final String scope;
    private final int window;
    private RowTemplate bound;
    private RowJson json;

    /**
     * @param client connected
     * @param window the most messages in flight at once (the broker's receive maximum, capped)
     */
    MqttSink(
            MqttAsyncClient client,
            ServiceCheckpoints checkpoints,
            RowTemplate template,
            int qos,
            boolean retain,
            String scope,
            int window) {
        this.client = client;
        this.checkpoints = checkpoints;
        this.template = template;
        this.qos = qos;
        this.retain = retain;
        this.scope = scope;
        this.window = Math.max(1, window);
    }

    @Override
    public void prepare(Schema schema) {
        try {
            this.bound = template.bind(schema);
        } catch (IllegalArgumentException e) {
            throw new ConnectorException(SyncErrorCode.INVALID_OPTIONS, "target.table " + e.getMessage(), null);
        }
        this.json = new RowJson(schema);
    }

    @Override
    public Optional<Checkpoint> checkpoint(String jobId, String splitId) {
        return checkpoints.read(jobId, splitId);
    }

    @Override
    public synchronized long write(Chunk chunk, Checkpoint checkpoint) {
        publish(chunk);
        checkpoints.save(checkpoint);
        return chunk.size();
    }

    @Override
    public synchronized long write(Chunk chunk, List<PositionUpdate> positions) {
        publish(chunk);
        checkpoints.compareAndSet(scope, positions);
        return chunk.size();
    }

    @Override
    public Map<String, Position> positions(String scope, Collection<String> splitIds) {
        return checkpoints.positions(scope, splitIds);
    }

    private void publish(Chunk chunk) {
        ArrayDeque<IMqttToken> inFlight = new ArrayDeque<>();
        long deadline = System.currentTimeMillis() + ACK_TIMEOUT_MS;
        try {
            for (Object[] row : chunk.rows()) {
                String topic = bound.apply(row);
                MqttMessage message = new MqttMessage(json.encode(row), qos, retain, null);
                while (true) {
                    if (inFlight.size() >= window) {
                        await(inFlight.removeFirst(), deadline);
                    }
                    try {
                        inFlight.addLast(client.publish(topic, message));
                        break;
                    } catch (MqttException e) {
                        if (e.getReasonCode() != REASON_MAX_INFLIGHT || inFlight.isEmpty()) {
                            throw e;
                        }
                        await(inFlight.removeFirst(), deadline);
                    }
                }
            }
            while (!inFlight.isEmpty()) {
                await(inFlight.removeFirst(), deadline);
            }
        } catch (MqttException e) {
            throw new ConnectorException(
                    SyncErrorCode.MQTT_UNREACHABLE,
                    "publishing " + chunk.size() + " rows to " + client.getCurrentServerURI() + " failed: "
                            + e.getMessage() + " (reason " + e.getReasonCode() + ")",
                    e);
        } catch (IllegalArgumentException e) {
            throw new ConnectorException(
                    SyncErrorCode.INVALID_OPTIONS,
                    "a row makes an invalid MQTT topic from target.table '" + template + "': " + e.getMessage(),
                    e);
        }
    }

    private static void await(IMqttToken token, long deadline) throws MqttException {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
            throw new MqttException(org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_CLIENT_TIMEOUT);
        }
        token.waitForCompletion(left);
        if (token.getException() != null) {
            throw token.getException();
        }
        int[] reasons = token.getReasonCodes();
        if (reasons != null) {
            for (int reason : reasons) {
                if (reason >= 0x80) {
                    throw new MqttException(reason);
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(5_000).waitForCompletion(5_000);
            }
        } catch (MqttException e) {
            // closing anyway
        } finally {
            try {
                client.close(true);
            } catch (MqttException e) {
                // nothing left to release
            }
        }
    }
}
