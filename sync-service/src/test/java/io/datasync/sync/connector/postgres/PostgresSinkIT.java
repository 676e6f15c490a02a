package io.datasync.sync.connector.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.datasync.models.job.TargetSpec;
import io.datasync.models.job.TargetType;
import io.datasync.models.job.WriteMode;
import io.datasync.sync.connector.spi.Checkpoint;
import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.connector.spi.Sink;
import io.datasync.sync.connector.spi.SinkContractTest;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL sink against a real local PostgreSQL (127.0.0.1:5432, user postgres) in its own database: the sink
 * contract, plus what only this sink promises — table creation, refusals by name, error classes, the atomic overwrite
 * swap, and no lost or doubled row when the backend dies in the middle of a chunk.
 */
class PostgresSinkIT extends SinkContractTest {

    private static final Logger log = LoggerFactory.getLogger(PostgresSinkIT.class);

    private static final String DATABASE = "datasync_pgsink_it";
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/" + DATABASE;
    private static final PostgresEndpoint ENDPOINT = new PostgresEndpoint(URL, "postgres", "");
    private static final String TABLE = "it.items";

    private final List<Sink> opened = new ArrayList<>();

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

    @Override
    protected void emptyTarget() throws SQLException {
        opened.forEach(Sink::close);
        opened.clear();
        sql("DROP SCHEMA IF EXISTS it CASCADE", "CREATE SCHEMA it");
    }

    @Override
    protected Sink newSink(WriteMode mode, int parallelism) {
        return new PostgresSink(ENDPOINT, target(TABLE, mode, List.of("id"), true), JOB, parallelism);
    }

    @Override
    protected List<Object[]> readTarget() throws SQLException {
        return readRows(TABLE, SCHEMA);
    }

    @Test
    void createsTheTargetTableWithAFittingTypeForEveryDataTypeAndTheKeysAsPrimaryKey() throws SQLException {
        Schema schema = new Schema(
                List.of(
                        new Column("id", DataType.BIGINT, false, 0, 0),
                        new Column("region", DataType.TEXT, false, 0, 0),
                        new Column("code", DataType.TEXT, true, 12, 0),
                        new Column("price", DataType.DECIMAL, true, 10, 3),
                        Column.of("any_number", DataType.DECIMAL),
                        Column.of("flag", DataType.BOOLEAN),
                        Column.of("small", DataType.INT),
                        Column.of("ratio", DataType.DOUBLE),
                        Column.of("born", DataType.DATE),
                        Column.of("alarm", DataType.TIME),
                        Column.of("seen", DataType.TIMESTAMP),
                        Column.of("seen_tz", DataType.TIMESTAMPTZ),
                        Column.of("ref", DataType.UUID),
                        Column.of("blob", DataType.BYTES),
                        Column.of("doc", DataType.JSON)),
                List.of("id"));
        open(target("it.typed", WriteMode.UPSERT, List.of("region", "id"), true), schema);

        Map<String, String> types = new LinkedHashMap<>();
        try (Connection c = connect();
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT attname, format_type(atttypid, atttypmod), attnotnull FROM pg_attribute"
                                + " WHERE attrelid = 'it.typed'::regclass AND attnum > 0 ORDER BY attnum")) {
            while (rs.next()) {
                types.put(rs.getString(1), rs.getString(2) + (rs.getBoolean(3) ? " not null" : ""));
            }
        }
        assertThat(types)
                .containsExactly(
                        Map.entry("id", "bigint not null"),
                        Map.entry("region", "text not null"),
                        Map.entry("code", "character varying(12)"),
                        Map.entry("price", "numeric(10,3)"),
                        Map.entry("any_number", "numeric"),
                        Map.entry("flag", "boolean"),
                        Map.entry("small", "integer"),
                        Map.entry("ratio", "double precision"),
                        Map.entry("born", "date"),
                        Map.entry("alarm", "time without time zone"),
                        Map.entry("seen", "timestamp without time zone"),
                        Map.entry("seen_tz", "timestamp with time zone"),
                        Map.entry("ref", "uuid"),
                        Map.entry("blob", "bytea"),
                        Map.entry("doc", "jsonb"));
        assertThat(queryString("SELECT pg_get_constraintdef(oid) FROM pg_constraint"
                        + " WHERE conrelid = 'it.typed'::regclass AND contype = 'p'"))
                .isEqualTo("PRIMARY KEY (region, id)");
        assertThat(queryString("SELECT to_regclass('it.datasync_checkpoint')::text"))
                .isEqualTo("it.datasync_checkpoint");
    }

    @Test
    void refusesAMissingTableByNameWhenTheJobDoesNotCreateIt() {
        assertThatThrownBy(() -> open(target("it.nope", WriteMode.INSERT, List.of(), false), SCHEMA))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("SYNC-202");
                    assertThat(e.retriable()).isFalse();
                    assertThat(e.getMessage()).contains("it.nope", "createTable");
                });
    }

    @Test
    void refusesRowsWithColumnsTheTableLacksNamingThem() throws SQLException {
        sql("CREATE TABLE it.narrow (id bigint PRIMARY KEY, name text)");

        assertThatThrownBy(() -> open(target("it.narrow", WriteMode.INSERT, List.of(), false), SCHEMA))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("SYNC-203");
                    assertThat(e.retriable()).isFalse();
                    assertThat(e.getMessage()).contains("it.narrow", "flag, small, amount", "doc");
                    assertThat(e.getMessage()).doesNotContain(" name");
                });
    }

    @Test
    void refusesUpsertWithoutAUniqueIndexOnExactlyTheKeysButAcceptsAUniqueIndexAsWellAsAPrimaryKey()
            throws SQLException {
        Schema schema =
                new Schema(List.of(Column.of("id", DataType.BIGINT), Column.of("tenant", DataType.TEXT)), List.of());
        sql(
                "CREATE TABLE it.loose (id bigint, tenant text)",
                "CREATE UNIQUE INDEX loose_partial ON it.loose (id) WHERE tenant IS NOT NULL",
                "CREATE UNIQUE INDEX loose_wider ON it.loose (id, tenant)");

        assertThatThrownBy(() -> open(target("it.loose", WriteMode.UPSERT, List.of("id"), false), schema))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("SYNC-204");
                    assertThat(e.getMessage()).contains("it.loose", "unique index", "[id]");
                });

        sql("CREATE UNIQUE INDEX loose_id ON it.loose (id)");
        Sink sink = open(target("it.loose", WriteMode.UPSERT, List.of("id"), false), schema);
        Chunk twice = new Chunk(schema, List.of(new Object[] {1L, "a"}, new Object[] {1L, "b"}), Position.START, 0);
        sink.write(twice, new Checkpoint(JOB, "s1", Position.START, 2));
        assertThat(queryString("SELECT string_agg(id || tenant, ',') FROM it.loose"))
                .isEqualTo("1b");
    }

    @Test
    void refusesATableNameThatIsNotAPlainIdentifier() {
        assertThatThrownBy(() -> open(target("items; drop table x", WriteMode.INSERT, List.of(), true), SCHEMA))
                .isInstanceOfSatisfying(
                        ConnectorException.class, e -> assertThat(e.code()).isEqualTo("SYNC-205"));
    }

    @Test
    void refusedCredentialsArePermanentAndTheMessageNeverShowsThePassword() {
        PostgresEndpoint wrong = new PostgresEndpoint(URL + "?password=url-secret-1", "no_such_user", "field-secret-2");
        Sink sink = new PostgresSink(wrong, target(TABLE, WriteMode.INSERT, List.of(), true), JOB, 1);
        opened.add(sink);

        assertThatThrownBy(() -> sink.prepare(SCHEMA)).isInstanceOfSatisfying(ConnectorException.class, e -> {
            assertThat(e.code()).isEqualTo("SYNC-201");
            assertThat(e.retriable()).isFalse();
            assertThat(e.getMessage()).contains("no_such_user", URL);
            assertThat(e.getMessage()).doesNotContain("secret");
        });
        assertThat(wrong.toString()).doesNotContain("secret");
    }

    @Test
    void anUnreachableDatabaseIsRetriable() {
        PostgresEndpoint nowhere = new PostgresEndpoint("jdbc:postgresql://127.0.0.1:1/" + DATABASE, "postgres", "");
        Sink sink = new PostgresSink(nowhere, target(TABLE, WriteMode.INSERT, List.of(), true), JOB, 1);
        opened.add(sink);

        assertThatThrownBy(() -> sink.prepare(SCHEMA)).isInstanceOfSatisfying(ConnectorException.class, e -> {
            assertThat(e.code()).isEqualTo("SYNC-211");
            assertThat(e.retriable()).isTrue();
        });
    }

    @Test
    void aConstraintViolationNamesTheConstraintButNoValue() {
        Sink sink = sink(WriteMode.INSERT);
        Object[] row = fullRow(4242);
        row[5] = "private-value";
        sink.write(chunk(List.<Object[]>of(row), 4242), checkpoint("s1", 4242, 1));

        assertThatThrownBy(() -> sink.write(chunk(List.<Object[]>of(row), 4242), checkpoint("s1", 4242, 2)))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("SYNC-212");
                    assertThat(e.retriable()).isFalse();
                    assertThat(e.getMessage()).contains("unique constraint items_pkey", "23505");
                    assertThat(e.getMessage()).doesNotContain("4242", "private-value");
                    assertThat(e.getCause()).isNull();
                });
    }

    @Test
    void aValueItsColumnRefusesIsADataErrorNamingColumnAndRowButNotTheValue() throws SQLException {
        Schema schema = new Schema(
                List.of(new Column("id", DataType.BIGINT, false, 0, 0), new Column("code", DataType.TEXT, true, 5, 0)),
                List.of("id"));
        Sink sink = open(target("it.codes", WriteMode.UPSERT, List.of("id"), true), schema);
        List<Object[]> rows = List.of(new Object[] {1L, "ok"}, new Object[] {2L, "much-too-long-secret"});

        assertThatThrownBy(() ->
                        sink.write(new Chunk(schema, rows, Position.START, 0), new Checkpoint(JOB, "s1", null, 2)))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("SYNC-213");
                    assertThat(e.retriable()).isFalse();
                    assertThat(e.getMessage()).contains("column code", "row 2", "22001");
                    assertThat(e.getMessage()).doesNotContain("much-too-long-secret");
                });
        assertThat(queryString("SELECT count(*)::text FROM it.codes")).isEqualTo("0");

        List<Object[]> foreign = List.<Object[]>of(new Object[] {3L, new Date()});
        assertThatThrownBy(() ->
                        sink.write(new Chunk(schema, foreign, Position.START, 0), new Checkpoint(JOB, "s1", null, 1)))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("SYNC-213");
                    assertThat(e.getMessage()).contains("column code holds a Date", "row 1");
                });
    }

    @Test
    void numbersOfEveryShapeArriveExactlyThroughTheBinaryCopy() throws SQLException {
        sql("CREATE TABLE it.nums (id bigint PRIMARY KEY, v numeric, s smallint, f real)");
        Schema schema = new Schema(
                List.of(
                        Column.of("id", DataType.BIGINT),
                        Column.of("v", DataType.DECIMAL),
                        Column.of("s", DataType.INT),
                        Column.of("f", DataType.DOUBLE)),
                List.of("id"));
        List<Object> values = List.of(
                BigDecimal.ZERO,
                new BigDecimal("0.05"),
                new BigDecimal("10000"),
                new BigDecimal("1E+3"),
                new BigDecimal("-0.0001"),
                new BigDecimal("123456789012345678.123456"),
                new BigDecimal("-9999.99990"),
                12345678901L,
                7,
                0.1,
                Double.NaN);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            rows.add(new Object[] {(long) i, values.get(i), i - 5, 0.25 * i});
        }
        Sink sink = open(target("it.nums", WriteMode.INSERT, List.of(), false), schema);
        sink.write(new Chunk(schema, rows, new Position(Map.of("lastKey", 10L)), 0), checkpoint("s1", 10, rows.size()));

        assertThat(queryString("SELECT string_agg(v::text || '|' || s || '|' || f, ',' ORDER BY id) FROM it.nums"))
                .isEqualTo(
                        "0|-5|0,0.05|-4|0.25,10000|-3|0.5,1000|-2|0.75,-0.0001|-1|1,123456789012345678.123456|0|1.25,"
                                + "-9999.99990|1|1.5,12345678901|2|1.75,7|3|2,0.1|4|2.25,NaN|5|2.5");
    }

    /** Chunks too large to buffer whole are checked, then streamed: in binary, or as text when a value needs it. */
    @Test
    void chunksTooLargeToBufferAreStreamedInBinaryOrAsText() throws SQLException {
        sql("CREATE TABLE it.big (id bigint PRIMARY KEY, body text, at timestamptz)");
        Schema schema = new Schema(
                List.of(
                        Column.of("id", DataType.BIGINT),
                        Column.of("body", DataType.TEXT),
                        Column.of("at", DataType.TIMESTAMPTZ)),
                List.of("id"));
        String body = "x".repeat(1 << 20);
        long bytes = 24L << 20;
        assertThat(bytes).as("beyond what is buffered").isGreaterThan(PostgresSink.BUFFERED_CHUNK_BYTES);
        OffsetDateTime at = OffsetDateTime.parse("2026-11-28T05:00:00.123456Z");
        List<Object[]> binary = new ArrayList<>();
        List<Object[]> text = new ArrayList<>();
        for (long i = 0; i < 24; i++) {
            binary.add(new Object[] {i, body, at});
            // a timestamp given as text is not binary-ready: this chunk goes as text
            text.add(new Object[] {100 + i, body, "2026-11-28T05:00:00.123456Z"});
        }
        Sink sink = open(target("it.big", WriteMode.INSERT, List.of(), false), schema);
        sink.write(new Chunk(schema, binary, new Position(Map.of("lastKey", 23L)), bytes), checkpoint("s1", 23, 24));
        sink.write(new Chunk(schema, text, new Position(Map.of("lastKey", 123L)), bytes), checkpoint("s1", 123, 48));

        assertThat(queryString("SELECT count(*) || '|' || sum(length(body)) || '|' || count(DISTINCT at)"
                        + " || '|' || (min(at) = '2026-11-28T05:00:00.123456Z'::timestamptz) FROM it.big"))
                .isEqualTo("48|" + 48L * (1 << 20) + "|1|true");
    }

    @Test
    void insertAppendsEvenEqualRowsWhenTheTableHasNoKey() throws SQLException {
        Sink sink = open(target("it.log", WriteMode.INSERT, List.of(), true), SCHEMA);
        List<Object[]> rows = List.of(fullRow(1), fullRow(2));

        sink.write(chunk(rows, 2), checkpoint("s1", 2, 2));
        sink.write(chunk(rows, 2), checkpoint("s2", 2, 2));

        assertThat(readRows("it.log", SCHEMA)).hasSize(4);
    }

    @Test
    void overwriteReplacesTheWholeTableOnlyAtFinishAndThenForgetsItsCheckpoints() throws SQLException {
        seedOldRows(5);
        Sink sink = sink(WriteMode.OVERWRITE);

        sink.write(chunk(List.of(fullRow(3), fullRow(4)), 4), checkpoint("s1", 4, 2));
        sink.write(chunk(List.of(fullRow(6), fullRow(7)), 7), checkpoint("s1", 7, 4));
        assertThat(queryString("SELECT string_agg(id::text || name, ',' ORDER BY id) FROM it.items"))
                .isEqualTo("1old,2old,3old,4old,5old");

        sink.finish();

        assertSameRows(readTarget(), List.of(fullRow(3), fullRow(4), fullRow(6), fullRow(7)));
        assertThat(sink.checkpoint(JOB, "s1")).isEmpty();
        assertThat(queryString("SELECT string_agg(relname::text, ',') FROM pg_class WHERE relname LIKE 'items%'"
                        + " AND relkind = 'r'"))
                .isEqualTo("items");
    }

    @Test
    void overwriteKeepsTheSequenceOfASerialColumnAcrossTheSwap() throws SQLException {
        Schema schema = new Schema(List.of(Column.of("name", DataType.TEXT)), List.of());
        sql(
                "CREATE TABLE it.serials (id bigserial PRIMARY KEY, name text)",
                "INSERT INTO it.serials (name) VALUES ('old')");

        for (int run = 1; run <= 2; run++) {
            Sink sink = open(target("it.serials", WriteMode.OVERWRITE, List.of(), false), schema);
            sink.write(
                    new Chunk(schema, List.<Object[]>of(new Object[] {"run " + run}), Position.START, 0),
                    new Checkpoint(JOB, "s1", null, 1));
            sink.finish();
            sink.close();
        }

        assertThat(queryString("SELECT string_agg(id || ' ' || name, ',') FROM it.serials"))
                .isEqualTo("3 run 2");
        sql("INSERT INTO it.serials (name) VALUES ('after')");
        assertThat(queryString("SELECT max(id)::text FROM it.serials")).isEqualTo("4");
    }

    @Test
    void anInterruptedOverwriteResumesIntoItsShadowTable() throws SQLException {
        seedOldRows(3);
        Sink crashed = sink(WriteMode.OVERWRITE);
        crashed.write(chunk(List.of(fullRow(10), fullRow(11)), 11), checkpoint("s1", 11, 2));
        crashed.close();

        Sink resumed = sink(WriteMode.OVERWRITE);
        assertThat(resumed.checkpoint(JOB, "s1")).contains(checkpoint("s1", 11, 2));
        resumed.write(chunk(List.<Object[]>of(fullRow(12)), 12), checkpoint("s1", 12, 3));
        resumed.finish();

        assertSameRows(readTarget(), List.of(fullRow(10), fullRow(11), fullRow(12)));
    }

    /** A shadow table an abandoned load left behind (another run's) is emptied by a fresh load, not appended to. */
    @Test
    void aFreshOverwriteStartsFromAnEmptyShadowEvenWhenAFailedRunLeftOne() throws SQLException {
        sql("CREATE TABLE it.log (id bigint, note text)", "INSERT INTO it.log VALUES (1, 'old')");
        Schema schema =
                new Schema(List.of(Column.of("id", DataType.BIGINT), Column.of("note", DataType.TEXT)), List.of());
        TargetSpec target = target("it.log", WriteMode.OVERWRITE, List.of(), false);
        Sink failed = open(new PostgresSink(ENDPOINT, target, "run-that-failed", 1), schema);
        failed.write(
                new Chunk(schema, List.of(new Object[] {10L, "a"}, new Object[] {11L, "b"}), Position.START, 0),
                new Checkpoint("run-that-failed", "s1", new Position(Map.of("offset", 2)), 2));
        failed.close();

        Sink fresh = open(new PostgresSink(ENDPOINT, target, "next-run", 1), schema);
        fresh.write(
                new Chunk(
                        schema,
                        List.of(new Object[] {10L, "a"}, new Object[] {11L, "b"}, new Object[] {12L, "c"}),
                        Position.START,
                        0),
                new Checkpoint("next-run", "s1", new Position(Map.of("offset", 3)), 3));
        fresh.finish();

        assertThat(queryString("SELECT string_agg(id || note, ',' ORDER BY id) FROM it.log"))
                .isEqualTo("10a,11b,12c");
    }

    @Test
    void readersSeeTheFullOldTableWhileAnOverwriteLoadsAndTheFullNewOneAfterTheSwap() throws Exception {
        seedOldRows(1000);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicLong reads = new AtomicLong();
        AtomicReference<Throwable> readerFailure = new AtomicReference<>();
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            try (Connection c = connect()) {
                c.setAutoCommit(true);
                while (!stop.get()) {
                    try (ResultSet rs = c.createStatement()
                            .executeQuery("SELECT count(*), min(left(name, 3)), max(left(name, 3)) FROM it.items")) {
                        rs.next();
                        seen.add(rs.getLong(1) + " " + rs.getString(2) + "-" + rs.getString(3));
                        reads.incrementAndGet();
                    }
                }
            } catch (Throwable e) {
                readerFailure.set(e);
            }
        });

        Sink sink = sink(WriteMode.OVERWRITE);
        for (int c = 0; c < 3; c++) {
            List<Object[]> rows = new ArrayList<>();
            for (int r = 1; r <= 1000; r++) {
                rows.add(fullRow(c * 1000L + r));
            }
            sink.write(chunk(rows, c * 1000L + 1000), checkpoint("s1", c * 1000L + 1000, (c + 1) * 1000L));
            long after = reads.get();
            await().atMost(Duration.ofSeconds(30)).until(() -> reads.get() > after + 2 || readerFailure.get() != null);
        }
        sink.finish();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> seen.contains("3000 nam-nam") || readerFailure.get() != null);
        stop.set(true);
        reader.get(30, TimeUnit.SECONDS);

        assertThat(readerFailure.get()).isNull();
        assertThat(seen).containsExactlyInAnyOrder("1000 old-old", "3000 nam-nam");
    }

    /**
     * The crash happens after the chunk's COPY, while its INSERT waits on a lock a trigger takes: the backend is
     * terminated from another session, as if the database or the network died. A fresh sink then resumes from
     * {@code checkpoint()}. The target has no key, so a doubled row would show.
     */
    @Test
    void resumesAfterTheBackendDiesMidChunkWithNoRowLostOrDoubled() throws Exception {
        Schema schema = new Schema(
                List.of(
                        new Column("id", DataType.BIGINT, false, 0, 0),
                        Column.of("name", DataType.TEXT),
                        new Column("amount", DataType.DECIMAL, true, 12, 2),
                        Column.of("seen_tz", DataType.TIMESTAMPTZ)),
                List.of("id"));
        sql(
                "CREATE TABLE it.source (id bigint PRIMARY KEY, name text, amount numeric(12,2), seen_tz timestamptz)",
                "INSERT INTO it.source SELECT g, CASE WHEN g % 7 = 0 THEN NULL ELSE E'n\\t' || g || E'\\n\"\\\\' END,"
                        + " g * 1.25, timestamptz '2026-01-01 00:00+00' + g * interval '1 minute'"
                        + " FROM generate_series(1, 10000) g",
                "CREATE TABLE it.copy (id bigint NOT NULL, name text, amount numeric(12,2), seen_tz timestamptz)",
                "CREATE FUNCTION it.hold() RETURNS trigger LANGUAGE plpgsql AS"
                        + " $$ BEGIN IF NEW.id = 5500 THEN PERFORM pg_advisory_xact_lock(4242); END IF; RETURN NEW; END $$",
                "CREATE TRIGGER hold BEFORE INSERT ON it.copy FOR EACH ROW EXECUTE FUNCTION it.hold()");
        TargetSpec copyTarget = target("it.copy", WriteMode.INSERT, List.of(), false);
        String job = "crash-job";

        try (Connection holder = connect()) {
            holder.setAutoCommit(true);
            holder.createStatement().execute("SELECT pg_advisory_lock(4242)");
            Sink first = open(new PostgresSink(ENDPOINT, copyTarget, job, 1), schema);
            CompletableFuture<Long> writing = CompletableFuture.supplyAsync(() -> copyFrom(first, schema, job, 0));

            // Waiting on the trigger's lock in the middle of the chunk's COPY (appends go straight into the table):
            // half the chunk is in, nothing committed.
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> "COPY"
                            .equals(queryString("SELECT left(query, 4) FROM pg_stat_activity WHERE application_name ="
                                    + " 'datasync-sink crash-job' AND wait_event_type = 'Lock'")));
            sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE application_name = 'datasync-sink crash-job' AND wait_event_type = 'Lock'");

            assertThatThrownBy(() -> writing.get(60, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(ConnectorException.class)
                    .cause()
                    .satisfies(e -> {
                        assertThat(((ConnectorException) e).code()).isEqualTo("SYNC-211");
                        assertThat(((ConnectorException) e).retriable()).isTrue();
                    });
            holder.createStatement().execute("SELECT pg_advisory_unlock(4242)");
            // The pool dropped the dead connection: the same sink still answers.
            assertThat(first.checkpoint(job, "s1").orElseThrow().rowsWritten()).isEqualTo(5000L);
            first.close();
        }

        Sink restarted = open(new PostgresSink(ENDPOINT, copyTarget, job, 1), schema);
        Checkpoint resumeFrom = restarted.checkpoint(job, "s1").orElseThrow();
        assertThat(resumeFrom.position().get("lastKey")).isEqualTo(5000L);
        assertThat(resumeFrom.rowsWritten()).isEqualTo(5000L);
        copyFrom(restarted, schema, job, (Long) resumeFrom.position().get("lastKey"));

        String fingerprint = "SELECT count(*) || ' ' || count(DISTINCT id) || ' ' || sum(hashtext(t::text))"
                + " FROM (SELECT id, name, amount, seen_tz FROM %s) t";
        String source = queryString(fingerprint.formatted("it.source"));
        assertThat(source).startsWith("10000 10000 ");
        assertThat(queryString(fingerprint.formatted("it.copy"))).isEqualTo(source);
    }

    @Test
    void aWriterWhoseDirectCopyClashesAfterAnotherFellBackToStagingUpsertsToo() throws Exception {
        // Two splits upsert into an empty table, so both start by COPYing straight into it. Writer B's COPY waits on
        // key 5, which another session holds uncommitted; meanwhile writer A clashes on a key its own chunk repeats
        // and turns the direct path off for the run. When key 5 is committed, B's direct attempt clashes too: it is
        // written again through staging, not failed as a constraint violation.
        Sink sink = sink(WriteMode.UPSERT, 2);
        try (Connection holder = connect()) {
            holder.setAutoCommit(false);
            holder.createStatement().execute("INSERT INTO it.items (id, name) VALUES (5, 'held')");
            CompletableFuture<Long> b = CompletableFuture.supplyAsync(() ->
                    sink.write(chunk(List.of(fullRow(4), fullRow(5), fullRow(6)), 6), checkpoint("b", 6, 3)));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> "1"
                            .equals(queryString("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + DATABASE
                                    + "' AND wait_event_type = 'Lock' AND query LIKE 'COPY%'")));

            Object[] repeated = fullRow(20);
            repeated[5] = "written last";
            assertThat(sink.write(chunk(List.of(fullRow(20), repeated), 20), checkpoint("a", 20, 2)))
                    .isEqualTo(1);
            holder.commit();

            assertThat(b.get(10, TimeUnit.SECONDS)).isEqualTo(3);
        }
        assertThat(queryString("SELECT string_agg(id || '=' || name, ',' ORDER BY id) FROM it.items"))
                .isEqualTo("4=name 4,5=name 5,6=name 6,20=written last");
    }

    @Test
    void aColumnRetypedBetweenRunsNeverMeetsAStagingTableOfItsOldTypeOnASharedPool() throws SQLException {
        // One pool shared by both runs, as the registry shares one per connection: its session keeps the first run's
        // temp staging table, which must not be reused once the column's type changed.
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(URL);
        config.setUsername("postgres");
        config.setMaximumPoolSize(1);
        config.setAutoCommit(false);
        Schema schema = new Schema(
                List.of(new Column("id", DataType.BIGINT, false, 0, 0), Column.of("name", DataType.TEXT)),
                List.of("id"));
        try (HikariDataSource shared = new HikariDataSource(config)) {
            sql("CREATE TABLE it.retyped (id bigint PRIMARY KEY, name varchar(3))");
            TargetSpec target = target("it.retyped", WriteMode.UPSERT, List.of("id"), false);
            Sink first = open(new PostgresSink(ENDPOINT, shared, target, JOB, 1), schema);
            first.write(new Chunk(schema, List.<Object[]>of(new Object[] {1L, "abc"}), position(1), 0), cp(1));
            first.write(new Chunk(schema, List.<Object[]>of(new Object[] {1L, "xyz"}), position(1), 0), cp(1));
            first.close();

            sql("ALTER TABLE it.retyped ALTER COLUMN name TYPE varchar(20)");
            Sink second = open(new PostgresSink(ENDPOINT, shared, target, JOB, 1), schema);
            second.write(
                    new Chunk(schema, List.<Object[]>of(new Object[] {1L, "much longer than 3"}), position(1), 0),
                    cp(1));
        }
        assertThat(queryString("SELECT name FROM it.retyped WHERE id = 1")).isEqualTo("much longer than 3");
    }

    private static Position position(long lastKey) {
        return new Position(Map.of("lastKey", lastKey));
    }

    private static Checkpoint cp(long lastKey) {
        return new Checkpoint(JOB, "s1", position(lastKey), lastKey);
    }

    @Test
    void upserts100kRowsInChunksOf10kAndLogsTheRate() throws SQLException {
        Sink sink = sink(WriteMode.UPSERT);
        for (int pass = 1; pass <= 2; pass++) {
            long started = System.nanoTime();
            for (int c = 0; c < 10; c++) {
                List<Object[]> rows = new ArrayList<>(10_000);
                for (int r = 1; r <= 10_000; r++) {
                    rows.add(fullRow(c * 10_000L + r));
                }
                sink.write(chunk(rows, c * 10_000L + 10_000), checkpoint("s1", c * 10_000L + 10_000, 0));
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            log.info(
                    "COPY + upsert of 100000 rows ({}): {} s, {} rows/s",
                    pass == 1 ? "all inserted" : "all updated",
                    String.format("%.2f", seconds),
                    Math.round(100_000 / seconds));
        }
        assertThat(queryString("SELECT count(*) || ' ' || count(DISTINCT id) FROM it.items"))
                .isEqualTo("100000 100000");
    }

    /** Reads {@code it.source} after {@code lastKey} in chunks of 1000, as a keyset-paginating source would. */
    private static long copyFrom(Sink sink, Schema schema, String job, long lastKey) {
        long written = lastKey;
        try (Connection c = connect();
                PreparedStatement page = c.prepareStatement(
                        "SELECT id, name, amount, seen_tz FROM it.source WHERE id > ? ORDER BY id LIMIT 1000")) {
            while (true) {
                page.setLong(1, lastKey);
                List<Object[]> rows = new ArrayList<>();
                try (ResultSet rs = page.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Object[] {
                            rs.getLong(1), rs.getString(2), rs.getBigDecimal(3), rs.getObject(4, OffsetDateTime.class)
                        });
                    }
                }
                if (rows.isEmpty()) {
                    return written;
                }
                lastKey = (Long) rows.get(rows.size() - 1)[0];
                written += rows.size();
                Position position = new Position(Map.of("lastKey", lastKey));
                sink.write(new Chunk(schema, rows, position, 0), new Checkpoint(job, "s1", position, written));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void seedOldRows(int count) throws SQLException {
        sql(TargetTable.createTableSql(TABLE, SCHEMA, List.of("id")));
        sql("INSERT INTO it.items (id, name) SELECT g, 'old' FROM generate_series(1, " + count + ") g");
    }

    private Sink open(TargetSpec target, Schema schema) {
        return open(new PostgresSink(ENDPOINT, target, JOB, 1), schema);
    }

    private Sink open(Sink sink, Schema schema) {
        opened.add(sink);
        sink.prepare(schema);
        return sink;
    }

    private static TargetSpec target(String table, WriteMode mode, List<String> keys, boolean createTable) {
        return new TargetSpec(TargetType.JDBC, "target-db", table, mode, keys, createTable, java.util.Map.of());
    }

    private static List<Object[]> readRows(String table, Schema schema) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (Connection c = connect();
                ResultSet rs = c.createStatement()
                        .executeQuery(
                                "SELECT " + String.join(", ", schema.names()) + " FROM " + table + " ORDER BY id")) {
            while (rs.next()) {
                Object[] row = new Object[schema.size()];
                for (int i = 0; i < row.length; i++) {
                    DataType type = schema.column(i).type();
                    row[i] = switch (type) {
                        case BYTES -> rs.getBytes(i + 1);
                        case JSON -> rs.getString(i + 1);
                        default -> rs.getObject(i + 1, type.javaType());
                    };
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(URL, "postgres", "");
    }

    private static void sql(String... statements) throws SQLException {
        try (Connection c = connect();
                Statement st = c.createStatement()) {
            for (String statement : statements) {
                st.execute(statement);
            }
        }
    }

    private static String queryString(String query) throws SQLException {
        try (Connection c = connect();
                ResultSet rs = c.createStatement().executeQuery(query)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
