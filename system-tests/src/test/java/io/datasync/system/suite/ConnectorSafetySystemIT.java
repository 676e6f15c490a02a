package io.datasync.system.suite;

import static io.datasync.system.suite.Suite.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a hostile or careless user of the suite gets, through the gateway on the suite started by {@code ./datasync up}
 * (egress policy of the local run: files only under the run folder's {@code files/}, loopback allowed except the
 * platform's own ports): connections and jobs refused at save with a problem naming the field, runs failing with a
 * named code, and the service staying up. Only loopback is ever connected to: every refused address is refused before
 * a socket is opened.
 */
@ExtendWith(Suite.Started.class)
class ConnectorSafetySystemIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String DW = "datasync_safety_dw";
    private static final String MARIADB = "jdbc:mariadb://127.0.0.1:3306/test";

    private static String dw;
    private static Path root;

    @BeforeAll
    static void setUp() throws Exception {
        freshDatabases(DW);
        dw = connection(DW, "jdbc", "{\"url\":\"jdbc:postgresql://127.0.0.1:5432/" + DW + "\",\"user\":\"postgres\"}");
        root = Files.createDirectories(FILES.resolve("safety-" + SUFFIX));
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        sql("postgres", "DROP DATABASE " + DW + " WITH (FORCE)");
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /** Creating the connection is refused with a 400 problem naming the setting; nothing is stored. */
    private static JsonNode refusedConnection(String type, String settings, String pointer) throws Exception {
        String name = "refused-" + type + "-" + Long.toString(System.nanoTime(), 36);
        HttpResponse<String> response = send(
                "POST",
                "/api/config/connections",
                "{\"name\":\"" + name + "\",\"type\":\"" + type + "\",\"settings\":" + settings + "}",
                "application/json");
        assertThat(response.statusCode()).as(settings + " → " + response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.at("/errors/0/pointer").asString())
                .as(response.body())
                .isEqualTo(pointer);
        assertThat(send("GET", "/api/config/connections?type=" + type + "&size=200", null, null)
                        .body())
                .doesNotContain(name);
        return problem.at("/errors/0");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "file|{\"baseDirectory\":\"/proc/self\"}|/proc",
                "file|{\"baseDirectory\":\"/etc\"}|not under an allowed file root",
                "http|{\"baseUrl\":\"http://169.254.169.254/latest/meta-data\"}|169.254.169.254",
                "http|{\"baseUrl\":\"http://[::ffff:169.254.169.254]/\"}|169.254.169.254",
                "http|{\"baseUrl\":\"http://127.0.0.1:8081/internal/connections/x\"}|8081",
                "kafka|{\"bootstrapServers\":\"127.0.0.1:9093\"}|9093",
                "kafka|{\"bootstrapServers\":\"localhost:9092\"}|9092",
                "redis|{\"uri\":\"redis://169.254.0.1:6379\"}|169.254.0.1"
            })
    void addressesThePolicyDoesNotAllowAreRefusedAtSave(String type, String settings, String named) throws Exception {
        String pointer = "/settings/" + settings.substring(2, settings.indexOf('"', 2));
        assertThat(refusedConnection(type, settings, pointer).get("message").asString())
                .contains(named);
    }

    @ParameterizedTest
    @CsvSource({
        "initSql=SELECT%201",
        "allowLocalInfile=true",
        "allowMultiQueries=true",
        "credentialType=ENV&userKey=HOME&pwdKey=DATASYNC_INTERNAL_TOKEN",
        "trustServerCertificate=true"
    })
    void jdbcPropertiesThatReachThePlatformAreRefusedAtSave(String property) throws Exception {
        String settings = "{\"url\":\"" + MARIADB + "?" + property + "\",\"user\":\"root\"}";
        assertThat(refusedConnection("jdbc", settings, "/settings/url")
                        .get("message")
                        .asString())
                .contains(property.substring(0, property.indexOf('=')));
    }

    @Test
    void postgresClassLoadingPropertiesAndThePlatformsOwnDatabasesAreRefusedAtSave() throws Exception {
        for (String property :
                List.of("socketFactory=com.example.Evil", "sslfactory=org.postgresql.ssl.NonValidatingFactory")) {
            refusedConnection(
                    "jdbc",
                    "{\"url\":\"jdbc:postgresql://127.0.0.1:5432/" + DW + "?" + property + "\",\"user\":\"postgres\"}",
                    "/settings/url");
        }
        assertThat(refusedConnection(
                                "jdbc",
                                "{\"url\":\"jdbc:postgresql://127.0.0.1:5432/datasync_config\",\"user\":\"postgres\"}",
                                "/settings/url")
                        .get("message")
                        .asString())
                .contains("datasync_config");
    }

    /** A job is checked whole at save against the catalog: every problem at once, nothing stored. */
    @Test
    void jobsUsingWhatNothingImplementsOrWhatThePolicyRefusesAreRefusedAtSave() throws Exception {
        String files = connection("safe-files", "file", "{\"baseDirectory\":\"" + root + "\"}");
        String api = connection("safe-api", "http", "{\"baseUrl\":\"http://127.0.0.1:1/v1\"}");
        HttpResponse<String> response =
                send("POST", "/api/config/jobs", """
                name: refused-%s
                source:
                  type: http
                  connection: %s
                  options: { path: /../internal, headers: { X-Service-Token: stolen }, pagesize: 10 }
                quality: { ruleSet: strict, mode: post-load }
                target: { type: kafka, connection: %s, table: t }
                """.formatted(SUFFIX, api, dw), "application/yaml");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        List<String> pointers = new ArrayList<>();
        json(response).get("errors").forEach(e -> pointers.add(e.get("pointer").asString()));
        assertThat(pointers)
                .containsExactlyInAnyOrder(
                        "/source/options/path",
                        "/source/options/headers/X-Service-Token",
                        "/source/options/pagesize",
                        "/quality/mode",
                        "/target/connection"); // kafka is a target now, and a jdbc connection is not a kafka one

        HttpResponse<String> escape =
                send("POST", "/api/config/jobs", """
                name: escape-%s
                source: { type: file, connection: %s, options: { path: ../../etc/passwd } }
                target: { type: jdbc, connection: %s, table: t, createTable: true }
                """.formatted(SUFFIX, files, dw), "application/yaml");
        assertThat(escape.statusCode()).isEqualTo(400);
        assertThat(json(escape).at("/errors/0/pointer").asString()).isEqualTo("/source/options/path");
    }

    @Test
    void theCatalogAnswersThroughTheGateway() throws Exception {
        HttpResponse<String> catalog = send("GET", "/api/config/connectors", null, null);
        assertThat(catalog.statusCode()).isEqualTo(200);
        List<String> kinds = new ArrayList<>();
        json(catalog).forEach(k -> kinds.add(k.get("kind").asString()));
        assertThat(kinds).containsExactly("jdbc", "file", "http", "kafka", "mqtt", "redis", "push");
        assertThat(send("GET", "/api/config/transforms", null, null).statusCode())
                .isEqualTo(200);
    }

    @Test
    void unknownJobIdsAreClientErrorsWithoutInternalAddresses() throws Exception {
        for (String path : List.of("/api/sync/jobs/nope/runs", "/api/scheduler/jobs/nope/trigger")) {
            HttpResponse<String> response = send("POST", path, "", "application/json");
            assertThat(response.statusCode()).as(path + " " + response.body()).isIn(400, 404);
            assertThat(response.body()).doesNotContain("127.0.0.1:8081", "/internal/");
        }
        String unknown = "/api/sync/jobs/" + java.util.UUID.randomUUID() + "/runs";
        HttpResponse<String> missing = send("POST", unknown, "", "application/json");
        assertThat(missing.statusCode()).as(missing.body()).isEqualTo(404);
        assertThat(missing.body()).doesNotContain("127.0.0.1:8081", "/internal/");
    }

    /** A symlink inside the allowed folder pointing out of it: the run fails before the file is opened. */
    @Test
    void aSymlinkOutOfTheFileRootFailsTheRunWithSync015() throws Exception {
        Path folder = Files.createDirectories(root.resolve("links"));
        Files.createSymbolicLink(folder.resolve("passwd.csv"), Path.of("/etc/passwd"));
        String files = connection("links", "file", "{\"baseDirectory\":\"" + folder + "\"}");
        JsonNode run = run(fileJob(
                "symlink",
                files,
                "passwd.csv",
                "format: csv, header: false, delimiter: ':',"
                        + " columns: [{name: login}, {name: x}, {name: uid}, {name: gid}, {name: info}, {name: home},"
                        + " {name: shell}]"));
        assertThat(run.get("state").asString()).isEqualTo("FAILED");
        assertThat(run.get("errorCode").asString()).isEqualTo("SYNC-015");
        assertThat(run.get("errorMessage").asString()).contains("outside the connection's base directory");
        assertThat(single(DW, "SELECT count(*) FROM pg_tables WHERE tablename = 'symlink_" + SUFFIX + "'"))
                .isEqualTo("0");
    }

    @Test
    void aCsvFieldLeftOpenByAQuoteFailsTheRunWithSync405() throws Exception {
        Path folder = Files.createDirectories(root.resolve("open"));
        Files.writeString(folder.resolve("open.csv"), "id,note\n1,\"never closed\n" + "x".repeat(1_200_000));
        String files = connection("open", "file", "{\"baseDirectory\":\"" + folder + "\"}");
        JsonNode run =
                run(fileJob("openquote", files, "open.csv", "columns: [{name: id, type: bigint}, {name: note}]"));
        assertThat(run.get("errorCode").asString()).isEqualTo("SYNC-405");
        assertThat(run.get("errorMessage").asString()).contains("open.csv:2", "datasync.sync.read-limits.");
    }

    /**
     * 200 MB of zeros gzip to 200 KB. As one endless JSON line they are never buffered (the line is skipped past its
     * limit), and the file is refused once 64 MB came out at a thousand times the input.
     */
    @Test
    void aGzipBombFailsTheRunWithSync406() throws Exception {
        Path folder = Files.createDirectories(root.resolve("bomb"));
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(folder.resolve("bomb.jsonl.gz")), 1 << 16)) {
            out.write("{\"id\": 1}\n".getBytes(StandardCharsets.US_ASCII));
            byte[] zeros = new byte[1 << 20];
            java.util.Arrays.fill(zeros, (byte) '0');
            for (int i = 0; i < 200; i++) {
                out.write(zeros);
            }
        }
        assertThat(Files.size(folder.resolve("bomb.jsonl.gz"))).isLessThan(1 << 20);
        String files = connection("bomb", "file", "{\"baseDirectory\":\"" + folder + "\"}");
        JsonNode run =
                run(fileJob("bomb", files, "bomb.jsonl.gz", "format: jsonl, columns: [{name: id, type: bigint}]"));
        assertThat(run.get("errorCode").asString()).isEqualTo("SYNC-406");
        assertThat(run.get("errorMessage").asString()).contains("bomb.jsonl.gz", "decompression bomb");
    }

    /**
     * An API answering with more than the largest body read (64 MB), without saying so in a Content-Length, and an
     * API redirecting to a private address: both runs fail with their codes, the redirect before any socket to it.
     */
    @Test
    void anOversizeResponseAndARedirectToAPrivateAddressFailTheirRuns() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/huge", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0); // chunked: the size is only known by reading
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("[".getBytes(StandardCharsets.US_ASCII));
                byte[] record = "{\"id\":1,\"pad\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"},"
                        .getBytes(StandardCharsets.US_ASCII);
                for (long written = 0; written < 66L << 20; written += record.length) {
                    out.write(record);
                }
                out.write("{\"id\":2}]".getBytes(StandardCharsets.US_ASCII));
            } catch (java.io.IOException e) {
                // the client stopped reading at its limit
            }
        });
        server.createContext("/v1/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://10.20.30.40/v1/items");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.start();
        try {
            String api = connection(
                    "local-api",
                    "http",
                    "{\"baseUrl\":\"http://127.0.0.1:" + server.getAddress().getPort() + "/v1\"}");
            JsonNode huge = run(httpJob("huge", api, "/huge"));
            assertThat(huge.get("errorCode").asString()).isEqualTo("SYNC-308");
            assertThat(huge.get("errorMessage").asString()).contains("datasync.sync.read-limits.http-body");

            JsonNode moved = run(httpJob("moved", api, "/moved"));
            assertThat(moved.get("errorCode").asString()).isEqualTo("SYNC-015");
            assertThat(moved.get("errorMessage").asString()).contains("10.20.30.40");
        } finally {
            server.stop(0);
        }
    }

    /**
     * A CEL expression building a huge string: a rule set preview answers 400 naming the limit, and in a run the row
     * is rejected with the reason while the others load.
     */
    @Test
    void aCelExpressionBuildingAHugeStringIsStoppedInPreviewAndInRuns() throws Exception {
        HttpResponse<String> created = send(
                "POST",
                "/api/config/rulesets",
                "{\"name\":\"huge-" + SUFFIX + "\",\"rules\":[{\"name\":\"grow\",\"when\":\"size(s + s + s + s) > 0\","
                        + "\"priority\":1,\"then\":{\"tag\":\"big\"}}]}",
                "application/json");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> preview = send(
                "POST",
                location + "/evaluate",
                "{\"records\":[{\"s\":\"" + "w".repeat(300_000) + "\"}]}",
                "application/json");
        assertThat(preview.statusCode()).as(preview.body()).isEqualTo(400);
        assertThat(preview.body()).contains("datasync.service.cel.");

        Path folder = Files.createDirectories(root.resolve("cel"));
        Files.writeString(folder.resolve("notes.csv"), "id,note\n1,short\n2," + "n".repeat(300_000) + "\n3,fine\n");
        String files = connection("cel", "file", "{\"baseDirectory\":\"" + folder + "\"}");
        String jobId = createJob(fileJob(
                        "celrun", files, "notes.csv", "columns: [{name: id, type: bigint}, {name: note}]")
                .replace("target:", "transforms: [ { derive: { big: \"note + note + note + note\" } } ]\ntarget:"));
        String runId = runToEnd(jobId);
        JsonNode run = json(send("GET", "/api/sync/runs/" + runId, null, null));
        assertThat(run.get("rowsWritten").asLong()).isEqualTo(2);
        assertThat(run.get("rowsRejected").asLong()).isEqualTo(1);
        assertThat(send("GET", "/api/sync/runs/" + runId + "/errors", null, null)
                        .body())
                .contains("datasync.service.cel.max-string-length");
    }

    /** After everything above, every service is still up. */
    @Test
    void theServicesStayUp() throws Exception {
        HttpResponse<String> health = send("GET", "/actuator/health/services", null, null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health).get("status").asString()).isEqualTo("UP");
    }

    private static String fileJob(String name, String connection, String path, String options) {
        return """
                name: %s-%s
                source: { type: file, connection: %s, options: { path: "%s", %s } }
                target: { type: jdbc, connection: %s, table: %s_%s, createTable: true }
                """.formatted(name, SUFFIX, connection, path, options, dw, name, SUFFIX);
    }

    private static String httpJob(String name, String connection, String path) {
        return """
                name: %s-%s
                source:
                  type: http
                  connection: %s
                  options: { path: %s, maxRetries: 0, columns: [{name: id, type: bigint}] }
                target: { type: jdbc, connection: %s, table: %s_%s, createTable: true }
                """.formatted(name, SUFFIX, connection, path, dw, name, SUFFIX);
    }

    /** Creates the job, runs it to its end and answers the run. */
    private static JsonNode run(String yaml) throws Exception {
        String runId = runFinished(createJob(yaml));
        return json(send("GET", "/api/sync/runs/" + runId, null, null));
    }
}
