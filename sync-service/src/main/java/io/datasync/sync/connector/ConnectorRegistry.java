package io.datasync.sync.connector;

import io.datasync.models.connector.ConnectorDescriptor;
import io.datasync.models.connector.Connectors;
import io.datasync.models.event.ConfigChange;
import io.datasync.models.event.EventCodec;
import io.datasync.models.event.Topics;
import io.datasync.sync.connector.spi.Connector;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.SyncErrorCode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The connector units of this sync-service, one per kind of the catalog: the one place that maps a kind to its code.
 * It refuses to start when a kind of the catalog has no unit or a unit declares something else than the catalog, so
 * what config-service accepts at save is what runs here. It also keeps the units' clients fresh: a
 * {@code ConnectionChanged} event evicts the connection's pools and clients (every instance reads the changes with its
 * own consumer group), and clients nobody used for {@link #IDLE} are closed.
 */
@Component
public class ConnectorRegistry {

    private static final Logger log = LoggerFactory.getLogger(ConnectorRegistry.class);

    /** How long a pool or client may stay unused before it is closed. */
    static final Duration IDLE = Duration.ofMinutes(10);

    private final Map<String, Connector> units = new LinkedHashMap<>();
    private final EventCodec codec;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "connector-clients-sweeper");
        t.setDaemon(true);
        return t;
    });

    public ConnectorRegistry(List<Connector> connectors, EventCodec codec, ObjectProvider<MeterRegistry> meters) {
        this.codec = codec;
        for (Connector unit : connectors) {
            Connector clash = units.putIfAbsent(unit.kind(), unit);
            if (clash != null) {
                throw new IllegalStateException("two connector units for kind " + unit.kind() + ": "
                        + clash.getClass().getName() + " and " + unit.getClass().getName());
            }
        }
        List<String> problems = new ArrayList<>();
        for (ConnectorDescriptor declared : Connectors.all()) {
            Connector unit = units.get(declared.kind());
            if (unit == null) {
                problems.add("no unit for catalog kind '" + declared.kind() + "'");
            } else if (unit.descriptor() != declared) {
                problems.add("unit for '" + declared.kind() + "' declares something else than the catalog");
            }
        }
        units.keySet().stream()
                .filter(kind -> Connectors.find(kind).isEmpty())
                .forEach(kind -> problems.add("unit for '" + kind + "' is not in the catalog"));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("connector units do not match the catalog: " + problems);
        }
        MeterRegistry registry = meters.getIfAvailable();
        if (registry != null) {
            units.values()
                    .forEach(unit -> Gauge.builder("datasync.connector.clients", unit, Connector::openClients)
                            .description("pools and clients a connector keeps open for stored connections")
                            .tag("source_type", unit.kind())
                            .register(registry));
        }
        sweeper.scheduleWithFixedDelay(this::closeIdle, 1, 1, TimeUnit.MINUTES);
    }

    /**
     * The unit of a kind.
     *
     * @throws ConnectorException {@code SYNC-005} (permanent) for a kind this sync-service does not know
     */
    public Connector get(String kind) {
        Connector unit = units.get(kind);
        if (unit == null) {
            throw new ConnectorException(
                    SyncErrorCode.NO_CONNECTOR, "no connector for kind '" + kind + "' in this sync-service", null);
        }
        return unit;
    }

    public List<Connector> all() {
        return List.copyOf(units.values());
    }

    @KafkaListener(
            topics = Topics.CONFIG_CHANGES,
            groupId = "sync-service-connections-${random.uuid}",
            properties = "auto.offset.reset=latest")
    void onChange(ConsumerRecord<String, String> record) {
        try {
            codec.fromJson(record.value()).ifPresent(envelope -> {
                if (envelope.data() instanceof ConfigChange.ConnectionChanged changed) {
                    units.values().forEach(unit -> unit.evict(changed.connectionId()));
                    log.info(
                            "Connection {} changed (v{}, {}): its pools and clients are rebuilt on next use",
                            changed.name(),
                            changed.version(),
                            changed.change());
                }
            });
        } catch (RuntimeException e) {
            log.warn("Skipping a malformed config change: {}", e.getMessage());
        }
    }

    private void closeIdle() {
        for (Connector unit : units.values()) {
            try {
                unit.closeIdle(IDLE);
            } catch (RuntimeException e) {
                log.warn("Closing idle {} clients failed: {}", unit.kind(), e.getMessage());
            }
        }
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        sweeper.shutdownNow();
    }
}
