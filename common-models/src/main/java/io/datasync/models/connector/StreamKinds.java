package io.datasync.models.connector;

import io.datasync.models.egress.EgressTarget;
import io.datasync.models.option.Option;
import io.datasync.models.option.Options;
import io.datasync.models.option.Rule;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The message brokers and caches — {@code kafka}, {@code mqtt}, {@code redis} — and {@code push}: their connections can
 * be stored and tested today; reading from and writing to them arrives with realtime sync.
 */
public final class StreamKinds {

    private StreamKinds() {}

    static final String PLANNED = "sources and targets of this kind arrive with realtime sync";

    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9a-fA-F:.]+]|[A-Za-z0-9.-]+):([0-9]{1,5})");

    public static final Option<String> BOOTSTRAP_SERVERS = Option.text(
                    "bootstrapServers", "comma-separated host:port list, e.g. kafka-1:9092,kafka-2:9092")
            .mandatory()
            .checkedBy(StreamKinds::hostPorts)
            .reaching(new EgressTarget.HostPorts(9092, "Kafka bootstrap server"));

    public static final Options KAFKA_CONNECTION = Options.of(
            List.of(
                    BOOTSTRAP_SERVERS,
                    Option.choice(
                                    "securityProtocol",
                                    "Kafka security.protocol",
                                    "PLAINTEXT",
                                    "SSL",
                                    "SASL_PLAINTEXT",
                                    "SASL_SSL")
                            .withDefault("PLAINTEXT"),
                    Option.choice(
                            "saslMechanism",
                            "Kafka sasl.mechanism; required with a SASL protocol",
                            "PLAIN",
                            "SCRAM-SHA-256",
                            "SCRAM-SHA-512"),
                    Option.text("saslUsername", "SASL user; required with a SASL protocol"),
                    Option.secret("saslPassword", "SASL password; required with a SASL protocol")),
            Rule.of("the SASL settings go with, and only with, a SASL security protocol", scope -> {
                if (!(scope.get("securityProtocol") instanceof String protocol)) {
                    return;
                }
                boolean sasl = protocol.startsWith("SASL_");
                for (String field : List.of("saslMechanism", "saslUsername", "saslPassword")) {
                    boolean present = scope.get(field) != null;
                    if (sasl && !present) {
                        scope.problem(field, "is required with securityProtocol " + protocol);
                    } else if (!sasl && present) {
                        scope.problem(field, "applies only to the SASL_PLAINTEXT and SASL_SSL security protocols");
                    }
                }
            }));

    public static final Option<String> MQTT_URI = Option.text(
                    "uri", "broker URI: tcp://, ssl://, ws:// or wss://, e.g. tcp://broker:1883")
            .mandatory()
            .checkedBy(v -> HttpKind.uri(v, List.of("tcp", "ssl", "ws", "wss"), false))
            .reaching(new EgressTarget.BrokerUri(1883, "MQTT broker"));

    public static final Options MQTT_CONNECTION = Options.of(
            List.of(
                    MQTT_URI,
                    Option.text("username", "MQTT user name"),
                    Option.secret("password", "MQTT password"),
                    Option.bool("tls", "whether to use TLS; follows the URI scheme (ssl, wss) when left out")),
            Rule.of("tls follows the URI scheme", scope -> {
                if (!(scope.get("uri") instanceof String uri)) {
                    return;
                }
                String scheme = uri.substring(0, uri.indexOf(':')).toLowerCase(Locale.ROOT);
                boolean secure = scheme.equals("ssl") || scheme.equals("wss");
                Object tls = scope.get("tls");
                if (tls == null) {
                    scope.put("tls", secure);
                } else if (!tls.equals(secure)) {
                    scope.problem(
                            "tls",
                            "contradicts the URI scheme '" + scheme + "'; use ssl:// or wss:// for TLS, tcp:// or ws://"
                                    + " without");
                }
            }));

    public static final Option<String> REDIS_URI = Option.text(
                    "uri", "redis:// or rediss:// (TLS) URI, e.g. redis://cache:6379/0")
            .mandatory()
            .checkedBy(v -> HttpKind.uri(v, List.of("redis", "rediss"), false))
            .reaching(new EgressTarget.BrokerUri(6379, "Redis server"));

    public static final Options REDIS_CONNECTION = Options.of(
            REDIS_URI,
            Option.text("username", "Redis ACL user (AUTH username); the default user when left out"),
            Option.secret("password", "Redis password (AUTH)"));

    public static final ConnectorDescriptor KAFKA = new ConnectorDescriptor(
            "kafka", "Apache Kafka clusters", KAFKA_CONNECTION, null, StreamTargets.KAFKA, null);

    public static final ConnectorDescriptor MQTT =
            new ConnectorDescriptor("mqtt", "MQTT 5 brokers", MQTT_CONNECTION, null, StreamTargets.MQTT, null);

    public static final ConnectorDescriptor REDIS = new ConnectorDescriptor(
            "redis", "Redis streams, pub/sub and keys", REDIS_CONNECTION, null, StreamTargets.REDIS, null);

    public static final ConnectorDescriptor PUSH = new ConnectorDescriptor(
            "push",
            "records pushed to the platform over HTTP (POST /api/sync/push/{jobId}); needs no connection",
            Options.NONE,
            null,
            null,
            PLANNED);

    /** The host:port pairs of a bootstrap list, as given. */
    public static List<String> servers(String bootstrapServers) {
        return List.of(bootstrapServers.split(",")).stream().map(String::strip).toList();
    }

    private static String hostPorts(String value) {
        for (String server : value.split(",", -1)) {
            var m = HOST_PORT.matcher(server.trim());
            if (!m.matches()) {
                return "'" + server.trim() + "' is not host:port";
            }
            int port = Integer.parseInt(m.group(2));
            if (port < 1 || port > 65535) {
                return "'" + server.trim() + "' has a port outside 1-65535";
            }
        }
        return null;
    }
}
