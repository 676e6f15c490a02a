package io.datasync.sync.run;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stream run through the service: started by the API, executed by the stream engine with an in-memory stream
 * ({@link StreamTestPlans}) into a real PostgreSQL target, followed, paused, resumed, taken over after its owner lost
 * it (resuming exactly after the committed position), and stopped.
 */
class StreamRunIT extends ServiceTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String DATABASE = "datasync_stream_run_it";
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/" + DATABASE;

    @Autowired
    RunExecutor execution;

    @Autowired
    RunRepository runs;

    @Autowired
    JobDeletionListener jobChanges;

    @Autowired
    io.datasync.models.event.EventCodec codec;

    private final String jobId = UUID.randomUUID().toString();
    private final String jobName = "memstream_" + jobId.substring(0, 8);
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
    void aStreamRunsUntilStoppedPausesResumesAndSurvivesATakeover() throws Exception {
        String table = "sr_" + jobId.substring(0, 8);
        target(table);
        StreamTestPlans.register(jobName, new StreamTestPlans.Stream(log, URL));
        log.appendRange(0, 100);

        HttpResponse<String> started = http.post("/api/sync/jobs/" + jobId + "/runs", "");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        UUID run = UUID.fromString(JSON.readTree(started.body()).get("runId").asString());

        await().atMost(Duration.ofSeconds(60)).until(() -> count(table) == 100);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> view(run).path("rowsWritten").asLong() == 100);
        JsonNode view = view(run);
        assertThat(view.get("state").asString()).isEqualTo("RUNNING");
        JsonNode stream = view.get("stream");
        assertThat(stream.get("guarantee").asString()).isEqualTo("EFFECTIVELY_ONCE");
        assertThat(stream.get("members").asInt()).isEqualTo(1);
        assertThat(stream.get("lag").get(InMemoryStreamSource.SPLIT).asLong()).isZero();
        assertThat(stream.get("lastEventTime").isNull()).isFalse();

        // pause: no writes while paused, the run stays PAUSED and alive
        assertThat(http.post("/api/sync/runs/" + run + "/pause", "").statusCode())
                .isEqualTo(200);
        assertThat(view(run).get("state").asString()).isEqualTo("PAUSED");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> execution.control(run).paused());
        log.appendRange(100, 200);
        assertThat(http.post("/api/sync/runs/" + run + "/resume", "").statusCode())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> count(table) == 200);

        // its owner loses it (e.g. its lease lapsed): another claim resumes after the committed position
        execution.control(run).abandon();
        await().atMost(Duration.ofSeconds(30)).until(() -> !execution.executing(run));
        assertThat(runs.find(run).orElseThrow().state()).isIn(RunState.RUNNING);
        log.appendRange(200, 300);
        jdbc.update("UPDATE sync_run SET heartbeat_at = now() - interval '1 hour' WHERE id = ?", run);
        execution.takeUp(runs.find(run).orElseThrow());
        await().atMost(Duration.ofSeconds(60)).until(() -> count(table) == 300);
        assertThat(distinct(table)).isEqualTo(300);

        HttpResponse<String> stopped = http.post("/api/sync/runs/" + run + "/stop", "");
        assertThat(stopped.statusCode()).as(stopped.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "CANCELLED".equals(view(run).get("state").asString()));
        JsonNode ended = view(run);
        assertThat(ended.get("errorCode").asString()).isEqualTo("SYNC-020");
        // counters are saved every progress-interval: what the lost owner counted since its last save is not carried
        // over (the target and the positions are exact, the counters are progress)
        assertThat(ended.get("rowsWritten").asLong()).isBetween(100L, 300L);
        assertThat(count(table)).isEqualTo(300);
    }

    /** config-service deleted the job: its stream run stops instead of running on for a job nobody can see any more. */
    @Test
    void theRunOfADeletedJobIsStopped() throws Exception {
        String table = "sd_" + jobId.substring(0, 8);
        target(table);
        StreamTestPlans.register(jobName, new StreamTestPlans.Stream(log, URL));
        log.appendRange(0, 10);
        HttpResponse<String> started = http.post("/api/sync/jobs/" + jobId + "/runs", "");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        UUID run = UUID.fromString(JSON.readTree(started.body()).get("runId").asString());
        await().atMost(Duration.ofSeconds(60)).until(() -> count(table) == 10);

        String deleted = codec.toJson(io.datasync.models.event.EventEnvelope.of(
                "config-service",
                new io.datasync.models.event.ConfigChange.JobChanged(
                        jobId, jobName, 1, io.datasync.models.event.ChangeKind.DELETED),
                java.time.Clock.systemUTC()));
        var record = new org.apache.kafka.clients.consumer.ConsumerRecord<>(
                io.datasync.models.event.Topics.CONFIG_CHANGES, 0, 0L, jobId, deleted);
        jobChanges.onChange(record);
        jobChanges.onChange(record); // redelivered: changes nothing

        await().atMost(Duration.ofSeconds(30))
                .until(() -> "CANCELLED".equals(view(run).get("state").asString()));
        assertThat(view(run).get("errorCode").asString()).isEqualTo("SYNC-020");
    }

    /** A healthy stream forgets its crash-resumes, but only for the owner holding it (a lost owner changes nothing). */
    @Test
    void aHealthyStreamsResumesAreResetByItsOwnerOnly() {
        UUID id = UUID.randomUUID();
        jdbc.update(
                "INSERT INTO sync_run (id, job_id, job_name, job_version, state, trigger, attempt, created_at,"
                        + " started_at, owner, heartbeat_at, resumes) VALUES (?, ?, 'memstream', 1, 'CANCELLED',"
                        + " 'manual', 1, now(), now(), 'node-x', now(), 3)",
                id,
                jobId);

        runs.resetResumes(id, "node-y");
        assertThat(jdbc.queryForObject("SELECT resumes FROM sync_run WHERE id = ?", Integer.class, id))
                .isEqualTo(3);
        runs.resetResumes(id, "node-x");
        assertThat(jdbc.queryForObject("SELECT resumes FROM sync_run WHERE id = ?", Integer.class, id))
                .isZero();
    }

    private JsonNode view(UUID run) {
        HttpResponse<String> got = http.get("/api/sync/runs/" + run);
        assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
        return JSON.readTree(got.body());
    }

    private void target(String table) throws Exception {
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

    private static long count(String table) throws SQLException {
        return query("SELECT count(*) FROM public." + table);
    }

    private static long distinct(String table) throws SQLException {
        return query("SELECT count(DISTINCT id) FROM public." + table);
    }

    private static long query(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, "postgres", "");
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return 0; // the sink has not created the table yet
            }
            throw e;
        }
    }
}
