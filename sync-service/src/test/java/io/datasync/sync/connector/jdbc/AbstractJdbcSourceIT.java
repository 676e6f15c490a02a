package io.datasync.sync.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.models.job.IncrementalMode;
import io.datasync.models.job.IncrementalSpec;
import io.datasync.models.job.SourceSpec;
import io.datasync.models.job.SourceType;
import io.datasync.models.job.SplitSpec;
import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.Source;
import io.datasync.sync.connector.spi.SourceContractTest;
import io.datasync.sync.connector.spi.Split;
import io.datasync.sync.connector.spi.SplitReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The source contract plus the JDBC source's own behaviour, against a real database; subclasses say which and how
 * its tables are declared. Each test creates its own tables in a database this class recreates.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractJdbcSourceIT extends SourceContractTest {

    static final String DATABASE = "datasync_jdbcsrc_it";
    static final LocalDateTime EPOCH = LocalDateTime.of(2026, 1, 1, 0, 0);

    private final AtomicInteger tables = new AtomicInteger();

    /** The test database, as the sources under test reach it. */
    protected abstract JdbcEndpoint endpoint();

    /** Recreates {@link #DATABASE}, empty. */
    protected abstract void recreateDatabase() throws SQLException;

    protected abstract void dropDatabase() throws SQLException;

    /**
     * The fixture table: {@code id} (BIGINT), {@code name} (VARCHAR(40)), {@code amount} (DECIMAL(12,2)), {@code
     * ratio} (DOUBLE), {@code born} (DATE), {@code updated_at} (TIMESTAMP), {@code active} (BOOLEAN), {@code payload}
     * (binary); {@code id} is the primary key when {@code keyed}, else nullable.
     */
    protected abstract String fixtureTable(String table, boolean keyed);

    /** An endpoint the database refuses to log in with the given password. */
    protected abstract JdbcEndpoint refusedLogin(String password);

    @BeforeAll
    void createDatabase() throws SQLException {
        recreateDatabase();
    }

    @AfterAll
    void removeDatabase() throws SQLException {
        dropDatabase();
    }

    @Override
    protected String createDataset(int rows) {
        String table = newTable(true);
        insert(table, 1, rows);
        return table;
    }

    @Override
    protected Source buildSource(String dataset, int parallelism) {
        SplitSpec split = parallelism > 1 ? new SplitSpec("id", parallelism) : null;
        return new JdbcSource(endpoint(), spec(dataset, null, IncrementalSpec.FULL, split));
    }

    @Override
    protected List<String> expectedColumns() {
        return List.of("id", "name", "amount", "ratio", "born", "updated_at", "active", "payload");
    }

    @Test
    void theFixtureColumnsMapToTheirDataTypesWithPrecisionAndScale() {
        try (Source source = buildSource(createDataset(0), 1)) {
            assertThat(source.schema().columns())
                    .containsExactly(
                            new Column("id", DataType.BIGINT, false, 0, 0),
                            new Column("name", DataType.TEXT, true, 40, 0),
                            new Column("amount", DataType.DECIMAL, true, 12, 2),
                            new Column("ratio", DataType.DOUBLE, true, 0, 0),
                            new Column("born", DataType.DATE, true, 0, 0),
                            new Column("updated_at", DataType.TIMESTAMP, true, 0, 0),
                            new Column("active", DataType.BOOLEAN, true, 0, 0),
                            new Column("payload", DataType.BYTES, true, 0, 0));
        }
    }

    @Test
    void aRefusedLoginIsPermanentSync101AndNeverShowsThePassword() {
        String password = "Xq9-very-secret-pw";
        JdbcSource source = new JdbcSource(refusedLogin(password), spec("anything", null, IncrementalSpec.FULL, null));

        assertThatThrownBy(source::schema).isInstanceOfSatisfying(ConnectorException.class, e -> {
            assertThat(e.code()).isEqualTo("SYNC-101");
            assertThat(e.retriable()).isFalse();
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            assertThat(trace.toString()).contains("login refused").doesNotContain(password);
        });
    }

    @Test
    void aMissingTableIsPermanentSync102NamingTheTable() {
        JdbcSource source = new JdbcSource(endpoint(), spec("no_such_table", null, IncrementalSpec.FULL, null));

        assertThatThrownBy(source::schema).isInstanceOfSatisfying(ConnectorException.class, e -> {
            assertThat(e.code()).isEqualTo("SYNC-102");
            assertThat(e.retriable()).isFalse();
            assertThat(e.getMessage()).contains("no_such_table");
        });
    }

    @Test
    void fourSplitsOfTenThousandRowsReadInParallelCoverEveryRowOnce() throws Exception {
        String table = createDataset(10_000);
        Map<Long, Integer> seen = new ConcurrentHashMap<>();
        try (Source source =
                new JdbcSource(endpoint(), spec(table, null, IncrementalSpec.FULL, new SplitSpec("id", 4)))) {
            List<Split> splits = source.splits();
            assertThat(splits)
                    .extracting(Split::id)
                    .containsExactly("id[1,2501)", "id[2501,5001)", "id[5001,7501)", "id[7501,10000]");
            // every reader has read a chunk before any goes on: the four are open at the same time
            CyclicBarrier allOpen = new CyclicBarrier(splits.size());
            ExecutorService pool = Executors.newFixedThreadPool(splits.size());
            try {
                List<Future<Integer>> reads = new ArrayList<>();
                for (Split split : splits) {
                    reads.add(pool.submit(() -> {
                        int rows = 0;
                        try (SplitReader reader = source.open(split, Position.START)) {
                            boolean first = true;
                            for (var chunk = reader.next(500); chunk.isPresent(); chunk = reader.next(500)) {
                                for (long key : keys(source.schema(), List.of(chunk.get()))) {
                                    seen.merge(key, 1, Integer::sum);
                                    rows++;
                                }
                                if (first) {
                                    allOpen.await(30, TimeUnit.SECONDS);
                                    first = false;
                                }
                            }
                        }
                        return rows;
                    }));
                }
                for (Future<Integer> read : reads) {
                    assertThat(read.get(60, TimeUnit.SECONDS)).isEqualTo(2500);
                }
            } finally {
                pool.shutdownNow();
            }
        }
        assertThat(seen).hasSize(10_000);
        assertThat(seen.values()).containsOnly(1);
    }

    @Test
    void timestampIncrementalWithASafetyLagPicksUpALateCommittedRow() throws SQLException {
        String table = newTable(true);
        IncrementalSpec tenMinutesLag =
                new IncrementalSpec(IncrementalMode.TIMESTAMP, "updated_at", Duration.ofMinutes(10));
        IncrementalSpec noLag = new IncrementalSpec(IncrementalMode.TIMESTAMP, "updated_at", Duration.ZERO);
        insert(table, 1, 5); // updated_at 00:01 … 00:05
        Map<String, Object> afterFirstRun;
        try (Connection late = connection()) {
            late.setAutoCommit(false);
            insertRow(late, table, 6, EPOCH.plusMinutes(4)); // stamped 00:04, committed after the first run
            try (JdbcSource first = new JdbcSource(endpoint(), spec(table, null, tenMinutesLag, null), Map.of())) {
                assertThat(readKeys(first)).containsExactly(1L, 2L, 3L, 4L, 5L);
                afterFirstRun = first.nextState();
            }
            late.commit();
        }
        assertThat(afterFirstRun)
                .isEqualTo(Map.of("watermark", EPOCH.plusMinutes(5).toString()));
        try (Connection c = connection()) {
            insertRow(c, table, 7, EPOCH.plusMinutes(6));
        }

        try (JdbcSource second = new JdbcSource(endpoint(), spec(table, null, tenMinutesLag, null), afterFirstRun)) {
            // ordered by (updated_at, id): the late row sits between 4 and 5; 1 … 5 are re-read within the lag
            assertThat(readKeys(second)).containsExactly(1L, 2L, 3L, 4L, 6L, 5L, 7L);
            assertThat(second.nextState())
                    .isEqualTo(Map.of("watermark", EPOCH.plusMinutes(6).toString()));
        }
        try (JdbcSource withoutLag = new JdbcSource(endpoint(), spec(table, null, noLag, null), afterFirstRun)) {
            assertThat(readKeys(withoutLag))
                    .as("without a lag the late row is lost")
                    .containsExactly(7L);
        }
    }

    /**
     * A split column without a unique index orders nothing: read as keys, the rows sharing a value across a chunk
     * boundary would be skipped. Without a primary key or a unique index on it, a table (and any query) is streamed per
     * split instead, and every row arrives once.
     */
    @Test
    void aSplitColumnThatIsNotUniqueLosesNoRowAtChunkBoundaries() throws SQLException {
        String table = newTable(false);
        insert(table, 1, 100);
        execute("UPDATE " + table + " SET id = id / 10");
        for (SourceSpec spec : List.of(
                spec(table, null, IncrementalSpec.FULL, new SplitSpec("id", 2)),
                spec(null, "SELECT * FROM " + table, IncrementalSpec.FULL, new SplitSpec("id", 2)))) {
            try (JdbcSource source = new JdbcSource(endpoint(), spec)) {
                int rows = 0;
                for (Split split : source.splits()) {
                    assertThat(source.resumable(split))
                            .as("a split without a unique order is not resumed")
                            .isFalse();
                    rows += readAll(source, split, Position.START, 7).stream()
                            .mapToInt(Chunk::size)
                            .sum();
                }
                assertThat(rows).as(spec.toString()).isEqualTo(100);
            }
        }
        execute("CREATE UNIQUE INDEX " + table + "_name ON " + table + " (name)");
        String unique = newTable(false);
        insert(unique, 1, 100);
        execute("CREATE UNIQUE INDEX " + unique + "_id ON " + unique + " (id)");
        try (JdbcSource source =
                new JdbcSource(endpoint(), spec(unique, null, IncrementalSpec.FULL, new SplitSpec("id", 2)))) {
            assertThat(source.schema().keys())
                    .as("a unique index makes the split column a key")
                    .containsExactly("id");
            assertThat(source.splits())
                    .filteredOn(split -> !split.bounds().containsKey("nulls"))
                    .allSatisfy(split -> assertThat(source.resumable(split)).isTrue());
        }
    }

    /**
     * Hundreds of rows sharing one timestamp (a bulk update), across key-range splits, read in small chunks and resumed
     * from every position: each row exactly once, in (timestamp, key) order within a split.
     */
    @Test
    void timestampIncrementalReadsRowsSharingATimestampOnceEachAcrossSplits() throws SQLException {
        String table = newTable(true);
        try (Connection c = connection()) {
            for (long id = 1; id <= 300; id++) {
                insertRow(c, table, id, id % 50 == 0 ? EPOCH.plusMinutes(id) : EPOCH);
            }
        }
        IncrementalSpec incremental = new IncrementalSpec(IncrementalMode.TIMESTAMP, "updated_at", null);
        try (JdbcSource source = new JdbcSource(endpoint(), spec(table, null, incremental, new SplitSpec("id", 3)))) {
            List<Long> all = new ArrayList<>();
            for (Split split : source.splits()) {
                List<Chunk> chunks = readAll(source, split, Position.START, 7);
                List<Long> read = keys(source.schema(), chunks);
                for (int i = 0; i < chunks.size(); i += 5) {
                    assertThat(keys(
                                    source.schema(),
                                    readAll(source, split, chunks.get(i).position(), 7)))
                            .as("resumed after chunk %s of split %s", i, split.id())
                            .containsExactlyElementsOf(read.subList(
                                    chunks.subList(0, i + 1).stream()
                                            .mapToInt(Chunk::size)
                                            .sum(),
                                    read.size()));
                }
                all.addAll(read);
            }
            assertThat(all).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(range(1, 300));
        }
    }

    @Test
    void timestampIncrementalResumesBetweenRowsWithTheSameTimestamp() throws SQLException {
        String table = newTable(true);
        try (Connection c = connection()) {
            for (long id = 1; id <= 9; id++) {
                insertRow(c, table, id, EPOCH.plusMinutes(id % 3)); // three rows per timestamp
            }
        }
        IncrementalSpec incremental = new IncrementalSpec(IncrementalMode.TIMESTAMP, "updated_at", null);
        try (JdbcSource source = new JdbcSource(endpoint(), spec(table, null, incremental, null))) {
            Split split = source.splits().get(0);
            List<Chunk> chunks = readAll(source, split, Position.START, 2);
            assertThat(chunks.get(0).position().values())
                    .isEqualTo(Map.of("watermark", EPOCH.toString(), "lastKey", 6L));
            for (int i = 0; i < chunks.size(); i++) {
                assertThat(keys(
                                source.schema(),
                                readAll(source, split, chunks.get(i).position(), 2)))
                        .containsExactlyElementsOf(keys(source.schema(), chunks.subList(i + 1, chunks.size())));
            }
            assertThat(keys(source.schema(), chunks)).containsExactly(3L, 6L, 9L, 1L, 4L, 7L, 2L, 5L, 8L);
        }
    }

    @Test
    void pkRangeIncrementalReadsOnlyRowsAboveThePreviousRunsMaxKey() {
        String table = createDataset(20);
        IncrementalSpec pkRange = new IncrementalSpec(IncrementalMode.PK_RANGE, "id", null);
        Map<String, Object> state;
        try (JdbcSource first = new JdbcSource(endpoint(), spec(table, null, pkRange, null))) {
            assertThat(readKeys(first)).containsExactlyElementsOf(range(1, 20));
            state = first.nextState();
        }
        assertThat(state).isEqualTo(Map.of("maxKey", 20L));
        insert(table, 21, 25);
        // as the state comes back from JSON: a small number is an Integer
        try (JdbcSource second = new JdbcSource(endpoint(), spec(table, null, pkRange, null), Map.of("maxKey", 20))) {
            assertThat(readKeys(second)).containsExactlyElementsOf(range(21, 25));
            assertThat(second.nextState()).isEqualTo(Map.of("maxKey", 25L));
        }
        try (JdbcSource idle = new JdbcSource(endpoint(), spec(table, null, pkRange, null), Map.of("maxKey", 25))) {
            assertThat(readKeys(idle)).isEmpty();
        }
    }

    @Test
    void aCompositeKeyIsPagedByComparingRowValues() throws SQLException {
        String table = "composite_" + tables.incrementAndGet();
        execute("CREATE TABLE " + table + " (a INT NOT NULL, b VARCHAR(10) NOT NULL, v INT, PRIMARY KEY (a, b))");
        try (Connection c = connection();
                PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, ?)")) {
            for (int a = 5; a >= 1; a--) {
                for (String b : List.of("z", "x", "y")) {
                    insert.setInt(1, a);
                    insert.setString(2, b);
                    insert.setInt(3, a * 10);
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
        try (JdbcSource source = new JdbcSource(endpoint(), spec(table, null, IncrementalSpec.FULL, null))) {
            assertThat(source.schema().keys()).containsExactly("a", "b");
            Split split = source.splits().get(0);
            List<Chunk> chunks = readAll(source, split, Position.START, 4);
            assertThat(chunks).hasSize(4);
            assertThat(chunks.get(0).position().values()).isEqualTo(Map.of("lastKey", List.of(2, "x")));
            for (int i = 0; i < chunks.size(); i++) {
                assertThat(pairs(readAll(source, split, chunks.get(i).position(), 4)))
                        .containsExactlyElementsOf(pairs(chunks.subList(i + 1, chunks.size())));
            }
            assertThat(pairs(chunks)).hasSize(15).doesNotHaveDuplicates().startsWith("1x", "1y", "1z", "2x");
        }
    }

    @Test
    void aQueryIsSplitOnItsSplitColumn() {
        String table = createDataset(100);
        SourceSpec spec = new SourceSpec(
                SourceType.JDBC,
                "it",
                null,
                "SELECT id, name FROM " + table + " WHERE id <= 90;",
                null,
                new SplitSpec("id", 3),
                Map.of());
        try (JdbcSource source = new JdbcSource(endpoint(), spec)) {
            assertThat(source.schema().names()).containsExactly("id", "name");
            assertThat(source.schema().keys())
                    .as("nothing says a query's split column is unique: its splits are streamed, not read by key")
                    .isEmpty();
            List<Long> keys = new ArrayList<>();
            for (Split split : source.splits()) {
                keys.addAll(keys(source.schema(), readAll(source, split, Position.START, 25)));
            }
            assertThat(keys).containsExactlyInAnyOrderElementsOf(range(1, 90));
        }
    }

    @Test
    void aTableWithoutKeyIsStreamedAndAResumeStartsOverIncludingARowOfNullsOnly() throws SQLException {
        String table = newTable(false);
        insert(table, 1, 4);
        execute("INSERT INTO " + table + " (id) VALUES (NULL)");
        try (JdbcSource source = new JdbcSource(endpoint(), spec(table, null, IncrementalSpec.FULL, null))) {
            assertThat(source.schema().keys()).isEmpty();
            Split split = source.splits().get(0);
            List<Chunk> chunks = readAll(source, split, Position.START, 2);
            assertThat(chunks).extracting(Chunk::size).containsExactly(2, 2, 1);
            assertThat(chunks.get(1).position().values()).isEqualTo(Map.of("offset", 4L));
            List<Object[]> rows =
                    chunks.stream().flatMap(c -> c.rows().stream()).toList();
            assertThat(rows).anySatisfy(row -> assertThat(row).containsOnlyNulls());
            assertThat(rows).filteredOn(row -> row[0] != null).hasSize(4);
            int resumed = readAll(source, split, chunks.get(0).position(), 2).stream()
                    .mapToInt(Chunk::size)
                    .sum();
            assertThat(resumed)
                    .as("no stable order without a key: a resume reads everything")
                    .isEqualTo(5);
        }
    }

    @Test
    void timestampIncrementalWithoutAKeyIsRefusedAsInvalid() {
        String table = newTable(false);
        IncrementalSpec incremental = new IncrementalSpec(IncrementalMode.TIMESTAMP, "updated_at", null);
        JdbcSource source = new JdbcSource(endpoint(), spec(table, null, incremental, null));
        assertThatThrownBy(source::schema)
                .isInstanceOfSatisfying(
                        ConnectorException.class, e -> assertThat(e.code()).isEqualTo("SYNC-001"))
                .hasMessageContaining("primary key");
    }

    @Test
    void aSplitColumnThatIsNotAnIntegerIsRefusedAsInvalid() {
        String table = createDataset(3);
        JdbcSource source =
                new JdbcSource(endpoint(), spec(table, null, IncrementalSpec.FULL, new SplitSpec("name", 2)));
        assertThatThrownBy(source::splits)
                .isInstanceOfSatisfying(
                        ConnectorException.class, e -> assertThat(e.code()).isEqualTo("SYNC-001"))
                .hasMessageContaining("integer");
    }

    protected static SourceSpec spec(String table, String query, IncrementalSpec incremental, SplitSpec split) {
        return new SourceSpec(SourceType.JDBC, "it", table, query, incremental, split, Map.of());
    }

    protected String newTable(boolean keyed) {
        String table = (keyed ? "rows_" : "heap_") + tables.incrementAndGet();
        execute(fixtureTable(table, keyed));
        return table;
    }

    protected Connection connection() throws SQLException {
        JdbcEndpoint e = endpoint();
        return DriverManager.getConnection(e.url(), e.user(), e.password());
    }

    protected void execute(String sql) {
        try (Connection c = connection();
                Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Rows {@code first..last}; a row whose id is a multiple of 7 holds NULL in every other column. */
    protected void insert(String table, long first, long last) {
        if (last < first) {
            return;
        }
        try (Connection c = connection();
                PreparedStatement insert = c.prepareStatement("INSERT INTO " + table
                        + " (id, name, amount, ratio, born, updated_at, active, payload)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (long id = first; id <= last; id++) {
                boolean nulls = id % 7 == 0;
                insert.setLong(1, id);
                insert.setObject(2, nulls ? null : "name-" + id);
                insert.setObject(3, nulls ? null : BigDecimal.valueOf(id * 125, 2));
                insert.setObject(4, nulls ? null : id / 8.0);
                insert.setObject(5, nulls ? null : LocalDate.of(2020, 1, 1).plusDays(id));
                insert.setObject(6, nulls ? null : EPOCH.plusMinutes(id));
                insert.setObject(7, nulls ? null : id % 2 == 0);
                insert.setObject(8, nulls ? null : new byte[] {(byte) id, 1, 2});
                insert.addBatch();
                if (id % 1000 == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void insertRow(Connection c, String table, long id, LocalDateTime updatedAt) throws SQLException {
        try (PreparedStatement insert =
                c.prepareStatement("INSERT INTO " + table + " (id, name, updated_at) VALUES (?, ?, ?)")) {
            insert.setLong(1, id);
            insert.setString(2, "name-" + id);
            insert.setObject(3, updatedAt);
            insert.executeUpdate();
        }
    }

    private List<Long> readKeys(Source source) {
        List<Long> keys = new ArrayList<>();
        for (Split split : source.splits()) {
            keys.addAll(keys(source.schema(), readAll(source, split, Position.START, 3)));
        }
        return keys;
    }

    private static List<String> pairs(List<Chunk> chunks) {
        return chunks.stream()
                .flatMap(c -> c.rows().stream())
                .map(row -> String.valueOf(row[0]) + row[1])
                .toList();
    }
}
