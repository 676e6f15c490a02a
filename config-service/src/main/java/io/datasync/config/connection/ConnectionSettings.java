package io.datasync.config.connection;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The settings of every connection type, declared once: what sync-service's connectors will be given. Each
 * declaration lists its options with their docs, then the rules that relate them.
 */
final class ConnectionSettings {

    private ConnectionSettings() {}

    /** JDBC sub-protocols whose driver class is known, so {@code driver} may be left out. */
    static final Map<String, String> JDBC_DRIVERS = Map.of(
            "postgresql", "org.postgresql.Driver",
            "mysql", "com.mysql.cj.jdbc.Driver",
            "mariadb", "org.mariadb.jdbc.Driver");

    private static final Pattern JDBC_URL = Pattern.compile("jdbc:([a-z][a-z0-9]*):\\S+");
    private static final Pattern JAVA_CLASS = Pattern.compile("([a-zA-Z_$][a-zA-Z0-9_$]*\\.)+[a-zA-Z_$][a-zA-Z0-9_$]*");
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)[?&;]password=");
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9a-fA-F:.]+]|[A-Za-z0-9.-]+):([0-9]{1,5})");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    static final OptionSet JDBC = OptionSet.of(
            List.of(
                    Option.text(
                                    "url",
                                    "JDBC URL, e.g. jdbc:postgresql://db:5432/app; jdbc:postgresql:, jdbc:mysql: and "
                                            + "jdbc:mariadb: are known, any other jdbc: URL needs a driver")
                            .mandatory()
                            .checkedBy(ConnectionSettings::jdbcUrl),
                    Option.text("user", "database user"),
                    Option.secret("password", "database password"),
                    Option.text("driver", "JDBC driver class; inferred from a known URL")
                            .checkedBy(v -> JAVA_CLASS.matcher(v).matches() ? null : "is not a Java class name")),
            ConnectionSettings::inferJdbcDriver);

    static final OptionSet HTTP_AUTH = OptionSet.of(
            List.of(
                    Option.choice("type", "none", "how requests authenticate", "none", "basic", "bearer", "header"),
                    Option.text("username", "user name for basic authentication"),
                    Option.secret("password", "password for basic authentication"),
                    Option.secret("token", "token sent as 'Authorization: Bearer <token>'"),
                    Option.text("headerName", "name of the header carrying the credential, e.g. X-API-Key")
                            .checkedBy(v -> HEADER_NAME.matcher(v).matches() ? null : "is not a valid header name"),
                    Option.secret("headerValue", "value of that header")),
            ConnectionSettings::httpAuthFields);

    static final OptionSet HTTP = OptionSet.of(List.of(
            Option.text("baseUrl", "http or https URL every request path is resolved against")
                    .mandatory()
                    .checkedBy(v -> uri(v, List.of("http", "https"))),
            Option.object("auth", HTTP_AUTH, "authentication; none when left out")));

    static final OptionSet KAFKA = OptionSet.of(
            List.of(
                    Option.text("bootstrapServers", "comma-separated host:port list, e.g. kafka-1:9092,kafka-2:9092")
                            .mandatory()
                            .checkedBy(ConnectionSettings::hostPorts),
                    Option.choice(
                            "securityProtocol",
                            "PLAINTEXT",
                            "Kafka security.protocol",
                            "PLAINTEXT",
                            "SSL",
                            "SASL_PLAINTEXT",
                            "SASL_SSL"),
                    Option.choice(
                            "saslMechanism",
                            null,
                            "Kafka sasl.mechanism; required with a SASL protocol",
                            "PLAIN",
                            "SCRAM-SHA-256",
                            "SCRAM-SHA-512"),
                    Option.text("saslUsername", "SASL user; required with a SASL protocol"),
                    Option.secret("saslPassword", "SASL password; required with a SASL protocol")),
            ConnectionSettings::kafkaSasl);

    static final OptionSet MQTT = OptionSet.of(
            List.of(
                    Option.text("uri", "broker URI: tcp://, ssl://, ws:// or wss://, e.g. tcp://broker:1883")
                            .mandatory()
                            .checkedBy(v -> uri(v, List.of("tcp", "ssl", "ws", "wss"))),
                    Option.text("username", "MQTT user name"),
                    Option.secret("password", "MQTT password"),
                    Option.bool("tls", "whether to use TLS; follows the URI scheme (ssl, wss) when left out")),
            ConnectionSettings::mqttTls);

    static final OptionSet REDIS = OptionSet.of(List.of(
            Option.text("uri", "redis:// or rediss:// (TLS) URI, e.g. redis://cache:6379/0")
                    .mandatory()
                    .checkedBy(v -> uri(v, List.of("redis", "rediss"))),
            Option.secret("password", "Redis password (AUTH)")));

    static final OptionSet FILE = OptionSet.of(
            List.of(Option.text("baseDirectory", "absolute directory that file paths of jobs are resolved in")
                    .mandatory()
                    .checkedBy(ConnectionSettings::absoluteDirectory)));

    private static String jdbcUrl(String url) {
        if (!JDBC_URL.matcher(url).matches()) {
            return "must be a JDBC URL like jdbc:postgresql://host:5432/database";
        }
        if (PASSWORD_PARAMETER.matcher(url).find()) {
            // A password in the URL would be stored and shown in plain text; the password setting is encrypted.
            return "must not carry a password; put it in /settings/password, which is encrypted";
        }
        return null;
    }

    private static void inferJdbcDriver(Map<String, Object> values, OptionSet.Report report) {
        if (!(values.get("url") instanceof String url) || values.containsKey("driver")) {
            return;
        }
        var m = JDBC_URL.matcher(url);
        if (!m.matches()) {
            return;
        }
        String known = JDBC_DRIVERS.get(m.group(1));
        if (known != null) {
            values.put("driver", known);
        } else {
            report.problem(
                    "driver",
                    "is required for jdbc:" + m.group(1) + ": URLs; the driver is inferred only for "
                            + JDBC_DRIVERS.keySet().stream().sorted().toList());
        }
    }

    private static void httpAuthFields(Map<String, Object> values, OptionSet.Report report) {
        if (!(values.get("type") instanceof String type)) {
            return;
        }
        List<String> needed = switch (type) {
            case "basic" -> List.of("username", "password");
            case "bearer" -> List.of("token");
            case "header" -> List.of("headerName", "headerValue");
            default -> List.of();
        };
        for (String field : List.of("username", "password", "token", "headerName", "headerValue")) {
            boolean present = values.containsKey(field);
            if (needed.contains(field) && !present) {
                report.problem(field, "is required for auth type '" + type + "'");
            } else if (!needed.contains(field) && present) {
                report.problem(field, "does not apply to auth type '" + type + "'");
            }
        }
    }

    private static void kafkaSasl(Map<String, Object> values, OptionSet.Report report) {
        if (!(values.get("securityProtocol") instanceof String protocol)) {
            return;
        }
        boolean sasl = protocol.startsWith("SASL_");
        for (String field : List.of("saslMechanism", "saslUsername", "saslPassword")) {
            boolean present = values.containsKey(field);
            if (sasl && !present) {
                report.problem(field, "is required with securityProtocol " + protocol);
            } else if (!sasl && present) {
                report.problem(field, "applies only to the SASL_PLAINTEXT and SASL_SSL security protocols");
            }
        }
    }

    private static void mqttTls(Map<String, Object> values, OptionSet.Report report) {
        if (!(values.get("uri") instanceof String uri)) {
            return;
        }
        String scheme = uri.substring(0, uri.indexOf(':')).toLowerCase(Locale.ROOT);
        boolean secureScheme = scheme.equals("ssl") || scheme.equals("wss");
        Object tls = values.get("tls");
        if (tls == null) {
            values.put("tls", secureScheme);
        } else if (!tls.equals(secureScheme)) {
            report.problem(
                    "tls",
                    "contradicts the URI scheme '" + scheme + "'; use ssl:// or wss:// for TLS, tcp:// or ws:// "
                            + "without");
        }
    }

    private static String uri(String value, List<String> schemes) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return "is not a valid URI: " + e.getReason();
        }
        if (uri.getScheme() == null || !schemes.contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
            return "must start with " + String.join("://, ", schemes) + "://";
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return "must name a host";
        }
        if (uri.getRawUserInfo() != null && uri.getRawUserInfo().contains(":")) {
            // Credentials in the URI would be stored and shown in plain text; the secret settings are encrypted.
            return "must not carry a password; use the password setting, which is encrypted";
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

    private static String absoluteDirectory(String value) {
        boolean unix = value.startsWith("/");
        boolean windows = value.matches("[A-Za-z]:[\\\\/].*");
        if (!unix && !windows) {
            return "must be an absolute path, e.g. /data/exports";
        }
        for (String segment : value.split("[\\\\/]")) {
            if (segment.equals("..")) {
                return "must not contain '..'";
            }
        }
        if (value.indexOf('\0') >= 0) {
            return "must not contain NUL";
        }
        return null;
    }
}
