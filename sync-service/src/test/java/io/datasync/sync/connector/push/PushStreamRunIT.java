package io.datasync.sync.connector.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datasync.kit.test.ServiceTestSupport;
import io.datasync.models.internal.ResolvedConnection;
import io.datasync.models.internal.ResolvedJob;
import io.datasync.models.job.JobDefinitions;
import io.datasync.sync.config.FakeConfigService;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A push job end to end in one sync-service: records pushed with 202 are read back by the job's streaming run from the
 * platform topic and upserted into PostgreSQL by key; a record whose value does not fit its column is rejected without
 * holding the topic up; the backlog the endpoint refuses pushes for (429, 6 records in the ITs) drains as the run
 * consumes, so the next push is taken again.
 */
class PushStreamRunIT extends ServiceTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String DATABASE = "datasync_push_run_it";
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/" + DATABASE;

    private final String jobId = UUID.randomUUID().toString();
    private final String table = "pushed_" + jobId.substring(0, 8);

    @BeforeAll
    static void createDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
                Statement st = c.createStatement()) {
            ResultSet exists = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
            if (!exists.next()) {
                st.execute("CREATE DATABASE " + DATABASE);
            }
        }
    }

    @AfterEach
    void stopTheRuns() {
        jdbc.queryForList("SELECT id FROM sync_run WHERE job_id = ?", UUID.class, jobId)
                .forEach(id -> http.post("/api/sync/runs/" + id + "/stop", ""));
    }

    @Test
    void pushedRecordsLandOncePerKeyAndTheBacklogDrainsAsTheRunConsumes() throws Exception {
        ResolvedJob job = new ResolvedJob(
                jobId,
                "push_" + jobId.substring(0, 8),
                1,
                1,
                true,
                JobDefinitions.fromYaml("""
                        name: pushed
                        source:
                          type: push
                          options:
                            columns: [ {name: id, type: bigint, field: deviceId}, {name: temp, type: numeric} ]
                            key: [id]
                        target: { type: jdbc, connection: db, table: public.%s, writeMode: upsert, keys: [id],
                                  createTable: true }
                        batch: { maxRows: 500, maxDelay: 100ms }
                        """.formatted(table)),
                Map.of("db", new ResolvedConnection("c1", "db", "jdbc", 1, Map.of("url", URL, "user", "postgres"))));
        String body = JSON.writeValueAsString(job);
        FakeConfigService.shared().answer("/internal/jobs/" + jobId, FakeConfigService.Answer.of(200, body));
        FakeConfigService.shared()
                .answer("/internal/jobs/" + jobId + "/versions/1", FakeConfigService.Answer.of(200, body));

        // 1,000 records (ids 0..999), then id 7 again with a new value and one record whose id is not a number
        String first = IntStream.range(0, 1000)
                        .mapToObj(i -> "{\"deviceId\": " + i + ", \"temp\": " + i + ".5}")
                        .collect(Collectors.joining("\n"))
                + "\n{\"deviceId\": 7, \"temp\": 99.9}\n{\"deviceId\": \"seven\", \"temp\": 1}\n";
        HttpResponse<String> pushed = http.send("POST", "/api/sync/push/" + jobId, first, "application/x-ndjson");
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(202);
        assertThat(JSON.readTree(pushed.body()).get("accepted").asInt()).isEqualTo(1002);

        HttpResponse<String> started = http.post("/api/sync/jobs/" + jobId + "/runs", "");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String run = JSON.readTree(started.body()).get("runId").asString();

        // a stream job runs once at a time: a second start is refused, naming the live run
        HttpResponse<String> second = http.post("/api/sync/jobs/" + jobId + "/runs", "");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(409);
        assertThat(JSON.readTree(second.body()).get("detail").asString())
                .contains("already has a live run (" + run + ")");

        await().atMost(Duration.ofSeconds(90)).until(() -> count("count(*)") == 1000);
        assertThat(count("count(DISTINCT id)")).isEqualTo(1000);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> query("SELECT (temp * 10)::bigint FROM public." + table + " WHERE id = 7") == 999);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> view(run).get("rowsRejected").asLong() == 1);
        JsonNode view = view(run);
        assertThat(view.get("state").asString()).isEqualTo("RUNNING");
        assertThat(view.at("/stream/guarantee").asString()).isEqualTo("EFFECTIVELY_ONCE");

        // the run committed the group's offsets as it went: the backlog is gone and pushes are taken again
        await().atMost(Duration.ofSeconds(30))
                .until(() -> http.send(
                                        "POST",
                                        "/api/sync/push/" + jobId,
                                        "{\"deviceId\": 1000, \"temp\": 1}",
                                        "application/x-ndjson")
                                .statusCode()
                        == 202);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("count(*)") == 1001);

        HttpResponse<String> stopped = http.post("/api/sync/runs/" + run + "/stop", "");
        assertThat(stopped.statusCode()).as(stopped.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> view(run).get("state").asString().equals("CANCELLED"));
    }

    private JsonNode view(String run) {
        HttpResponse<String> got = http.get("/api/sync/runs/" + run);
        assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
        return JSON.readTree(got.body());
    }

    private long count(String what) {
        return query("SELECT " + what + " FROM public." + table);
    }

    private static long query(String sql) {
        try (Connection c = DriverManager.getConnection(URL, "postgres", "");
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (SQLException e) {
            return -1; // the table is created by the run's first micro-batch
        }
    }
}
