package io.datasync.system.suite;

import static io.datasync.system.suite.Suite.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.DriverManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The batch engine's sources and bad inputs, end to end through the gateway on the suite started by
 * {@code ./datasync up}: files, MariaDB, and what a data engineer gets wrong — empty tables, NULLs everywhere, values
 * that do not cast, a wrong password, a missing table, an error budget.
 */
@ExtendWith(Suite.Started.class)
class BatchSourcesSystemIT {

    private static final String SRC = "datasync_bad_src";
    private static final String DW = "datasync_bad_dw";
    private static final String MARIADB = "jdbc:mariadb://127.0.0.1:3306/";
    private static final String MARIADB_DB = "datasync_sys";

    @BeforeAll
    static void databases() throws Exception {
        freshDatabases(SRC, DW);
        jdbcConnections(SRC, DW);
        mariadb("DROP DATABASE IF EXISTS " + MARIADB_DB, "CREATE DATABASE " + MARIADB_DB);
    }

    @AfterAll
    static void dropDatabases() throws Exception {
        sql("postgres", "DROP DATABASE " + SRC + " WITH (FORCE)", "DROP DATABASE " + DW + " WITH (FORCE)");
        mariadb("DROP DATABASE IF EXISTS " + MARIADB_DB);
    }

    @Test
    void aGbkCsvWithAMalformedLineLoadsEveryOtherRowAndNamesTheBadLine() throws Exception {
        String files = connection("files", "file", "{\"baseDirectory\":\"" + filesCopiedUnderTheRoot("batch") + "\"}");
        String jobId = createJob("""
                name: gbk-%s
                source:
                  type: file
                  connection: %s
                  options:
                    path: orders-gbk.csv
                    encoding: GBK
                    columns: [ {name: id, type: bigint}, {name: name}, {name: city}, {name: amount, type: "decimal(10,2)"} ]
                    key: [id]
                target: { type: jdbc, connection: %s-%s, table: public.gbk_orders, writeMode: upsert, keys: [id], createTable: true }
                """.formatted(SUFFIX, files, DW, SUFFIX));

        String runId = runToEnd(jobId);

        assertThat(runField(runId, "rowsRead")).isEqualTo("6");
        assertThat(runField(runId, "rowsWritten")).isEqualTo("5");
        assertThat(runField(runId, "rowsRejected")).isEqualTo("1");
        assertThat(runField(runId, "verified"))
                .as("the keys tallied while reading equal the target's")
                .isEqualTo("true");
        assertThat(send("GET", "/api/sync/runs/" + runId + "/errors", null, null)
                        .body())
                .contains("orders-gbk.csv:5", "3 fields where the header has 4");
        assertThat(single(
                        DW,
                        "SELECT string_agg(id || ':' || name || ':' || city || ':' || amount, ',' ORDER BY id)"
                                + " FROM gbk_orders"))
                .isEqualTo("1:张三:北京:12.50,2:李四:上海:7.25,3:王五, 小王:广州:100.00,5:孙七:杭州:0.99," + "6:周八 \"老周\":南京:3.10");
    }

    @Test
    void anHttpApiAnswering429ThenPagesOfJsonIsReadWithItsTokenAndLoaded() throws Exception {
        java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer api =
                com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/v1/orders", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            seen.add(query + " " + exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body;
            int status;
            if (requests.incrementAndGet() == 1) {
                exchange.getResponseHeaders().add("Retry-After", "1");
                status = 429;
                body = "{\"error\":\"slow down\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            } else {
                int page = Integer.parseInt(query.replaceAll(".*page=(\\d+).*", "$1"));
                StringBuilder json = new StringBuilder("{\"data\":[");
                for (int id = (page - 1) * 50 + 1; id <= Math.min(120, page * 50); id++) {
                    json.append(id % 50 == 1 ? "" : ",")
                            .append("{\"id\":")
                            .append(id)
                            .append(",\"customer\":{\"name\":\"Kunde ")
                            .append(id)
                            .append(" ü\"},\"total\":")
                            .append(id)
                            .append(".5}");
                }
                status = 200;
                body = json.append("]}").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        api.start();
        try {
            String http = connection(
                    "orders-api",
                    "http",
                    "{\"baseUrl\":\"http://127.0.0.1:" + api.getAddress().getPort()
                            + "\",\"auth\":{\"type\":\"bearer\",\"token\":\"api-t0ken\"}}");
            String jobId = createJob("""
                    name: http-%s
                    source:
                      type: http
                      connection: %s
                      options:
                        path: /v1/orders
                        recordsPointer: /data
                        pagination: { type: page, pageSize: 50 }
                        columns: [ {name: id, type: bigint}, {name: name, field: /customer/name}, {name: total, type: "decimal(10,2)"} ]
                        key: [id]
                    target: { type: jdbc, connection: %s-%s, table: public.api_orders, writeMode: upsert, keys: [id], createTable: true }
                    """.formatted(SUFFIX, http, DW, SUFFIX));

            String runId = runToEnd(jobId);

            assertThat(runField(runId, "rowsWritten")).isEqualTo("120");
            assertThat(runField(runId, "verified")).isEqualTo("true");
            assertThat(seen.get(0)).isEqualTo(seen.get(1)).contains("page=1", "Bearer api-t0ken");
            assertThat(seen).hasSize(4);
            assertThat(single(DW, "SELECT count(*) || '|' || sum(total) || '|' || max(name) FROM api_orders"))
                    .isEqualTo("120|7320.00|Kunde 99 ü");
            assertThat(send("GET", "/api/sync/runs/" + runId, null, null).body())
                    .doesNotContain("api-t0ken");
        } finally {
            api.stop(0);
        }
    }

    @Test
    void anEmptyTableRunsToAVerifiedEmptyTarget() throws Exception {
        sql(SRC, "CREATE TABLE empty_src (id BIGINT PRIMARY KEY, v TEXT)");
        String runId = runToEnd(createJob(pgJob("empty", "empty_src", "")));
        assertThat(runField(runId, "rowsRead")).isEqualTo("0");
        assertThat(runField(runId, "verified")).isEqualTo("true");
        assertThat(single(DW, "SELECT count(*) FROM empty_src")).isEqualTo("0");
    }

    @Test
    void nullsInEveryColumnArriveAsNulls() throws Exception {
        sql(
                SRC,
                "CREATE TABLE nulls_src (id BIGINT PRIMARY KEY, t TEXT, n NUMERIC(12,2), i INT, b BOOLEAN, d DATE,"
                        + " ts TIMESTAMPTZ, u UUID, j JSONB, by BYTEA)",
                "INSERT INTO nulls_src (id) VALUES (1), (2)",
                "UPDATE nulls_src SET t = 'x', n = 1.5, i = 7, b = true, d = '2026-11-28', ts = now(),"
                        + " u = gen_random_uuid(), j = '{\"a\":1}', by = '\\x01' WHERE id = 2");
        String runId = runToEnd(createJob(pgJob("nulls", "nulls_src", "")));
        assertThat(runField(runId, "rowsWritten")).isEqualTo("2");
        assertThat(single(DW, "SELECT num_nulls(t, n, i, b, d, ts, u, j, by) FROM nulls_src WHERE id = 1"))
                .isEqualTo("9");
        assertThat(single(DW, "SELECT num_nulls(t, n, i, b, d, ts, u, j, by) FROM nulls_src WHERE id = 2"))
                .isEqualTo("0");
    }

    @Test
    void aCastFailingOnThreeRowsOfTenThousandRejectsExactlyThoseAndAnErrorBudgetFailsTheRun() throws Exception {
        sql(
                SRC,
                "CREATE TABLE casts_src (id BIGINT PRIMARY KEY, qty TEXT)",
                "INSERT INTO casts_src SELECT g, CASE WHEN g IN (17, 4242, 9999) THEN 'n/a-' || g ELSE g::text END"
                        + " FROM generate_series(1, 10000) g");
        String transforms = "transforms: [ { cast: { qty: int } } ]\n";
        String runId = runToEnd(createJob(pgJob("casts", "casts_src", transforms)));
        assertThat(runField(runId, "rowsRead")).isEqualTo("10000");
        assertThat(runField(runId, "rowsWritten")).isEqualTo("9997");
        assertThat(runField(runId, "rowsRejected")).isEqualTo("3");
        String errors =
                send("GET", "/api/sync/runs/" + runId + "/errors", null, null).body();
        assertThat(errors).contains("n/a-17", "n/a-4242", "n/a-9999", "\"rowKey\":\"4242\"");
        assertThat(single(DW, "SELECT count(*) FROM casts_src WHERE id IN (17, 4242, 9999)"))
                .isEqualTo("0");

        String budget = runFinished(createJob(pgJob("budget", "casts_src", transforms + "limits: { maxErrors: 2 }\n")
                .replace("casts_src, writeMode", "casts_budget, writeMode")));
        assertThat(send("GET", "/api/sync/runs/" + budget, null, null).body())
                .contains(
                        "\"state\":\"FAILED\"",
                        "\"errorCode\":\"SYNC-006\"",
                        "3 rows rejected, more than maxErrors 2",
                        "\"retriable\":false");
    }

    @Test
    void aWrongPasswordFailsFastWithSync101AndNeverShowsThePassword() throws Exception {
        String wrong = connection(
                "maria-wrong",
                "jdbc",
                "{\"url\":\"" + MARIADB + MARIADB_DB + "\",\"user\":\"root\",\"password\":\"Wr0ng-Pa55\"}");
        String runId = runFinished(createJob(job("wrongpw", wrong, "t", "")));
        String run = send("GET", "/api/sync/runs/" + runId, null, null).body();
        assertThat(run).contains("\"state\":\"FAILED\"", "\"errorCode\":\"SYNC-101\"", "\"retriable\":false");
        assertThat(run).doesNotContain("Wr0ng-Pa55");

        HttpResponse<String> tested =
                send("POST", "/api/sync/connections/test", "{\"connection\":\"" + wrong + "\"}", "application/json");
        assertThat(tested.statusCode()).isEqualTo(200);
        assertThat(tested.body())
                .contains("\"ok\":false", "\"code\":\"SYNC-101\"")
                .doesNotContain("Wr0ng-Pa55");
        HttpResponse<String> unknown = send(
                "POST", "/api/sync/connections/test", "{\"connection\":\"nope-" + SUFFIX + "\"}", "application/json");
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void aMissingTableFailsFastWithSync102NamingIt() throws Exception {
        String runId = runFinished(createJob(pgJob("missing", "no_such_table", "")));
        assertThat(send("GET", "/api/sync/runs/" + runId, null, null).body())
                .contains("\"state\":\"FAILED\"", "\"errorCode\":\"SYNC-102\"", "no_such_table does not exist");
    }

    @Test
    void aMariaDbTableIsCopiedInParallelSplitsAndVerified() throws Exception {
        mariadb(
                "USE " + MARIADB_DB,
                "CREATE TABLE " + MARIADB_DB + ".customers (id BIGINT PRIMARY KEY, name VARCHAR(40),"
                        + " balance DECIMAL(12,2), joined DATETIME(6), vip BOOLEAN)",
                "INSERT INTO " + MARIADB_DB + ".customers SELECT seq, CONCAT('kunde ', seq, ' ü'), seq * 0.5,"
                        + " TIMESTAMP('2026-01-01') + INTERVAL seq SECOND, seq % 3 = 0 FROM seq_1_to_5000");
        String maria = connection(
                "maria", "jdbc", "{\"url\":\"jdbc:mysql://127.0.0.1:3306/" + MARIADB_DB + "\",\"user\":\"root\"}");
        String runId = runToEnd(createJob(job("maria", maria, "customers", "")
                .replace("table: customers }", "table: customers, split: { column: id, parallelism: 2 } }")));
        assertThat(send("GET", "/api/sync/runs/" + runId, null, null).body())
                .contains("\"rowsWritten\":5000", "\"splitsTotal\":2", "\"verified\":true");
        assertThat(single(DW, "SELECT name || '|' || balance || '|' || vip FROM customers WHERE id = 3"))
                .isEqualTo("kunde 3 ü|1.50|true");
    }

    @Test
    void aRetryOfAFailedTaskContinuesAfterTheChunksItsFirstAttemptCommittedWithoutDoublingAnAppend() throws Exception {
        sql(
                SRC,
                "CREATE TABLE retry_src (id BIGINT PRIMARY KEY, v TEXT)",
                "INSERT INTO retry_src SELECT g, 'v' || g FROM generate_series(1, 20000) g");
        // An append-only target without a key: a chunk written twice would show as a duplicate id.
        sql(
                DW,
                "CREATE TABLE retry_src (id BIGINT, v TEXT)",
                "CREATE TABLE fail_switch (on_id BIGINT)",
                "INSERT INTO fail_switch VALUES (12000)",
                "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                        + " IF EXISTS (SELECT 1 FROM fail_switch WHERE on_id = NEW.id) THEN"
                        + " RAISE EXCEPTION 'injected failure at %', NEW.id; END IF; RETURN NEW; END $$",
                "CREATE TRIGGER refuse BEFORE INSERT ON retry_src FOR EACH ROW EXECUTE FUNCTION refuse()");
        String jobId = createJob(job("retry", SRC + "-" + SUFFIX, "retry_src", "")
                .replace("writeMode: upsert, keys: [id], createTable: true", "writeMode: insert"));
        String taskId = "task-" + SUFFIX;

        String first = requestRun(jobId, taskId, 1);
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofMinutes(1))
                .until(() -> runField(first, "state").matches("SUCCEEDED|FAILED"));
        assertThat(runField(first, "state")).isEqualTo("FAILED");
        long committed = Long.parseLong(single(DW, "SELECT count(*) FROM retry_src"));
        assertThat(committed).as("chunks before the failing one").isBetween(1L, 19_999L);

        sql(DW, "DELETE FROM fail_switch");
        String second = requestRun(jobId, taskId, 2);
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofMinutes(1))
                .until(() -> runField(second, "state").matches("SUCCEEDED|FAILED"));
        assertThat(runField(second, "state")).isEqualTo("SUCCEEDED");
        assertThat(single(DW, "SELECT count(*) || '/' || count(DISTINCT id) FROM retry_src"))
                .isEqualTo("20000/20000");
        assertThat(runField(second, "rowsWritten")).isEqualTo("20000");
    }

    /** Sends a scheduler's RunRequested for an attempt of a task straight to the broker; returns the run id. */
    private static String requestRun(String jobId, String taskId, int attempt) throws Exception {
        String runId = java.util.UUID.randomUUID().toString();
        var command =
                new io.datasync.models.event.SyncCommand.RunRequested(jobId, runId, 1, taskId, attempt, "schedule");
        String json = new io.datasync.models.event.EventCodec()
                .toJson(io.datasync.models.event.EventEnvelope.of("system-test", command, java.time.Clock.systemUTC()));
        java.util.Properties props = new java.util.Properties();
        props.put("bootstrap.servers", "127.0.0.1:9092");
        props.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        props.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(props)) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                            io.datasync.models.event.Topics.SYNC_COMMANDS, jobId, json))
                    .get();
        }
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() -> send("GET", "/api/sync/runs/" + runId, null, null).statusCode() == 200);
        return runId;
    }

    private static String pgJob(String name, String table, String extra) {
        return job(name, SRC + "-" + SUFFIX, table, extra);
    }

    private static String job(String name, String connection, String table, String extra) {
        return """
                name: %s-%s
                source: { type: jdbc, connection: %s, table: %s }
                %starget: { type: jdbc, connection: %s-%s, table: public.%s, writeMode: upsert, keys: [id], createTable: true }
                """.formatted(name, SUFFIX, connection, table, extra, DW, SUFFIX, table);
    }

    private static void mariadb(String... statements) throws Exception {
        try (var c = DriverManager.getConnection(MARIADB, "root", "");
                var st = c.createStatement()) {
            for (String statement : statements) {
                st.execute(statement);
            }
        }
    }
}
