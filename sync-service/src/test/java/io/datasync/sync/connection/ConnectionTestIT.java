package io.datasync.sync.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.kit.test.ServiceTestSupport;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/sync/connections/test} on settings not yet saved, against the local PostgreSQL, MariaDB, a
 * directory and the in-JVM Kafka broker; stored connections are tested through the gateway in the system test.
 */
class ConnectionTestIT extends ServiceTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/postgres";

    @TempDir
    Path dir;

    @Test
    void aReachableDatabaseWithATableItCanReadPasses() {
        JsonNode result = test("{\"type\":\"jdbc\",\"settings\":{\"url\":\"" + PG + "\",\"user\":\"postgres\"},"
                + "\"table\":\"pg_catalog.pg_class\"}");
        assertThat(result.get("ok").asBoolean()).isTrue();
        assertThat(result.get("checks"))
                .extracting(c -> c.get("name").asString())
                .containsExactly("egress policy", "login", "read table");
        assertThat(step(result, "login").get("detail").asString()).startsWith("PostgreSQL ");
        assertThat(step(result, "read table").get("detail").asString()).matches("pg_catalog.pg_class has \\d+ columns");
    }

    @Test
    void aMysqlUrlReachesTheLocalMariaDb() {
        JsonNode result = test(
                "{\"type\":\"jdbc\",\"settings\":{\"url\":\"jdbc:mysql://127.0.0.1:3306/test\",\"user\":\"root\"}}");
        assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
        assertThat(step(result, "login").get("detail").asString()).contains("MariaDB");
    }

    @Test
    void aWrongPasswordIsSync101AndTheAnswerNeverShowsIt() {
        JsonNode result = test("{\"type\":\"jdbc\",\"settings\":{\"url\":\"jdbc:mysql://127.0.0.1:3306/test\","
                + "\"user\":\"root\",\"password\":\"s3cret-Pa55\"}}");
        assertThat(result.get("ok").asBoolean()).isFalse();
        assertThat(step(result, "login").get("code").asString()).isEqualTo("SYNC-101");
        assertThat(step(result, "login").get("detail").asString()).contains("login refused");
        assertThat(result.toString()).doesNotContain("s3cret-Pa55");
    }

    @Test
    void aMissingTableIsSync102NamingIt() {
        JsonNode result = test("{\"type\":\"jdbc\",\"settings\":{\"url\":\"" + PG + "\",\"user\":\"postgres\"},"
                + "\"table\":\"public.no_such_table\"}");
        assertThat(result.get("ok").asBoolean()).isFalse();
        assertThat(step(result, "read table").get("code").asString()).isEqualTo("SYNC-102");
        assertThat(step(result, "read table").get("detail").asString())
                .contains("table public.no_such_table does not exist");
    }

    @Test
    void aClosedPortIsARetriableConnectionFailureAndLaterStepsDoNotRun() throws IOException {
        int port = freePort();
        JsonNode result = test("{\"type\":\"jdbc\",\"settings\":{\"url\":\"jdbc:postgresql://127.0.0.1:" + port
                + "/x\",\"user\":\"postgres\"},\"table\":\"t\"}");
        assertThat(result.get("ok").asBoolean()).isFalse();
        assertThat(result.get("checks"))
                .as("the table is not read after the login failed")
                .hasSize(2);
        assertThat(step(result, "login").get("code").asString()).isEqualTo("SYNC-103");

        JsonNode redis = test("{\"type\":\"redis\",\"settings\":{\"uri\":\"redis://127.0.0.1:" + port + "\"}}");
        assertThat(step(redis, "ping").get("code").asString()).isEqualTo("SYNC-702");
        assertThat(step(redis, "ping").get("detail").asString())
                .contains("cannot connect to Redis at 127.0.0.1:" + port);

        JsonNode kafka = test("{\"type\":\"kafka\",\"settings\":{\"bootstrapServers\":\"127.0.0.1:" + port + "\"}}");
        assertThat(step(kafka, "describe cluster").get("code").asString()).isEqualTo("SYNC-502");

        JsonNode mqtt = test("{\"type\":\"mqtt\",\"settings\":{\"uri\":\"tcp://127.0.0.1:" + port + "\"}}");
        assertThat(step(mqtt, "connect").get("code").asString()).isEqualTo("SYNC-603");
    }

    @Test
    void aDirectoryAndAGlobAreCheckedForFiles() throws IOException {
        Files.writeString(dir.resolve("a.csv"), "id\n1\n");
        Files.writeString(dir.resolve("b.csv"), "id\n2\n");
        String settings = "{\"baseDirectory\":\"" + dir.toString().replace("\\", "\\\\") + "\"}";
        JsonNode found = test("{\"type\":\"file\",\"settings\":" + settings + ",\"path\":\"*.csv\"}");
        assertThat(found.get("ok").asBoolean()).isTrue();
        assertThat(found.at("/checks/1/detail").asString()).isEqualTo("2 files match '*.csv'");

        JsonNode none = test("{\"type\":\"file\",\"settings\":" + settings + ",\"path\":\"*.jsonl\"}");
        assertThat(none.at("/checks/1/code").asString()).isEqualTo("SYNC-401");

        JsonNode missing = test("{\"type\":\"file\",\"settings\":{\"baseDirectory\":\"/no/such/dir\"}}");
        assertThat(missing.at("/checks/0/code").asString()).isEqualTo("SYNC-402");
    }

    @Test
    void anHttpApiIsAskedWithTheConnectionsCredentials() throws IOException {
        com.sun.net.httpserver.HttpServer server =
                com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/ping", exchange -> {
            boolean allowed = "Bearer t0ken".equals(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(allowed ? 200 : 401, -1);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            String auth = ",\"auth\":{\"type\":\"bearer\",\"token\":\"%s\"}}";
            JsonNode ok = test("{\"type\":\"http\",\"settings\":{\"baseUrl\":\"" + base + "\"" + auth.formatted("t0ken")
                    + ",\"path\":\"v1/ping\"}");
            assertThat(ok.get("ok").asBoolean()).as(ok.toString()).isTrue();
            JsonNode refused = test("{\"type\":\"http\",\"settings\":{\"baseUrl\":\"" + base + "\""
                    + auth.formatted("wrong-t0ken") + ",\"path\":\"v1/ping\"}");
            assertThat(step(refused, "request").get("code").asString()).isEqualTo("SYNC-301");
            assertThat(refused.toString()).doesNotContain("wrong-t0ken");
            assertProblem("{\"type\":\"http\",\"settings\":{\"baseUrl\":\"ftp://x\"}}", "/settings/baseUrl");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theKafkaBrokerIsReachable() {
        JsonNode result = test("{\"type\":\"kafka\",\"settings\":{\"bootstrapServers\":\"" + brokers + "\"}}");
        assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
        assertThat(step(result, "describe cluster").get("detail").asString()).endsWith("with 1 broker");
    }

    /** The local Redis and Mosquitto (default ports) answer their own protocols: PING, and an MQTT 5 CONNECT. */
    @Test
    void redisAndMqttAreTestedWithTheirProtocols() {
        JsonNode redis = test("{\"type\":\"redis\",\"settings\":{\"uri\":\"redis://127.0.0.1:6379\"}}");
        assertThat(redis.get("ok").asBoolean()).as(redis.toString()).isTrue();
        assertThat(step(redis, "ping").get("detail").asString()).endsWith("answered PONG");

        JsonNode mqtt = test("{\"type\":\"mqtt\",\"settings\":{\"uri\":\"tcp://127.0.0.1:1883\"}}");
        assertThat(mqtt.get("ok").asBoolean()).as(mqtt.toString()).isTrue();
        assertThat(step(mqtt, "connect").get("detail").asString()).contains("MQTT 5");
    }

    /**
     * Settings being tried are checked against the egress policy before anything connects, as a save would check them:
     * what no setting allows (metadata and link-local addresses, /proc, properties that load classes, read files or the
     * environment, the platform's own databases) and what this policy does not allow (the platform's ports on
     * loopback). Only loopback is ever connected to in tests; the refusals here happen before any socket.
     */
    @Test
    void theEgressPolicyRefusesSettingsBeforeAnythingConnects() {
        assertRefused(
                "{\"type\":\"http\",\"settings\":{\"baseUrl\":\"http://169.254.169.254/latest\"}}",
                "/settings/baseUrl",
                "169.254.169.254");
        assertRefused(
                "{\"type\":\"http\",\"settings\":{\"baseUrl\":\"http://127.0.0.1:8081/internal\"}}",
                "/settings/baseUrl",
                "8081");
        assertRefused(
                "{\"type\":\"http\",\"settings\":{\"baseUrl\":\"http://[::ffff:169.254.169.254]/\"}}",
                "/settings/baseUrl",
                "169.254.169.254");
        for (String property : List.of(
                "initSql=SELECT%201",
                "allowLocalInfile=true",
                "credentialType=ENV&userKey=HOME&pwdKey=DATASYNC_INTERNAL_TOKEN",
                "allowMultiQueries=true")) {
            assertRefused(
                    "{\"type\":\"jdbc\",\"settings\":{\"url\":\"jdbc:mariadb://127.0.0.1:3306/test?" + property
                            + "\",\"user\":\"root\"}}",
                    "/settings/url",
                    property.substring(0, property.indexOf('=')));
        }
        for (String property : List.of("socketFactory=x.Y", "sslfactory=org.postgresql.ssl.NonValidatingFactory")) {
            assertRefused(
                    "{\"type\":\"jdbc\",\"settings\":{\"url\":\"" + PG + "?" + property + "\",\"user\":\"postgres\"}}",
                    "/settings/url",
                    property.substring(0, property.indexOf('=')));
        }
        assertRefused(
                "{\"type\":\"jdbc\",\"settings\":{\"url\":\"jdbc:postgresql://127.0.0.1:5432/datasync_config\","
                        + "\"user\":\"postgres\"}}",
                "/settings/url",
                "datasync_config");
        assertRefused(
                "{\"type\":\"file\",\"settings\":{\"baseDirectory\":\"/proc/self\"}}",
                "/settings/baseDirectory",
                "/proc");
        assertRefused(
                "{\"type\":\"kafka\",\"settings\":{\"bootstrapServers\":\"169.254.169.254:9092\"}}",
                "/settings/bootstrapServers",
                "169.254.169.254");
        assertRefused("{\"type\":\"mqtt\",\"settings\":{\"uri\":\"tcp://0.0.0.0:1883\"}}", "/settings/uri", "0.0.0.0");
        assertRefused(
                "{\"type\":\"redis\",\"settings\":{\"uri\":\"redis://169.254.0.1:6379\"}}",
                "/settings/uri",
                "169.254.0.1");
    }

    private void assertRefused(String body, String pointer, String named) {
        HttpResponse<String> response = http.post("/api/sync/connections/test", body);
        assertThat(response.statusCode()).as(body).isEqualTo(400);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.at("/errors/0/pointer").asString()).as(body).isEqualTo(pointer);
        assertThat(problem.at("/errors/0/message").asString()).as(body).contains(named);
    }

    @Test
    void badRequestsAre400ProblemsNamingTheField() {
        assertProblem("{}", "/connection");
        assertProblem("{\"type\":\"ftp\",\"settings\":{}}", "/type");
        assertProblem("{\"type\":\"jdbc\"}", "/settings");
        assertProblem("{\"type\":\"jdbc\",\"settings\":{\"user\":\"x\"}}", "/settings/url");
        assertProblem("{\"type\":\"jdbc\",\"settings\":{\"url\":\"postgres://x\"}}", "/settings/url");
        assertProblem("{\"connection\":\"c\",\"type\":\"jdbc\"}", "/type");
        assertProblem(
                "{\"type\":\"jdbc\",\"settings\":{\"url\":\"jdbc:postgresql://h/db\",\"maxPoolSize\":0}}",
                "/settings/maxPoolSize");
        assertProblem(
                "{\"type\":\"kafka\",\"settings\":{\"bootstrapServers\":\"k:1\",\"saslUsername\":\"u\"}}",
                "/settings/saslUsername");
        assertProblem("{\"type\":\"redis\",\"settings\":{\"uri\":\"redis://h\",\"colour\":1}}", "/settings/colour");
        assertThat(http.post("/api/sync/connections/test", "{\"type\":").statusCode())
                .isEqualTo(400);
    }

    private void assertProblem(String body, String pointer) {
        HttpResponse<String> response = http.post("/api/sync/connections/test", body);
        assertThat(response.statusCode()).as(body).isEqualTo(400);
        assertThat(response.body()).as(body).contains("\"pointer\":\"" + pointer + "\"");
    }

    private JsonNode test(String body) {
        HttpResponse<String> response = http.post("/api/sync/connections/test", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The step of a test's answer with this name. */
    private static JsonNode step(JsonNode result, String name) {
        for (JsonNode check : result.get("checks")) {
            if (check.get("name").asString().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no step '" + name + "' in " + result);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
