package io.datasync.models.connector;

import io.datasync.models.egress.EgressTarget;
import io.datasync.models.job.IncrementalMode;
import io.datasync.models.option.Option;
import io.datasync.models.option.Options;
import io.datasync.models.option.Rule;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The message brokers and caches — {@code kafka}, {@code mqtt}, {@code redis} — and {@code push}: their connections can
 * be stored and tested; Kafka topics, MQTT subscriptions and Redis streams, channels and keyspace events are stream
 * sources (a run of them stays running until stopped), and all three are targets; records pushed over HTTP
 * ({@code push}) are a stream source too.
 */
public final class StreamKinds {

    private StreamKinds() {}

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

    // --- Redis source ----------------------------------------------------------------------------------------------

    public static final String REDIS_STREAM = "stream";
    public static final String REDIS_PUBSUB = "pubsub";
    public static final String REDIS_KEYSPACE = "keyspace";

    public static final Option<String> REDIS_MODE = Option.choice(
                    "mode",
                    "stream: entries of Redis streams through a consumer group (acknowledged after the commit);"
                            + " pubsub: messages of channels or channel patterns; keyspace: keyspace notifications of"
                            + " keys matching patterns (the server must have notify-keyspace-events set, e.g. KA;"
                            + " datasync never changes the server's configuration). pubsub and keyspace are at most"
                            + " once: what is published while no run listens is gone",
                    REDIS_STREAM,
                    REDIS_PUBSUB,
                    REDIS_KEYSPACE)
            .withDefault(REDIS_STREAM);

    public static final Option<List<Object>> REDIS_STREAMS = Option.list(
                    "streams",
                    Option.text("stream", "a stream key").checkedBy(StreamKinds::redisKey),
                    "the stream keys to read (mode stream), e.g. [orders, payments]; created empty when missing")
            .nonEmpty()
            .maxLength(64)
            .checkedBy(StreamKinds::distinct);

    public static final Option<String> REDIS_GROUP = Option.text(
                    "group", "the consumer group (mode stream); datasync-<jobId> when left out")
            .maxLength(200)
            .checkedBy(StreamKinds::redisKey);

    public static final Option<String> REDIS_START_ID = Option.choice(
                    "startId",
                    "where a consumer group created by the job starts (mode stream): $ for entries added from now on,"
                            + " 0 for every entry in the stream; an existing group keeps its own position",
                    "$",
                    "0")
            .withDefault("$");

    public static final Option<Duration> REDIS_CLAIM_IDLE = Option.duration(
                    "claimIdle",
                    "how long an entry may stay unacknowledged with another consumer of the group (one that died)"
                            + " before a reader takes it over with XAUTOCLAIM (mode stream); also how often it looks")
            .withDefault(Duration.ofSeconds(60))
            .checkedBy(d -> d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(Duration.ofDays(1)) > 0
                    ? "must be between 1s and 1d"
                    : null);

    public static final Option<List<Object>> REDIS_CHANNELS = Option.list(
                    "channels",
                    Option.text("channel", "a channel name").checkedBy(StreamKinds::redisKey),
                    "the channels to subscribe to (mode pubsub)")
            .nonEmpty()
            .maxLength(256)
            .checkedBy(StreamKinds::distinct);

    public static final Option<List<Object>> REDIS_PATTERNS = Option.list(
                    "patterns",
                    Option.text("pattern", "a glob-style pattern, e.g. sensor.* or user:*")
                            .checkedBy(StreamKinds::redisKey),
                    "channel patterns (mode pubsub, PSUBSCRIBE) or key patterns (mode keyspace: the keys whose"
                            + " __keyspace@<db>__ notifications are read, e.g. user:*)")
            .nonEmpty()
            .maxLength(256)
            .checkedBy(StreamKinds::distinct);

    /** The options a Redis source reads only in some modes. */
    private static final List<String> REDIS_STREAM_ONLY = List.of("streams", "group", "startId", "claimIdle");

    public static final Options REDIS_SOURCE = Options.of(
            List.of(
                    REDIS_MODE,
                    REDIS_STREAMS,
                    REDIS_GROUP,
                    REDIS_START_ID,
                    REDIS_CLAIM_IDLE,
                    REDIS_CHANNELS,
                    REDIS_PATTERNS,
                    RecordColumnsOptions.COLUMNS,
                    RecordColumnsOptions.KEY),
            Rule.of(
                    "mode stream reads streams (with group, startId, claimIdle); pubsub reads channels and/or"
                            + " patterns; keyspace reads patterns and has fixed columns",
                    scope -> {
                        if (!(scope.get("mode") instanceof String mode)) {
                            return;
                        }
                        List<String> refused = new java.util.ArrayList<>();
                        switch (mode) {
                            case REDIS_STREAM -> {
                                if (scope.get("streams") == null && !scope.failed("streams")) {
                                    scope.problem("streams", "is required for mode stream");
                                }
                                refused.addAll(List.of("channels", "patterns"));
                            }
                            case REDIS_PUBSUB -> {
                                if (scope.get("channels") == null
                                        && scope.get("patterns") == null
                                        && !scope.failed("channels")
                                        && !scope.failed("patterns")) {
                                    scope.problem("channels", "mode pubsub needs channels, patterns or both");
                                }
                                refused.addAll(REDIS_STREAM_ONLY);
                            }
                            default -> {
                                if (scope.get("patterns") == null && !scope.failed("patterns")) {
                                    scope.problem(
                                            "patterns", "is required for mode keyspace (key patterns, e.g. user:*)");
                                }
                                refused.addAll(REDIS_STREAM_ONLY);
                                refused.addAll(List.of("channels", "columns", "key"));
                            }
                        }
                        for (String option : refused) {
                            if (scope.given(option)) {
                                scope.problem(option, "does not apply to mode " + mode);
                            }
                        }
                    }),
            RecordColumnsOptions.KEY_AMONG_COLUMNS);

    // --- MQTT source -----------------------------------------------------------------------------------------------

    public static final Option<List<Object>> MQTT_TOPICS = Option.list(
                    "topics",
                    Option.text("topic", "a topic filter, e.g. sensors/+/temperature or plant/#")
                            .checkedBy(StreamKinds::topicFilter),
                    "the topic filters to subscribe to, each in the shared subscription $share/<sharedGroup>/<filter>")
            .mandatory()
            .nonEmpty()
            .maxLength(64)
            .checkedBy(StreamKinds::distinct);

    public static final Option<Integer> MQTT_QOS = Option.integer(
                    "qos",
                    "the subscription's quality of service: 1 (at least once from the broker) or 2 (exactly once from"
                            + " the broker); a message is acknowledged only after its row is committed either way")
            .withDefault(1)
            .between(1, 2);

    public static final Option<String> MQTT_SHARED_GROUP = Option.text(
                    "sharedGroup",
                    "the shared subscription group: the run's readers (and instances) split the messages;"
                            + " datasync-<jobId> when left out")
            .maxLength(200)
            .checkedBy(v -> v.matches("[A-Za-z0-9_.-]+") ? null : "may hold only letters, digits, '_', '.' and '-'");

    public static final Option<Duration> MQTT_SESSION_EXPIRY = Option.duration(
                    "sessionExpiry",
                    "how long the broker keeps a reader's session (and queues its messages) while it is disconnected")
            .withDefault(Duration.ofSeconds(3600))
            .checkedBy(d -> d.isNegative() || d.getSeconds() > 0xFFFFFFFEL ? "must be between 0s and 136 years" : null);

    public static final Option<String> MQTT_FORMAT = Option.choice(
                    "format",
                    "how a payload holds its record: json (an object; columns read its properties by field, or a"
                            + " /json/pointer), json-schema (Kafka Connect's {schema, payload} envelope), or csv (one"
                            + " line; columns by position)",
                    "json",
                    "json-schema",
                    "csv")
            .withDefault("json");

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

    public static final Options MQTT_SOURCE = Options.of(
            List.of(
                    MQTT_TOPICS,
                    MQTT_QOS,
                    MQTT_SHARED_GROUP,
                    MQTT_SESSION_EXPIRY,
                    MQTT_FORMAT,
                    RecordColumnsOptions.COLUMNS,
                    RecordColumnsOptions.KEY),
            Rule.of("columns are declared (a stream cannot be sampled to infer them)", scope -> {
                if (!(scope.get("columns") instanceof List<?> c && !c.isEmpty()) && !scope.failed("columns")) {
                    scope.problem(
                            "columns",
                            "are required: name the payload's fields to read, e.g. [{name: id, type: bigint}]; the"
                                    + " columns _topic, _qos, _retained, _received_at and _props are added");
                }
            }),
            RecordColumnsOptions.KEY_AMONG_COLUMNS);

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

    public static final ConnectorDescriptor MQTT = new ConnectorDescriptor(
            "mqtt",
            "MQTT 5 brokers: a persistent session in a shared subscription; each message is acknowledged only after"
                    + " its row is committed (once per key with upsert, at least once with insert)",
            MQTT_CONNECTION,
            new ConnectorDescriptor.SourceSupport(MQTT_SOURCE, Set.of(IncrementalMode.FULL), false, false, true),
            StreamTargets.MQTT,
            null);

    public static final ConnectorDescriptor REDIS = new ConnectorDescriptor(
            "redis",
            "Redis streams (consumer groups; entries are acknowledged after their rows are committed: once per key"
                    + " with upsert, at least once with insert), pub/sub and keyspace events (at most once: a message"
                    + " published while no run listens is gone)",
            REDIS_CONNECTION,
            new ConnectorDescriptor.SourceSupport(REDIS_SOURCE, Set.of(IncrementalMode.FULL), false, false, true),
            StreamTargets.REDIS,
            null);

    public static final Options PUSH_SOURCE = Options.of(
            List.of(
                    RecordColumnsOptions.columns(
                            "the columns a pushed record fills, in order: [{name, type (as cast spells it, default"
                                    + " text), field (the JSON property or /json/pointer; default the name)}]; required,"
                                    + " since a stream's rows need their columns before its first record"),
                    RecordColumnsOptions.KEY),
            Rule.of("columns are declared (a stream cannot be sampled to infer them)", scope -> {
                if (!(scope.get("columns") instanceof List<?> c && !c.isEmpty()) && !scope.failed("columns")) {
                    scope.problem(
                            "columns",
                            "are required: name the pushed records' fields, e.g. [{name: id, type: bigint}]");
                }
            }),
            RecordColumnsOptions.KEY_AMONG_COLUMNS);

    public static final ConnectorDescriptor PUSH = new ConnectorDescriptor(
            "push",
            "records pushed to the platform over HTTP (POST /api/sync/push/{jobId}, NDJSON or a JSON array, with an API"
                    + " key bound to the job); each push is durable in the platform's Kafka before its 202 and is read"
                    + " like a Kafka topic (effectively once from there); needs no connection",
            Options.NONE,
            new ConnectorDescriptor.SourceSupport(PUSH_SOURCE, Set.of(IncrementalMode.FULL), false, false, true),
            null,
            null);

    /** The host:port pairs of a bootstrap list, as given. */
    public static List<String> servers(String bootstrapServers) {
        return List.of(bootstrapServers.split(",")).stream().map(String::strip).toList();
    }

    private static String redisKey(String value) {
        return value.isBlank() ? "must not be blank" : null;
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

    /** No value named twice; values refused on their own (null here) are reported by their own check, not again. */
    private static String distinct(List<Object> values) {
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) != null && values.indexOf(values.get(i)) != i) {
                return "names '" + values.get(i) + "' twice";
            }
        }
        return null;
    }

    /** An MQTT topic filter as MQTT 5 defines it (4.7), not itself a shared subscription. */
    static String topicFilter(String filter) {
        if (filter.startsWith("$share/")) {
            return "names a shared subscription itself; give the plain filter and set sharedGroup";
        }
        if (filter.indexOf('\u0000') >= 0) {
            return "must not contain a NUL character";
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                return "'#' must be a whole level and the last one";
            }
            if (level.contains("+") && !level.equals("+")) {
                return "'+' must be a whole level";
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
