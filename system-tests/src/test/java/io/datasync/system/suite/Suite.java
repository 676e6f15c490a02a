package io.datasync.system.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datasync.system.RepoRoot;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The suite as the system tests see it: started once per test JVM exactly as a user starts it ({@code ./datasync up}),
 * shared by every system test class that uses {@link Started}, stopped when all of them ran; plus the calls they make
 * through the gateway and straight to the local PostgreSQL.
 */
final class Suite {

    private Suite() {}

    /** Starts the suite before the first test class that needs it and stops it after the last one. */
    static final class Started implements BeforeAllCallback {

        @Override
        public void beforeAll(ExtensionContext context) {
            context.getRoot()
                    .getStore(ExtensionContext.Namespace.GLOBAL)
                    .getOrComputeIfAbsent(Started.class, k -> up(), AutoCloseable.class);
        }

        private static AutoCloseable up() {
            try {
                Files.createDirectories(RUN_DIR);
                int exit = datasync("up", Duration.ofMinutes(5));
                assertThat(exit)
                        .as("./datasync up exit code; see " + RUN_DIR.resolve("up.log"))
                        .isZero();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("./datasync up failed", e);
            }
            return () -> datasync("down", Duration.ofMinutes(2));
        }
    }

    static final String GATEWAY = "http://127.0.0.1:8080";

    /** How long a run stays with a sync-service that stopped renewing it, in the suite. */
    static final String RUN_LEASE = "15s";

    /** Requests per second and caller the suite's gateway admits on average, and at once. */
    static final int RATE_LIMIT_REPLENISH = 10;

    static final int RATE_LIMIT_BURST = 40;

    static final Path ROOT = RepoRoot.find();

    static final Path RUN_DIR = ROOT.resolve("system-tests/target/suite-run");

    /** The one folder the local run lets file connections read ({@code datasync.egress.file-roots}). */
    static final Path FILES = RUN_DIR.resolve("files");

    /** The test files of sync-service copied into a folder of their own under the local run's file root. */
    static Path filesCopiedUnderTheRoot(String name) throws IOException {
        Path target = FILES.resolve(name + "-" + SUFFIX);
        Files.createDirectories(target);
        try (var files = Files.list(ROOT.resolve("sync-service/src/test/resources/files"))) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return target;
    }

    static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static final String SUFFIX = Long.toString(System.nanoTime(), 36);

    static int datasync(String command, Duration timeout) throws IOException, InterruptedException {
        Process process = datasyncProcess(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(command)))
                .start();
        waitFor(process, command, timeout);
        return process.exitValue();
    }

    /** {@code ./datasync <command>} in the suite's run folder, without building (the build before the tests did). */
    private static ProcessBuilder datasyncProcess(String command) {
        List<String> argv =
                new java.util.ArrayList<>(List.of(ROOT.resolve("datasync").toString()));
        argv.addAll(List.of(command.split(" ")));
        ProcessBuilder builder = new ProcessBuilder(argv).directory(ROOT.toFile());
        builder.environment().put("DATASYNC_RUN_DIR", RUN_DIR.toString());
        builder.environment().put("DATASYNC_SKIP_BUILD", "1");
        // A low rate limit for the suite's gateway, so SecuritySystemIT can exceed it on any machine; every other call
        // of the suite waits out a 429 as a well-behaved client does (sendAs).
        builder.environment().put("DATASYNC_GATEWAY_RATE_LIMIT_REPLENISH", String.valueOf(RATE_LIMIT_REPLENISH));
        builder.environment().put("DATASYNC_GATEWAY_RATE_LIMIT_BURST", String.valueOf(RATE_LIMIT_BURST));
        // A shorter run lease than the default 30 s: ReplicasSystemIT waits for one while an instance is frozen.
        builder.environment().put("DATASYNC_SYNC_RUNLEASE", RUN_LEASE);
        return builder;
    }

    private static java.io.File log(String command) {
        return RUN_DIR.resolve(command.replace(' ', '-') + ".log").toFile();
    }

    private static void waitFor(Process process, String command, Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("./datasync " + command + " did not finish within " + timeout);
        }
    }

    /** Sends a request as an admin: every call of the suite goes through the gateway with a token, as a user's does. */
    static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return sendAs("admin", request);
    }

    /**
     * Sends a request with a bearer token of {@code role} ({@code ./datasync token <role>}), or with none when role is
     * null; a request that carries its own {@code Authorization} or {@code X-API-Key} is sent as it is.
     */
    static HttpResponse<String> sendAs(String role, HttpRequest.Builder request) throws Exception {
        HttpRequest built = request.timeout(Duration.ofSeconds(30)).build();
        boolean ownCredentials = built.headers().firstValue("Authorization").isPresent()
                || built.headers().firstValue("X-API-Key").isPresent();
        if (role != null && !ownCredentials) {
            built = HttpRequest.newBuilder(built, (name, value) -> true)
                    .header("Authorization", "Bearer " + token(role))
                    .build();
        }
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 429 || attempt == 5) {
                return response;
            }
            // over the caller's rate limit: wait as long as the gateway says, then try again
            long seconds = response.headers()
                    .firstValue("Retry-After")
                    .map(Long::parseLong)
                    .orElse(1L);
            Thread.sleep(Duration.ofSeconds(Math.min(seconds, 10)).toMillis());
        }
    }

    private static final java.util.Map<String, String> TOKENS = new java.util.concurrent.ConcurrentHashMap<>();

    /** A token of {@code role} for the running suite, made once per role with {@code ./datasync token}. */
    static String token(String role) {
        return TOKENS.computeIfAbsent(role, r -> {
            try {
                return datasyncOutput("token " + r, Duration.ofMinutes(1));
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("./datasync token " + r + " failed", e);
            }
        });
    }

    /** Runs {@code ./datasync <command>} and returns what it printed on standard output, stripped; fails on exit != 0. */
    static String datasyncOutput(String command, Duration timeout) throws IOException, InterruptedException {
        Process process = datasyncProcess(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log(command)))
                .start();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        waitFor(process, command, timeout);
        assertThat(process.exitValue())
                .as("./datasync " + command + "; see its log in " + RUN_DIR)
                .isZero();
        return out.strip();
    }

    static HttpResponse<String> get(String path, String correlationId) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(GATEWAY + path)).header("X-Correlation-Id", correlationId));
    }

    static HttpResponse<String> send(String method, String path, String body, String contentType, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(GATEWAY + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    /** Drops and creates the given databases on the local PostgreSQL. */
    static void freshDatabases(String... databases) throws Exception {
        for (String db : databases) {
            sql("postgres", "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)", "CREATE DATABASE " + db);
        }
    }

    /** A jdbc connection named {@code <db>-<suffix>} for each local PostgreSQL database, created through the gateway. */
    static void jdbcConnections(String... databases) throws Exception {
        for (String db : databases) {
            connection(db, "jdbc", "{\"url\":\"jdbc:postgresql://127.0.0.1:5432/" + db + "\",\"user\":\"postgres\"}");
        }
    }

    static void sql(String database, String... statements) throws Exception {
        try (var c = java.sql.DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:5432/" + database, "postgres", "");
                var st = c.createStatement()) {
            for (String statement : statements) {
                st.execute(statement);
            }
        }
    }

    static String single(String database, String query) throws Exception {
        try (var c = java.sql.DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:5432/" + database, "postgres", "");
                var rs = c.createStatement().executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static String runField(String runId, String field) throws Exception {
        String body = send("GET", "/api/sync/runs/" + runId, null, null).body();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + field + "\":\"?([^,\"}]*)")
                .matcher(body);
        return m.find() ? m.group(1) : "";
    }

    /** Triggers a run of the job and waits until it succeeded; returns its id. */
    static String runToEnd(String jobId) throws Exception {
        String runId = runFinished(jobId);
        assertThat(runField(runId, "state"))
                .as(send("GET", "/api/sync/runs/" + runId, null, null).body())
                .isEqualTo("SUCCEEDED");
        return runId;
    }

    /** Triggers a run of the job and waits until it ended, however; returns its id. */
    static String runFinished(String jobId) throws Exception {
        String runId = startRun(jobId);
        await().atMost(Duration.ofMinutes(2))
                .until(() -> runField(runId, "state").matches("SUCCEEDED|FAILED|CANCELLED"));
        return runId;
    }

    /** Triggers a run of the job through the gateway; returns the run's id at once. */
    static String startRun(String jobId) throws Exception {
        HttpResponse<String> triggered = send("POST", "/api/sync/jobs/" + jobId + "/runs", "", "application/json");
        assertThat(triggered.statusCode()).as(triggered.body()).isEqualTo(202);
        return triggered.body().replaceAll(".*?\"runId\":\"([^\"]+)\".*", "$1");
    }

    /** Creates a job from YAML through the gateway; returns its id. */
    static String createJob(String yaml) throws Exception {
        HttpResponse<String> created = send("POST", "/api/config/jobs", yaml, "application/yaml");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return created.body().replaceAll(".*?\"id\":\"([^\"]+)\".*", "$1");
    }

    /** Creates a connection named {@code <name>-<suffix>} through the gateway; returns that name. */
    static String connection(String name, String type, String settingsJson) throws Exception {
        String full = name + "-" + SUFFIX;
        HttpResponse<String> created = send(
                "POST",
                "/api/config/connections",
                "{\"name\":\"" + full + "\",\"type\":\"" + type + "\",\"settings\":" + settingsJson + "}",
                "application/json");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return full;
    }
}
