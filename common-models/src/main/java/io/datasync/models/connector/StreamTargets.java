package io.datasync.models.connector;

import io.datasync.models.job.WriteMode;
import io.datasync.models.option.Option;
import io.datasync.models.option.Options;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the brokers and caches take as targets: the meaning of a job's {@code target.table} for each (a Kafka topic, an
 * MQTT topic template, a Redis key or stream template) and their {@code target.options}. Templates name row columns
 * in braces, e.g. {@code devices/{device_id}/state}; the columns are checked against the rows when a run starts.
 */
public final class StreamTargets {

    private StreamTargets() {}

    private static final Pattern KAFKA_TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    /** A Kafka topic name as Kafka allows it. */
    static String kafkaTopic(String table) {
        if (table == null || !KAFKA_TOPIC.matcher(table).matches() || table.equals(".") || table.equals("..")) {
            return "'" + table + "' is not a Kafka topic name: 1 to 249 letters, digits, '.', '_' or '-'";
        }
        return null;
    }

    /** A template whose braces are all {@code {column}} placeholders. */
    static String template(String table, String what) {
        if (table == null || table.isBlank()) {
            return "must name the " + what;
        }
        Matcher m = PLACEHOLDER.matcher(table);
        String literal = m.replaceAll("");
        if (literal.indexOf('{') >= 0 || literal.indexOf('}') >= 0) {
            return "'" + table + "' has a brace that is not a {column} placeholder (a column name in braces)";
        }
        return null;
    }

    /** An MQTT topic template: no wildcards, no empty template, at most 65535 bytes. */
    static String mqttTopic(String table) {
        String problem = template(table, "MQTT topic to publish to, e.g. devices/{device_id}/state");
        if (problem != null) {
            return problem;
        }
        if (table.contains("+") || table.contains("#")) {
            return "'" + table + "' has a wildcard (+ or #): a topic to publish to names one topic per row";
        }
        if (table.length() > 65535) {
            return "is longer than an MQTT topic may be (65535 bytes)";
        }
        return null;
    }

    public static final ConnectorDescriptor.SinkSupport KAFKA = new ConnectorDescriptor.SinkSupport(
            Options.NONE, Set.of(WriteMode.INSERT, WriteMode.UPSERT), null, StreamTargets::kafkaTopic);

    public static final Options MQTT_OPTIONS = Options.of(
            Option.integer("qos", "the QoS to publish with: 0, 1 or 2 (0 is at most once)")
                    .withDefault(1)
                    .between(0, 2),
            Option.bool("retain", "whether the broker keeps each topic's last row for new subscribers")
                    .withDefault(false));

    public static final ConnectorDescriptor.SinkSupport MQTT = new ConnectorDescriptor.SinkSupport(
            MQTT_OPTIONS, Set.of(WriteMode.INSERT, WriteMode.UPSERT), null, StreamTargets::mqttTopic);

    public static final Options REDIS_OPTIONS = Options.of(
            Option.choice(
                            "mode",
                            "hash: one hash per row at the key target.table makes (e.g. user:{id}); stream: XADD each"
                                    + " row to the stream target.table names",
                            "hash",
                            "stream")
                    .withDefault("hash"),
            Option.duration("ttl", "hash mode: an expiry set on every hash written, e.g. 1h; none when left out")
                    .checkedBy(StreamTargets::positiveSeconds),
            Option.integer("maxLength", "stream mode: trim each stream to about this many entries (XADD MAXLEN ~)")
                    .between(1, Integer.MAX_VALUE));

    public static final ConnectorDescriptor.SinkSupport REDIS = new ConnectorDescriptor.SinkSupport(
            REDIS_OPTIONS,
            Set.of(WriteMode.INSERT, WriteMode.UPSERT),
            null,
            table -> template(table, "Redis key (hash mode, e.g. user:{id}) or stream (stream mode)"));

    private static String positiveSeconds(Duration ttl) {
        return ttl.isNegative() || ttl.toSeconds() < 1 ? "must be at least 1 s" : null;
    }

    /** The columns a template names, in order. */
    public static List<String> templateColumns(String template) {
        return PLACEHOLDER.matcher(template).results().map(r -> r.group(1)).toList();
    }
}
