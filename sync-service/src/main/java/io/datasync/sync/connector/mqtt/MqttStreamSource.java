package io.datasync.sync.connector.mqtt;

import io.datasync.kit.egress.EgressGuard;
import io.datasync.models.job.IncrementalMode;
import io.datasync.models.job.SourceSpec;
import io.datasync.models.job.SourceType;
import io.datasync.models.job.WriteMode;
import io.datasync.models.problem.FieldError;
import io.datasync.sync.connector.records.MessageDecoder;
import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.ConnectionSpec;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.Guarantee;
import io.datasync.sync.connector.spi.InvalidOptionsException;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.connector.spi.StreamContext;
import io.datasync.sync.connector.spi.StreamReader;
import io.datasync.sync.connector.spi.StreamSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An MQTT 5 source of one run: each member reads through a persistent session of its own in the job's shared
 * subscription ({@link MqttStreamReader}). The batch engine never opens it (it is a {@link StreamSource}).
 *
 * <p><b>Columns.</b> The declared {@code columns}, read from each payload as its {@code format} says (json, json-schema,
 * csv; {@link MessageDecoder}), then {@code _topic}, {@code _qos}, {@code _retained}, {@code _received_at} (when this
 * reader got it) and {@code _props} (the MQTT 5 user properties as a JSON object; null without any).
 *
 * <p>Thread-safe: {@link #subscribe} may be called by several members at once.
 */
public final class MqttStreamSource implements StreamSource {

    static final List<Column> META = List.of(
            Column.of("_topic", DataType.TEXT),
            Column.of("_qos", DataType.INT),
            Column.of("_retained", DataType.BOOLEAN),
            Column.of("_received_at", DataType.TIMESTAMPTZ),
            Column.of("_props", DataType.JSON));

    private final MqttSourceOptions options;
    private final ConnectionSpec connection;
    private final EgressGuard guard;
    private final Path dataDir;
    private final MessageDecoder decoder;
    private final Schema schema;

    /**
     * @param dataDir where readers keep their client state (Paho file persistence), one directory per client id
     * @throws ConnectorException {@code SYNC-001} when the spec or its options do not fit an MQTT source
     */
    public MqttStreamSource(SourceSpec spec, ConnectionSpec connection, EgressGuard guard, Path dataDir) {
        if (spec.type() != SourceType.MQTT) {
            throw invalid("/source/type", "an MQTT source cannot read a source of type " + spec.type());
        }
        if (spec.table() != null || spec.query() != null) {
            throw invalid("/source/table", "an MQTT source reads no table or query; name topics");
        }
        if (spec.split() != null) {
            throw invalid("/source/split", "an MQTT source is not split by key ranges; leave split out");
        }
        if (spec.incremental().mode() != IncrementalMode.FULL) {
            throw invalid("/source/incremental/mode", "an MQTT source is a stream: leave incremental out");
        }
        this.options = MqttSourceOptions.parse(spec.options());
        this.connection = connection;
        this.guard = guard;
        this.dataDir = dataDir;
        try {
            this.decoder = new MessageDecoder(options.columns(), options.format(), null, META.size());
        } catch (IllegalArgumentException e) {
            throw invalid("/source/options/columns", e.getMessage());
        }
        List<Column> all = new ArrayList<>(options.columns().schema().columns());
        for (Column meta : META) {
            if (all.stream().anyMatch(c -> c.name().equals(meta.name()))) {
                throw invalid(
                        "/source/options/columns",
                        "'" + meta.name() + "' is a column the source fills itself; rename it");
            }
        }
        all.addAll(META);
        this.schema = new Schema(all, options.columns().schema().keys());
    }

    @Override
    public Schema schema() {
        return schema;
    }

    MqttSourceOptions options() {
        return options;
    }

    MessageDecoder decoder() {
        return decoder;
    }

    ConnectionSpec connection() {
        return connection;
    }

    EgressGuard guard() {
        return guard;
    }

    Path dataDir() {
        return dataDir;
    }

    @Override
    public StreamReader subscribe(StreamContext context) {
        return new MqttStreamReader(this, context);
    }

    /**
     * A message is acknowledged to the broker only after its batch is committed; a crash (or a lost connection)
     * between the commit and the acknowledgement makes the broker deliver it again: an upsert writes the same row
     * again (once per key), an insert appends it twice (at least once). MQTT cannot replay from a position, so a
     * message is never read from the target's positions.
     */
    /** The broker hands each message of the shared subscription to one member of its group. */
    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public Guarantee guarantee(WriteMode mode) {
        return mode == WriteMode.UPSERT ? Guarantee.ONCE_PER_KEY : Guarantee.AT_LEAST_ONCE;
    }

    private static ConnectorException invalid(String pointer, String message) {
        return new InvalidOptionsException(List.of(new FieldError(pointer, message)));
    }
}
