package io.datasync.sync.connection;

import io.datasync.models.job.SqlIdentifiers;
import io.datasync.sync.connector.file.FileSource;
import io.datasync.sync.connector.jdbc.Dialect;
import io.datasync.sync.connector.jdbc.JdbcEndpoint;
import io.datasync.sync.connector.jdbc.JdbcErrors;
import io.datasync.sync.connector.spi.ConnectorException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Tries a connection step by step the way a run uses it — driver, login, table for JDBC; directory and files for
 * files; the server for Kafka, MQTT and Redis — and reports each step with the stable code of its failure. A failure
 * of the thing tested is an answer ({@code ok: false}), never an error of the request.
 */
@Component
public class ConnectionTester {

    static final int CONNECT_TIMEOUT_MS = 5_000;

    private final HttpProbe http;

    ConnectionTester(HttpProbe http) {
        this.http = http;
    }

    /**
     * @param name the connection's name, for the answer (null for settings not saved)
     */
    public ConnectionTest.Result test(
            String name, String type, Map<String, Object> settings, ConnectionTest.Request request) {
        long start = System.nanoTime();
        TestSteps steps = new TestSteps();
        switch (type) {
            case "jdbc" -> jdbc(settings, request.table(), steps);
            case "file" -> file(settings, request.path(), steps);
            case "http" -> http.probe(settings, request.path(), steps);
            case "kafka" -> {
                for (String server : text(settings, "bootstrapServers").split(",")) {
                    tcp(steps, "reach " + server.strip(), hostPort(server.strip(), 9092));
                }
            }
            case "mqtt" -> tcp(steps, "reach broker", hostPort(URI.create(text(settings, "uri")), 1883));
            case "redis" -> tcp(steps, "reach server", hostPort(URI.create(text(settings, "uri")), 6379));
            default -> throw new IllegalArgumentException("no test for connection type " + type);
        }
        return new ConnectionTest.Result(!steps.failed(), name, type, TestSteps.millisSince(start), steps.checks());
    }

    private static void jdbc(Map<String, Object> settings, String table, TestSteps steps) {
        JdbcEndpoint endpoint = JdbcEndpoint.of(settings);
        String password = endpoint.password();
        Connection[] connection = new Connection[1];
        try {
            steps.run(
                    "login",
                    () -> {
                        connection[0] = endpoint.open();
                        var meta = connection[0].getMetaData();
                        return meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion() + " as "
                                + meta.getUserName();
                    },
                    e -> classify(e, "the database", password));
            if (table != null) {
                steps.run(
                        "read table",
                        () -> {
                            if (!SqlIdentifiers.isTable(table)) {
                                throw JdbcErrors.invalid(
                                        "'" + table + "' is not a table name: " + SqlIdentifiers.rule());
                            }
                            Dialect dialect = Dialect.fromUrl(endpoint.url());
                            try (Statement st = connection[0].createStatement();
                                    ResultSet rs = st.executeQuery(
                                            "SELECT * FROM " + dialect.quoteTable(table) + " WHERE 1 = 0")) {
                                return table + " has " + rs.getMetaData().getColumnCount() + " columns";
                            }
                        },
                        e -> classify(e, "table " + table, password));
            }
        } finally {
            closeQuietly(connection[0]);
        }
    }

    private static void file(Map<String, Object> settings, String pattern, TestSteps steps) {
        Path base = Path.of(text(settings, "baseDirectory"));
        boolean listed = steps.run(
                "directory",
                () -> {
                    if (!Files.isDirectory(base) || !Files.isReadable(base)) {
                        throw new ConnectorException(
                                "SYNC-402",
                                false,
                                base + " does not exist, is not a directory or is not readable",
                                null);
                    }
                    try (var entries = Files.list(base)) {
                        return base + " holds " + entries.count() + " entries";
                    }
                },
                e -> new ConnectorException("SYNC-403", true, "cannot list " + base + ": " + e.getMessage(), e));
        if (listed && pattern != null) {
            steps.run(
                    "files",
                    () -> {
                        List<Path> files =
                                FileSource.match(base.toAbsolutePath().normalize(), pattern);
                        return files.size() + (files.size() == 1 ? " file matches" : " files match") + " '" + pattern
                                + "'";
                    },
                    e -> new ConnectorException("SYNC-403", true, e.getMessage(), e));
        }
    }

    private static void tcp(TestSteps steps, String name, InetSocketAddress address) {
        steps.run(
                name,
                () -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(address, CONNECT_TIMEOUT_MS);
                    }
                    return "TCP connection to " + address.getHostString() + ":" + address.getPort()
                            + " accepted (the protocol is checked by the realtime connectors)";
                },
                e -> new ConnectorException(
                        "SYNC-013",
                        true,
                        "cannot reach " + address.getHostString() + ":" + address.getPort() + ": " + e.getMessage(),
                        e));
    }

    private static ConnectorException classify(Exception e, String relation, String password) {
        if (e instanceof SQLException sql) {
            return JdbcErrors.classify(sql, relation, password);
        }
        return new ConnectorException("SYNC-199", false, String.valueOf(e.getMessage()), e);
    }

    private static InetSocketAddress hostPort(String hostPort, int defaultPort) {
        return hostPort(URI.create("tcp://" + hostPort), defaultPort);
    }

    private static InetSocketAddress hostPort(URI uri, int defaultPort) {
        return new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? defaultPort : uri.getPort());
    }

    static String text(Map<String, Object> settings, String key) {
        Object value = settings.get(key);
        return value == null ? null : value.toString();
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // the test's answer is already known
            }
        }
    }
}
