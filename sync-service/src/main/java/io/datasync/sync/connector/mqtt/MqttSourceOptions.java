package io.datasync.sync.connector.mqtt;

import io.datasync.models.connector.StreamKinds;
import io.datasync.models.option.Options;
import io.datasync.sync.connector.records.PayloadFormat;
import io.datasync.sync.connector.records.RecordColumns;
import io.datasync.sync.connector.spi.InvalidOptionsException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The options of an MQTT source ({@code source.options} in a job), read from their declaration in the catalog
 * ({@link StreamKinds#MQTT_SOURCE}, which also holds the rules relating them and reports every problem at once).
 *
 * <pre>
 * options:
 *   topics: [sensors/+/temperature]
 *   qos: 1
 *   sharedGroup: plant-a       # datasync-&lt;jobId&gt; when left out
 *   columns: [{name: device, field: deviceId}, {name: celsius, type: "decimal(5,2)", field: /reading/value}]
 *   key: [device]
 * </pre>
 *
 * @param sharedGroup the shared subscription group; empty for {@code datasync-<jobId>}, which only the run knows
 * @param columns the declared columns (required)
 */
public record MqttSourceOptions(
        List<String> topics,
        int qos,
        Optional<String> sharedGroup,
        Duration sessionExpiry,
        PayloadFormat format,
        RecordColumns columns) {

    public MqttSourceOptions {
        topics = List.copyOf(topics);
    }

    /**
     * @throws InvalidOptionsException with every problem, pointing below {@code /source/options}
     */
    public static MqttSourceOptions parse(Map<String, Object> raw) {
        Options.Values values = InvalidOptionsException.parse(StreamKinds.MQTT_SOURCE, raw, "/source/options");
        List<String> topics = new ArrayList<>();
        values.get(StreamKinds.MQTT_TOPICS).forEach(t -> topics.add(t.toString()));
        return new MqttSourceOptions(
                topics,
                values.get(StreamKinds.MQTT_QOS),
                Optional.ofNullable(values.get(StreamKinds.MQTT_SHARED_GROUP)),
                values.get(StreamKinds.MQTT_SESSION_EXPIRY),
                PayloadFormat.of(values.get(StreamKinds.MQTT_FORMAT)),
                RecordColumns.declared(values).orElseThrow()); // the declaration requires columns
    }

    /** The shared subscription group a job's readers share. */
    public String groupFor(String jobId) {
        return sharedGroup.orElse("datasync-" + jobId);
    }

    /** The filters as subscribed: {@code $share/<group>/<filter>}. */
    public List<String> sharedFilters(String jobId) {
        String group = groupFor(jobId);
        return topics.stream().map(t -> "$share/" + group + "/" + t).toList();
    }
}
