package io.datasync.models.connector;

import io.datasync.models.egress.EgressTarget;
import io.datasync.models.job.IncrementalMode;
import io.datasync.models.option.Option;
import io.datasync.models.option.Options;
import io.datasync.models.option.Rule;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The message brokers and caches — {@code kafka}, {@code mqtt}, {@code redis} — and {@code push}: their connections can
 * be stored and tested; Kafka topics can be read as a stream ({@link #KAFKA_SOURCE}); the rest of reading and writing
 * arrives with realtime sync.
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

    // --- kafka source ----------------------------------------------------------------------------------------------

    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    /** The columns a Kafka source can add from a record's metadata, after the declared ones. */
    public static final List<String> KAFKA_META_COLUMNS =
            List.of("_key", "_headers", "_partition", "_offset", "_timestamp");

    public static final Option<List<Object>> KAFKA_TOPICS = Option.list(
                    "topics",
                    Option.text("topic", "a topic name").checkedBy(StreamKinds::topic),
                    "the topics to read, e.g. [orders, refunds]; or give topicPattern")
            .nonEmpty();

    public static final Option<String> KAFKA_TOPIC_PATTERN = Option.text(
                    "topicPattern",
                    "a Java regular expression the names of the topics to read match, e.g. orders\\..*; topics created"
                            + " later that match are read too; or give topics")
            .checkedBy(StreamKinds::pattern);

    public static final Option<String> KAFKA_GROUP_ID = Option.text(
                    "groupId",
                    "the consumer group the job's readers join; datasync-<jobId> when left out. Offsets are committed"
                            + " to the group only for lag tools: the job resumes from the positions stored with the"
                            + " target's rows")
            .maxLength(255)
            .checkedBy(v -> v.isBlank() ? "must not be blank" : null);

    public static final Option<String> KAFKA_START_FROM = Option.choice(
                    "startFrom",
                    "where a partition the job never read starts: earliest (all records the topic keeps) or latest"
                            + " (only records produced from now on)",
                    "earliest",
                    "latest")
            .withDefault("earliest");

    public static final Option<String> KAFKA_FORMAT = Option.choice(
                    "format",
                    "how a record's value holds the row: json (an object), json-schema (Kafka Connect's JsonConverter"
                            + " envelope {schema, payload}: the payload object) or csv (one line)",
                    "json",
                    "json-schema",
                    "csv")
            .withDefault("json");

    public static final Option<List<Object>> KAFKA_COLUMNS = RecordColumnsOptions.columns(
            "the columns a record's value fills, in order: [{name, type (as cast spells it, default text), field (the"
                    + " JSON property, /json/pointer or CSV field; default the name)}]; required, since a stream's"
                    + " rows need their columns before its first record");

    public static final Option<List<Object>> KAFKA_CSV_HEADER = Option.list(
            "csvHeader",
            Option.text("field", "a field's name"),
            "csv: the names of a line's fields by position, e.g. [id, name, amount], so columns name their field;"
                    + " without it a column reads the field at its own position, or at the 1-based number its field"
                    + " gives");

    public static final Option<List<Object>> KAFKA_META = Option.list(
                    "metaColumns",
                    Option.choice("column", "a metadata column", KAFKA_META_COLUMNS.toArray(String[]::new)),
                    "columns added after the declared ones from each record's metadata: _key (text), _headers (json"
                            + " object of UTF-8 values), _partition (int), _offset (bigint), _timestamp (timestamptz);"
                            + " e.g. [_partition, _offset] as the key of an insert-only table")
            .checkedBy(StreamKinds::distinct);

    private static final List<String> CSV_ONLY = List.of("csvHeader", "delimiter", "quote", "escape", "nullValue");

    public static final Options KAFKA_SOURCE = Options.of(
            List.of(
                    KAFKA_TOPICS,
                    KAFKA_TOPIC_PATTERN,
                    KAFKA_GROUP_ID,
                    KAFKA_START_FROM,
                    KAFKA_FORMAT,
                    KAFKA_COLUMNS,
                    RecordColumnsOptions.KEY,
                    KAFKA_META,
                    KAFKA_CSV_HEADER,
                    FileKind.DELIMITER,
                    FileKind.QUOTE,
                    FileKind.ESCAPE,
                    FileKind.NULL_VALUE),
            Rule.of("give topics or topicPattern, not both", scope -> {
                boolean topics = scope.given("topics");
                boolean pattern = scope.given("topicPattern");
                if (topics && pattern) {
                    scope.problem("topicPattern", "give either topics or topicPattern, not both");
                } else if (!topics && !pattern && !scope.failed("topics") && !scope.failed("topicPattern")) {
                    scope.problem("topics", "is required: name the topics to read, or give topicPattern");
                }
            }),
            Rule.of("columns are declared: a stream's rows need their columns before the first message", scope -> {
                if (!(scope.get("columns") instanceof List<?> c && !c.isEmpty()) && !scope.failed("columns")) {
                    scope.problem(
                            "columns",
                            "is required for a kafka source: declare the columns a message's value fills, e.g."
                                    + " [{name: id, type: bigint}, {name: amount, type: decimal(12,2)}]");
                }
            }),
            Rule.of("the CSV options apply only with format csv", scope -> {
                if ("csv".equals(scope.get("format"))) {
                    return;
                }
                for (String option : CSV_ONLY) {
                    if (scope.given(option)) {
                        scope.problem(option, "applies only when format is csv");
                    }
                }
            }),
            Rule.differ("delimiter", "quote"),
            Rule.of("csvHeader names each column's field", scope -> {
                if (!(scope.get("csvHeader") instanceof List<?> header)
                        || !(scope.get("columns") instanceof List<?> c)) {
                    return;
                }
                for (int i = 0; i < c.size(); i++) {
                    if (c.get(i) instanceof java.util.Map<?, ?> column) {
                        Object field = column.get("field") == null ? column.get("name") : column.get("field");
                        if (!header.contains(field)) {
                            scope.problem(
                                    "columns/" + i + "/field",
                                    "'" + field + "' is not one of the csvHeader fields " + header);
                        }
                    }
                }
            }),
            Rule.of("metadata columns are not also declared columns", scope -> {
                if (scope.get("metaColumns") instanceof List<?> meta && scope.get("columns") instanceof List<?> c) {
                    List<String> names = RecordColumnsOptions.names(c);
                    for (int i = 0; i < meta.size(); i++) {
                        if (names.contains(String.valueOf(meta.get(i)))) {
                            scope.problem(
                                    "metaColumns/" + i,
                                    "'" + meta.get(i) + "' is also a declared column; rename that column");
                        }
                    }
                }
            }),
            Rule.of("every key is a declared or a metadata column", scope -> {
                if (!(scope.get("columns") instanceof List<?> c) || !(scope.get("key") instanceof List<?> key)) {
                    return;
                }
                List<String> names = new java.util.ArrayList<>(RecordColumnsOptions.names(c));
                if (scope.get("metaColumns") instanceof List<?> meta) {
                    meta.forEach(m -> names.add(String.valueOf(m)));
                }
                for (int i = 0; i < key.size(); i++) {
                    if (!names.contains(String.valueOf(key.get(i)))) {
                        scope.problem("key/" + i, "'" + key.get(i) + "' is not one of the columns " + names);
                    }
                }
            }));

    public static final ConnectorDescriptor KAFKA = new ConnectorDescriptor(
            "kafka",
            "Apache Kafka clusters; topics read as a stream",
            KAFKA_CONNECTION,
            new ConnectorDescriptor.SourceSupport(KAFKA_SOURCE, Set.of(IncrementalMode.FULL), false, false, true),
            StreamTargets.KAFKA,
            null);

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

    private static String topic(String name) {
        if (!TOPIC.matcher(name).matches()) {
            return "'" + name + "' is not a topic name: 1 to 249 of a-z, A-Z, 0-9, '.', '_' and '-'";
        }
        return name.equals(".") || name.equals("..") ? "'" + name + "' is not a topic name" : null;
    }

    private static String pattern(String regex) {
        try {
            Pattern.compile(regex);
            return null;
        } catch (PatternSyntaxException e) {
            return "is not a regular expression: " + e.getDescription() + " near index " + e.getIndex();
        }
    }

    private static String distinct(List<Object> values) {
        for (int i = 0; i < values.size(); i++) {
            if (values.indexOf(values.get(i)) != i) {
                return "names '" + values.get(i) + "' twice";
            }
        }
        return null;
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
