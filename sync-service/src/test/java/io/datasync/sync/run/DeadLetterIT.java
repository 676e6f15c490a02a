package io.datasync.sync.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datasync.kit.test.ServiceTestSupport;
import io.datasync.models.internal.ResolvedConnection;
import io.datasync.models.internal.ResolvedJob;
import io.datasync.models.job.JobDefinitions;
import io.datasync.sync.config.FakeConfigService;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Dead letters through the service: a stream run whose source refuses messages stores each of them with its raw
 * payload and locator, lists them at {@code /api/sync/jobs/{jobId}/dead-letters} newest first and paged, moves its
 * position past them (the stream is not stuck), and purges them after their retention. The run's meters show on
 * {@code /actuator/prometheus}.
 */
class DeadLetterIT extends ServiceTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String DATABASE = "datasync_dead_letter_it";
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/" + DATABASE;

    @Autowired
    DeadLetterRetention retention;

    private final String jobId = UUID.randomUUID().toString();
    private final String jobName = "deadletters_" + jobId.substring(0, 8);
    private final String table = "dl_" + jobId.substring(0, 8);
    private final InMemoryStreamSource.Log log = new InMemoryStreamSource.Log();

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
    void badMessagesBecomeDeadLettersListedWithTheirRawBytesAndThePositionMovesOn() throws Exception {
        target();
        StreamTestPlans.register(jobName, new StreamTestPlans.Stream(log, URL));
        log.appendRange(0, 10);
        List<Long> bad = List.of(10L, 11L, 12L);
        bad.forEach(id -> log.append(id, null));
        log.appendRange(13, 20);

        HttpResponse<String> started = http.post("/api/sync/jobs/" + jobId + "/runs", "");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String run = JSON.readTree(started.body()).get("runId").asString();

        // not stuck: the good messages after the bad ones land, and the committed position is past all of them
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT count(*) FROM public." + table) == 17);
        await().atMost(Duration.ofSeconds(30)).until(() -> committedOffset() == 20);

        JsonNode letters = list("");
        assertThat(letters).hasSize(3);
        List<String> locators = new ArrayList<>();
        letters.forEach(l -> locators.add(l.get("locator").asString()));
        // newest first; one micro-batch's letters keep their order, newest last
        assertThat(locators).containsExactly("mem/0@12", "mem/0@11", "mem/0@10");
        JsonNode first = letters.get(0);
        assertThat(first.get("runId").asString()).isEqualTo(run);
        assertThat(first.get("reason").asString()).isEqualTo("no payload");
        assertThat(first.get("raw").asString()).isEqualTo("raw-12");
        assertThat(Base64.getDecoder().decode(first.get("rawBase64").asString()))
                .isEqualTo("raw-12".getBytes(StandardCharsets.UTF_8));
        assertThat(first.get("rawBytes").asInt()).isEqualTo(6);
        assertThat(Instant.parse(first.get("createdAt").asString())).isBeforeOrEqualTo(Instant.now());

        // paged: limit, then before the last one's time
        JsonNode page = list("?limit=2");
        assertThat(page).hasSize(2);
        JsonNode rest = list("?limit=2&before=" + page.get(1).get("createdAt").asString());
        assertThat(rest).hasSize(1);
        assertThat(rest.get(0).get("locator").asString()).isEqualTo("mem/0@10");

        // one row per message however often its batch is stored (a rewind stores it again)
        assertThat(count("SELECT count(*) FROM sync_dead_letter WHERE job_id = '" + jobId + "'"))
                .isEqualTo(3);
        // and the run's rejects are still its row errors, as for any run
        assertThat(count("SELECT count(*) FROM sync_run_error WHERE run_id = '" + run + "'"))
                .isEqualTo(3);

        // the run's meters, tagged with its job
        String metrics = http.get("/actuator/prometheus").body();
        assertThat(metrics)
                .contains(
                        "datasync_sync_rows_in_total{job=\"" + jobId + "\"",
                        "datasync_sync_rows_out_total{job=\"" + jobId + "\"",
                        "datasync_sync_rows_rejected_total{job=\"" + jobId + "\",outcome=\"source\"",
                        "datasync_sync_microbatch_rows_count{job=\"" + jobId + "\"",
                        "datasync_sync_commit_seconds_count{job=\"" + jobId + "\",outcome=\"success\"",
                        "datasync_sync_end_to_end_seconds_bucket{job=\"" + jobId + "\"",
                        "le=\"0.25\"",
                        "datasync_sync_lag_records{job=\"" + jobId + "\"");

        // past their retention, they are purged
        jdbc.update(
                "UPDATE sync_dead_letter SET created_at = now() - interval '8 days' WHERE job_id = ? AND locator = ?",
                jobId,
                "mem/0@10");
        assertThat(retention.purge()).isGreaterThanOrEqualTo(1);
        assertThat(list("")).hasSize(2);
    }

    @Test
    void badParametersAreProblemsNamingThem() {
        String base = "/api/sync/jobs/" + jobId + "/dead-letters";
        for (String query : List.of("?limit=0", "?limit=1001", "?limit=x")) {
            HttpResponse<String> response = http.get(base + query);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(response.body()).as(query).contains("?limit");
        }
        HttpResponse<String> badTime = http.get(base + "?before=yesterday");
        assertThat(badTime.statusCode()).isEqualTo(400);
        assertThat(badTime.body()).contains("?before");

        HttpResponse<String> none = http.get(base);
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(none.body())).isEmpty();
    }

    @Test
    void aMalformedJobIdIsAnsweredLikeTheOtherJobRoutes() {
        HttpResponse<String> letters = http.get("/api/sync/jobs/not-a-job/dead-letters");
        HttpResponse<String> runs = http.get("/api/sync/jobs/not-a-job/runs");
        // a job id is config-service's UUID: a malformed one is a 400 problem naming it, on every job route
        assertThat(letters.statusCode())
                .as(letters.body())
                .isEqualTo(runs.statusCode())
                .isEqualTo(400);
        assertThat(letters.body()).contains("?jobId");
    }

    private JsonNode list(String query) {
        HttpResponse<String> got = http.get("/api/sync/jobs/" + jobId + "/dead-letters" + query);
        assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
        return JSON.readTree(got.body());
    }

    private void target() throws Exception {
        ResolvedJob job = new ResolvedJob(
                jobId,
                jobName,
                1,
                1,
                true,
                JobDefinitions.fromYaml("""
                        name: %s
                        source: { type: jdbc, connection: db, table: public.unused }
                        target: { type: jdbc, connection: db, table: public.%s, writeMode: insert, createTable: true }
                        """.formatted(jobName, table)),
                Map.of("db", new ResolvedConnection("c1", "db", "jdbc", 1, Map.of("url", URL))));
        String body = JSON.writeValueAsString(job);
        FakeConfigService.shared().answer("/internal/jobs/" + jobId, FakeConfigService.Answer.of(200, body));
        FakeConfigService.shared()
                .answer("/internal/jobs/" + jobId + "/versions/1", FakeConfigService.Answer.of(200, body));
    }

    private long committedOffset() throws SQLException {
        return count("SELECT (position->>'offset')::bigint FROM public.datasync_checkpoint WHERE job_id = '"
                + ConnectorPlans.streamScope(jobId) + "' AND split_id = '" + InMemoryStreamSource.SPLIT + "'");
    }

    /** A number from the target database, or from the service's own for its tables; -1 for no row or no table yet. */
    private long count(String sql) throws SQLException {
        if (sql.contains("sync_dead_letter") || sql.contains("sync_run_error")) {
            Long n = jdbc.queryForObject(sql, Long.class);
            return n == null ? -1 : n;
        }
        try (Connection c = DriverManager.getConnection(URL, "postgres", "");
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return -1; // the sink has not created the table yet
            }
            throw e;
        }
    }
}
