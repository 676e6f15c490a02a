package io.datasync.sync.connector.mqtt;

import io.datasync.sync.connector.records.MessageDecoder;
import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.Egress;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.PositionUpdate;
import io.datasync.sync.connector.spi.RejectedRecord;
import io.datasync.sync.connector.spi.StreamBatch;
import io.datasync.sync.connector.spi.StreamContext;
import io.datasync.sync.connector.spi.StreamReader;
import io.datasync.sync.connector.spi.SyncErrorCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MqttDefaultFilePersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an MQTT 5 shared subscription as one member of a run, in micro-batches, acknowledging each message only after
 * its batch is committed.
 *
 * <ol>
 *   <li>The client id is derived from the job and the member id ({@code ds-<job>-<member>}), so a restarted member
 *       finds its session again; its state is kept in Paho's file persistence under the data directory. It connects
 *       with {@code cleanStart=false}, the job's session expiry, {@code receiveMaximum = min(65535, 2 * maxRows)}
 *       (the most unacknowledged messages the broker sends at once), automatic reconnect and manual
 *       acknowledgements, then subscribes {@code $share/<sharedGroup>/<filter>} with the job's QoS.
 *   <li>{@link #messageArrived} (Paho's callback thread) only offers the message to a queue as large as
 *       {@code receiveMaximum}, so it never blocks the client; {@link #next} takes up to {@code maxRows} of them, or
 *       what arrived within {@code maxDelay} of the first.
 *   <li>{@link #committed} acknowledges the batch's messages ({@code messageArrivedComplete}) in arrival order.
 *   <li>{@link #rewind} disconnects without acknowledging and connects again: the broker delivers every
 *       unacknowledged message again (the session survives). A connection lost on its own does the same: messages
 *       queued or handed out before it are forgotten here (the broker delivers them again), so a batch of the old
 *       connection is committed but not acknowledged, and written twice.
 * </ol>
 *
 * <p><b>Positions.</b> MQTT cannot replay from a position, so none is read back to resume; each batch moves one counter
 * per member ({@code mqtt/<memberId>}, {@code {"messages": n}}) with the usual compare-and-set, so two live readers
 * with one member id cannot both commit.
 *
 * <p><b>Egress.</b> The policy is checked before every connect this reader makes; Paho's automatic reconnect goes to
 * the same URI that passed it.
 *
 * <p><b>Threading.</b> Paho's callback thread calls {@link #messageArrived}, {@link #disconnected} and
 * {@link #connectComplete}; one member thread calls the rest; {@link #wakeup} any thread.
 */
final class MqttStreamReader implements StreamReader, MqttCallback {

    private static final Logger log = LoggerFactory.getLogger(MqttStreamReader.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long TIMEOUT_MS = MqttConnector.TIMEOUT_SECONDS * 1000L;
    static final String COUNTER = "messages";

    /** A message as it arrived, with the connection it came on. */
    record Arrived(int generation, String topic, MqttMessage message, Instant receivedAt) {}

    private final MqttStreamSource source;
    private final MqttSourceOptions options;
    private final MessageDecoder decoder;
    private final StreamContext context;
    private final String uri;
    private final String clientId;
    private final String splitId;
    private final List<String> filters;
    private final MqttAsyncClient client;
    private final MqttConnectionOptions connectOptions;
    private final BlockingQueue<Arrived> queue;
    /** Bumped whenever the connection is lost or dropped: messages of an older one are delivered again. */
    private final AtomicInteger generation = new AtomicInteger();

    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private final Map<StreamBatch, List<Arrived>> inflight = new IdentityHashMap<>();

    private Position committed;
    private boolean mustConnect;
    private volatile long disconnectedSince; // nanoTime, 0 while connected
    private volatile String disconnectCause = "";
    private volatile boolean paused;
    private volatile boolean woken;
    private final Object idle = new Object();

    MqttStreamReader(MqttStreamSource source, StreamContext context) {
        this.source = source;
        this.options = source.options();
        this.decoder = source.decoder();
        this.context = context;
        this.uri = source.connection().text("uri");
        this.clientId = clientId(context.jobId(), context.memberId());
        this.splitId = "mqtt/" + context.memberId();
        this.filters = options.sharedFilters(context.jobId());
        int receiveMaximum = Math.min(65535, 2 * context.maxRows());
        this.queue = new ArrayBlockingQueue<>(receiveMaximum);
        this.connectOptions = connectOptions(receiveMaximum);
        this.committed = context.positions().positions(List.of(splitId)).get(splitId);
        checkEgress();
        try {
            Path dir = source.dataDir();
            Files.createDirectories(dir);
            this.client = new MqttAsyncClient(uri, clientId, new MqttDefaultFilePersistence(dir.toString()));
        } catch (MqttException | java.io.IOException | RuntimeException e) {
            throw new ConnectorException(
                    SyncErrorCode.MQTT_UNREACHABLE, "cannot set up the MQTT client " + clientId + ": " + e, null);
        }
        client.setManualAcks(true);
        client.setCallback(this);
        try {
            connect();
        } catch (RuntimeException e) {
            closeClient();
            throw e;
        }
    }

    /** A stable client id: the same job and member find their session again after a restart (trap 11). */
    static String clientId(String jobId, String memberId) {
        String job = jobId.replaceAll("[^A-Za-z0-9]", "");
        String id =
                "ds-" + job.substring(0, Math.min(8, job.length())) + "-" + memberId.replaceAll("[^A-Za-z0-9_-]", "_");
        return id.length() <= 128 ? id : id.substring(0, 100) + "-" + Integer.toHexString(id.hashCode());
    }

    private MqttConnectionOptions connectOptions(int receiveMaximum) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(options.sessionExpiry().getSeconds());
        o.setReceiveMaximum(receiveMaximum);
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, 30);
        o.setConnectionTimeout(MqttConnector.TIMEOUT_SECONDS);
        o.setKeepAliveInterval(30);
        String user = source.connection().text("username");
        String password = source.connection().text("password");
        if (user != null) {
            o.setUserName(user);
        }
        if (password != null) {
            o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        return o;
    }

    // --- the member thread -----------------------------------------------------------------------------------------

    @Override
    public Optional<StreamBatch> next() {
        woken = false;
        if (overflowed.getAndSet(false)) {
            log.warn(
                    "MQTT client {}: a message did not fit the queue; reconnecting so the broker sends it again",
                    clientId);
            rewind();
        }
        if (mustConnect) {
            connect();
        }
        long lost = disconnectedSince;
        if (lost != 0 && System.nanoTime() - lost > TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS)) {
            throw new ConnectorException(
                    SyncErrorCode.MQTT_UNREACHABLE,
                    "lost the MQTT broker at " + uri + " (client " + clientId + "): " + disconnectCause,
                    null);
        }
        if (paused) {
            // messages stay queued (the broker stops sending once receiveMaximum are unacknowledged); the session stays
            rest();
            return Optional.empty();
        }
        List<Arrived> taken = new ArrayList<>();
        int current = generation.get();
        long deadline = System.nanoTime() + context.maxDelay().toNanos();
        while (taken.size() < context.maxRows() && !woken && !paused) {
            Arrived a = queue.poll();
            if (a == null) {
                long wait = deadline - System.nanoTime();
                if (wait <= 0) {
                    break;
                }
                a = poll(wait);
                if (a == null) {
                    continue;
                }
            }
            if (a.generation() != current) {
                continue; // came on a connection since lost: the broker delivers it again
            }
            if (taken.isEmpty()) {
                deadline = System.nanoTime() + context.maxDelay().toNanos(); // closes maxDelay after the first
            }
            taken.add(a);
        }
        return taken.isEmpty() ? Optional.empty() : Optional.of(batch(taken));
    }

    private StreamBatch batch(List<Arrived> taken) {
        List<Object[]> rows = new ArrayList<>(taken.size());
        List<RejectedRecord> rejected = new ArrayList<>();
        long bytes = 0;
        int width = source.schema().size();
        int meta = width - MqttStreamSource.META.size();
        for (Arrived a : taken) {
            MqttMessage m = a.message();
            byte[] payload = m.getPayload();
            bytes += payload == null ? 0 : payload.length;
            Object[] row = decoder.decode(payload, () -> locator(a), rejected::add);
            if (row == null) {
                continue;
            }
            row[meta] = a.topic();
            row[meta + 1] = m.getQos();
            row[meta + 2] = m.isRetained();
            row[meta + 3] = OffsetDateTime.ofInstant(a.receivedAt(), ZoneOffset.UTC);
            row[meta + 4] = properties(m.getProperties());
            rows.add(row);
        }
        long before = committed != null && committed.get(COUNTER) instanceof Number n ? n.longValue() : 0;
        Position next = new Position(Map.of(COUNTER, before + taken.size()));
        StreamBatch batch = new StreamBatch(
                new Chunk(source.schema(), rows, next, bytes, rejected),
                List.of(new PositionUpdate(splitId, committed, next, taken.size())),
                taken.get(0).receivedAt(),
                taken.get(taken.size() - 1).receivedAt());
        inflight.put(batch, taken);
        return batch;
    }

    private String locator(Arrived a) {
        return "mqtt:" + a.topic() + "#" + a.message().getId() + "@" + clientId + " " + a.receivedAt();
    }

    /** The user properties as a JSON object (a repeated name keeps its last value); null without any. */
    static String properties(MqttProperties properties) {
        if (properties == null
                || properties.getUserProperties() == null
                || properties.getUserProperties().isEmpty()) {
            return null;
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (UserProperty p : properties.getUserProperties()) {
            map.put(p.getKey(), p.getValue());
        }
        return JSON.writeValueAsString(map);
    }

    @Override
    public void committed(StreamBatch batch) {
        List<Arrived> taken = inflight.remove(batch);
        if (taken == null) {
            return;
        }
        committed = batch.positions().get(0).next();
        int current = generation.get();
        for (Arrived a : taken) {
            if (a.generation() != current || a.message().getQos() == 0) {
                continue; // QoS 0 needs no acknowledgement; an old connection's message comes again
            }
            try {
                client.messageArrivedComplete(a.message().getId(), a.message().getQos());
            } catch (MqttException | RuntimeException e) {
                // the broker delivers it again after the next reconnect: written twice, never lost
                log.warn(
                        "MQTT client {}: acknowledging message {} failed: {}",
                        clientId,
                        a.message().getId(),
                        e.toString());
            }
        }
    }

    @Override
    public void rewind() {
        inflight.clear();
        committed = context.positions().positions(List.of(splitId)).get(splitId);
        // bumped before and after the disconnect: whatever arrives while it happens is stale too
        generation.incrementAndGet();
        queue.clear();
        try {
            client.disconnect(TIMEOUT_MS).waitForCompletion(TIMEOUT_MS);
        } catch (MqttException | RuntimeException e) {
            log.debug("MQTT client {}: disconnect before a rewind failed", clientId, e);
            try {
                client.disconnectForcibly(0, TIMEOUT_MS, false);
            } catch (MqttException | RuntimeException again) {
                log.debug("MQTT client {}: forced disconnect failed", clientId, again);
            }
        }
        generation.incrementAndGet();
        queue.clear();
        mustConnect = true;
        try {
            connect();
        } catch (ConnectorException e) {
            // next() connects again and reports it if the broker stays away
            log.warn("MQTT client {}: reconnecting after a rewind failed: {}", clientId, e.getMessage());
        }
    }

    @Override
    public void pause() {
        paused = true;
    }

    @Override
    public void resume() {
        paused = false;
        wakeup();
    }

    @Override
    public void wakeup() {
        woken = true;
        synchronized (idle) {
            idle.notifyAll();
        }
    }

    /**
     * Unsubscribes the shared filters, so the broker routes the group's messages to the members that stay: a session
     * that stays subscribed while its client is away keeps getting its share (and holds it until the client returns or
     * the session expires). What the session already holds is still delivered if this member comes back.
     */
    @Override
    public void leave() {
        try {
            if (client.isConnected()) {
                client.unsubscribe(filters.toArray(String[]::new)).waitForCompletion(TIMEOUT_MS);
            }
        } catch (MqttException | RuntimeException e) {
            log.warn("MQTT client {}: unsubscribing {} before leaving failed: {}", clientId, filters, e.toString());
        }
    }

    /** Disconnects without acknowledging anything: the session (and its unacknowledged messages) stays. */
    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(TIMEOUT_MS).waitForCompletion(TIMEOUT_MS);
            }
        } catch (MqttException | RuntimeException e) {
            log.debug("MQTT client {}: disconnect failed", clientId, e);
        }
        closeClient();
    }

    /** How many messages did not fit the queue since the reader started (QoS 0 ones are lost). */
    long dropped() {
        return dropped.get();
    }

    String clientId() {
        return clientId;
    }

    // --- Paho's callback thread ------------------------------------------------------------------------------------

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        if (!queue.offer(new Arrived(generation.get(), topic, message, Instant.now()))) {
            dropped.incrementAndGet();
            if (message.getQos() > 0) {
                overflowed.set(true); // unacknowledged: a reconnect makes the broker send it again
            }
        }
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        disconnectedSince = Math.max(1, System.nanoTime());
        disconnectCause = String.valueOf(response);
        generation.incrementAndGet();
        queue.clear();
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        disconnectedSince = 0;
        if (reconnect) {
            try {
                client.subscribe(subscriptions()); // the session may have expired meanwhile
            } catch (MqttException e) {
                log.warn("MQTT client {}: subscribing again after a reconnect failed: {}", clientId, e.toString());
            }
        }
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        log.warn("MQTT client {}: {}", clientId, exception.toString());
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
        // this reader publishes nothing
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
        // no enhanced authentication
    }

    // --- connecting ------------------------------------------------------------------------------------------------

    private void checkEgress() {
        Egress.check(source.guard(), g -> g.checkUri(java.net.URI.create(uri), 1883, "MQTT broker"));
    }

    private void connect() {
        checkEgress();
        try {
            if (!client.isConnected()) {
                connectOnceDisconnected();
            }
            IMqttToken token = client.subscribe(subscriptions());
            token.waitForCompletion(TIMEOUT_MS);
            int[] granted = token.getGrantedQos();
            if (granted != null) {
                for (int code : granted) {
                    if (code >= 0x80) {
                        throw new ConnectorException(
                                SyncErrorCode.MQTT_LOGIN_REFUSED,
                                "the broker at " + uri + " refused the subscription " + filters + " (reason " + code
                                        + ")",
                                null);
                    }
                }
            }
            mustConnect = false;
            disconnectedSince = 0;
        } catch (MqttException e) {
            mustConnect = true;
            throw MqttConnector.classify(e, uri);
        }
    }

    /**
     * Connects; a client still finishing a disconnect (Paho's 32102, e.g. right after a rewind on a busy machine) is
     * given up to {@code TIMEOUT_MS} to finish it first instead of failing the attempt.
     */
    private void connectOnceDisconnected() throws MqttException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (true) {
            try {
                client.connect(connectOptions).waitForCompletion(TIMEOUT_MS);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode()
                                != org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_CLIENT_DISCONNECTING
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private MqttSubscription[] subscriptions() {
        return filters.stream().map(f -> new MqttSubscription(f, options.qos())).toArray(MqttSubscription[]::new);
    }

    private Arrived poll(long nanos) {
        try {
            return queue.poll(Math.max(1, Math.min(nanos, TimeUnit.MILLISECONDS.toNanos(50))), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            woken = true;
            return null;
        }
    }

    /** Waits up to {@code maxDelay} without taking a message, unless woken. */
    private void rest() {
        synchronized (idle) {
            if (!woken && paused) {
                try {
                    idle.wait(Math.max(1, context.maxDelay().toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private void closeClient() {
        try {
            client.close(true);
        } catch (MqttException | RuntimeException e) {
            log.debug("MQTT client {}: close failed", clientId, e);
        }
    }
}
