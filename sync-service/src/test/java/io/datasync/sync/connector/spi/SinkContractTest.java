package io.datasync.sync.connector.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.models.job.WriteMode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every {@link Sink} must do, whatever its target: rows arrive unchanged (NULLs, odd strings, every data type),
 * a chunk and its checkpoint commit together or not at all, upsert is idempotent by key, and several writer threads
 * may write their own splits at once. A connector's integration test extends this class and says how to empty the
 * target and read it back.
 */
public abstract class SinkContractTest {

    protected static final String JOB = "contract-job";

    /** One column per data type, keyed by {@code id}. */
    protected static final Schema SCHEMA = new Schema(
            List.of(
                    new Column("id", DataType.BIGINT, false, 0, 0),
                    Column.of("flag", DataType.BOOLEAN),
                    Column.of("small", DataType.INT),
                    new Column("amount", DataType.DECIMAL, true, 14, 4),
                    Column.of("ratio", DataType.DOUBLE),
                    Column.of("name", DataType.TEXT),
                    Column.of("born", DataType.DATE),
                    Column.of("alarm", DataType.TIME),
                    Column.of("seen", DataType.TIMESTAMP),
                    Column.of("seen_tz", DataType.TIMESTAMPTZ),
                    Column.of("ref", DataType.UUID),
                    Column.of("blob", DataType.BYTES),
                    Column.of("doc", DataType.JSON)),
            List.of("id"));

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<Sink> sinks = new ArrayList<>();

    /** Makes the target empty: no rows, no checkpoints, no leftovers of an earlier test. */
    protected abstract void emptyTarget() throws Exception;

    /**
     * A new, unprepared sink of job {@link #JOB} for {@link #SCHEMA} over the current target, which is keyed by
     * {@code id} (the sink may create it).
     */
    protected abstract Sink newSink(WriteMode mode, int parallelism);

    /** The target's rows ordered by {@code id}, each value of its column type's Java class (or null). */
    protected abstract List<Object[]> readTarget() throws Exception;

    @BeforeEach
    void startFromAnEmptyTarget() throws Exception {
        emptyTarget();
    }

    @AfterEach
    void closeSinks() {
        sinks.forEach(Sink::close);
        sinks.clear();
    }

    /** A prepared sink, closed after the test. */
    protected Sink sink(WriteMode mode, int parallelism) {
        Sink sink = newSink(mode, parallelism);
        sinks.add(sink);
        sink.prepare(SCHEMA);
        return sink;
    }

    protected Sink sink(WriteMode mode) {
        return sink(mode, 1);
    }

    @Test
    void writesEveryRowOfEveryChunkWithEveryDataTypeIntact() throws Exception {
        Sink sink = sink(WriteMode.INSERT);
        List<Object[]> first = List.of(fullRow(1), fullRow(2), fullRow(3));
        List<Object[]> second = List.of(fullRow(4), extremeRow(5));

        assertThat(sink.write(chunk(first, 3), checkpoint("s1", 3, 3))).isEqualTo(3);
        assertThat(sink.write(chunk(second, 5), checkpoint("s1", 5, 5))).isEqualTo(2);

        List<Object[]> all = new ArrayList<>(first);
        all.addAll(second);
        assertSameRows(readTarget(), all);
    }

    /** Positions travel as JSON, so integers come back as {@code Long} whatever their Java type was. */
    @Test
    void storesEachSplitsCheckpointWithItsChunkAndReadsItBackAfterARestart() {
        Sink sink = sink(WriteMode.UPSERT);
        assertThat(sink.checkpoint(JOB, "s1")).isEmpty();

        sink.write(chunk(List.<Object[]>of(fullRow(1)), 1), checkpoint("s1", 1, 1));
        sink.write(chunk(List.<Object[]>of(fullRow(2)), 2), checkpoint("s1", 2, 2));
        Position watermark =
                new Position(Map.of("watermark", "2026-11-27T10:00:00Z", "lastKey", 7L, "big", 5_000_000_000L));
        sink.write(chunk(List.<Object[]>of(fullRow(7)), 7), new Checkpoint(JOB, "s2", watermark, 1));
        sink.close();

        Sink restarted = sink(WriteMode.UPSERT);
        assertThat(restarted.checkpoint(JOB, "s1")).contains(checkpoint("s1", 2, 2));
        assertThat(restarted.checkpoint(JOB, "s2")).contains(new Checkpoint(JOB, "s2", watermark, 1));
        assertThat(restarted.checkpoint(JOB, "s3")).isEmpty();
        assertThat(restarted.checkpoint("another-job", "s1")).isEmpty();
    }

    @Test
    void upsertIsIdempotentByKeySoAReplayedChunkLeavesOneRowPerKey() throws Exception {
        Sink sink = sink(WriteMode.UPSERT);
        List<Object[]> rows = List.of(fullRow(1), fullRow(2), fullRow(3));

        sink.write(chunk(rows, 3), checkpoint("s1", 3, 3));
        sink.write(chunk(rows, 3), checkpoint("s1", 3, 3));
        assertSameRows(readTarget(), rows);

        Object[] changed = fullRow(2);
        changed[5] = "changed";
        changed[3] = null;
        assertThat(sink.write(chunk(List.of(changed, fullRow(4)), 4), checkpoint("s1", 4, 5)))
                .isEqualTo(2);
        assertSameRows(readTarget(), List.of(fullRow(1), changed, fullRow(3), fullRow(4)));
    }

    @Test
    void upsertKeepsTheLastRowOfAKeyThatAppearsTwiceInOneChunk() throws Exception {
        Sink sink = sink(WriteMode.UPSERT);
        Object[] early = fullRow(1);
        Object[] late = fullRow(1);
        late[5] = "last one wins";

        long written = sink.write(chunk(List.of(early, fullRow(2), late), 2), checkpoint("s1", 2, 3));

        assertThat(written).isEqualTo(2);
        assertSameRows(readTarget(), List.of(late, fullRow(2)));
    }

    @Test
    void anEmptyChunkWritesNoRowsButAdvancesTheCheckpoint() throws Exception {
        Sink sink = sink(WriteMode.INSERT);
        sink.write(chunk(List.<Object[]>of(fullRow(1)), 1), checkpoint("s1", 1, 1));

        assertThat(sink.write(chunk(List.of(), 50), checkpoint("s1", 50, 1))).isZero();

        assertSameRows(readTarget(), List.<Object[]>of(fullRow(1)));
        assertThat(sink.checkpoint(JOB, "s1")).contains(checkpoint("s1", 50, 1));
    }

    @Test
    void nullsSurviveInEveryColumnButTheKey() throws Exception {
        Sink sink = sink(WriteMode.INSERT);
        Object[] empty = new Object[SCHEMA.size()];
        empty[0] = 1L;

        sink.write(chunk(List.<Object[]>of(empty), 1), checkpoint("s1", 1, 1));

        assertSameRows(readTarget(), List.<Object[]>of(empty));
    }

    @Test
    void oddStringsArriveUnchangedAndAnEmptyStringStaysDistinctFromNull() throws Exception {
        List<String> odd = List.of(
                "",
                " ",
                "\t",
                "a\tb",
                "line1\nline2",
                "crlf\r\n",
                "\\",
                "\\N",
                "\\.",
                "back\\slash\\n",
                "'single'",
                "\"double\"",
                "\"quoted, with comma\"",
                "NULL",
                "null",
                "日本語テキスト",
                "emoji 😀🚀",
                "e\u0301 combining",
                "x".repeat(10_000));
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < odd.size(); i++) {
            Object[] row = new Object[SCHEMA.size()];
            row[0] = (long) i + 1;
            row[5] = odd.get(i);
            row[12] = JSON.writeValueAsString(Map.of("s", odd.get(i)));
            rows.add(row);
        }
        Object[] nullName = new Object[SCHEMA.size()];
        nullName[0] = 1000L;
        rows.add(nullName);

        Sink sink = sink(WriteMode.UPSERT);
        sink.write(chunk(rows, 1000), checkpoint("s1", 1000, rows.size()));

        assertSameRows(readTarget(), rows);
    }

    @Test
    void aChunkThatFailsCommitsNeitherItsRowsNorItsCheckpoint() throws Exception {
        Sink sink = sink(WriteMode.INSERT);
        sink.write(chunk(List.of(fullRow(1), fullRow(2)), 2), checkpoint("s1", 2, 2));

        List<Object[]> clashing = List.of(fullRow(3), fullRow(1));
        assertThatThrownBy(() -> sink.write(chunk(clashing, 3), checkpoint("s1", 3, 4)))
                .isInstanceOfSatisfying(
                        ConnectorException.class, e -> assertThat(e.retriable()).isFalse());

        assertSameRows(readTarget(), List.of(fullRow(1), fullRow(2)));
        assertThat(sink.checkpoint(JOB, "s1")).contains(checkpoint("s1", 2, 2));
    }

    @Test
    void severalThreadsWriteTheirOwnSplitsAtOnce() throws Exception {
        int splits = 4;
        int chunksPerSplit = 5;
        int rowsPerChunk = 200;
        Sink sink = sink(WriteMode.UPSERT, splits);
        ExecutorService writers = Executors.newFixedThreadPool(splits);
        try {
            List<Future<Long>> written = new ArrayList<>();
            for (int s = 0; s < splits; s++) {
                int split = s;
                written.add(writers.submit(() -> {
                    long total = 0;
                    for (int c = 0; c < chunksPerSplit; c++) {
                        List<Object[]> rows = new ArrayList<>();
                        long base = (long) split * 1_000_000 + (long) c * rowsPerChunk;
                        for (int r = 1; r <= rowsPerChunk; r++) {
                            rows.add(fullRow(base + r));
                        }
                        total += sink.write(
                                chunk(rows, base + rowsPerChunk),
                                checkpoint("split-" + split, base + rowsPerChunk, total + rowsPerChunk));
                    }
                    return total;
                }));
            }
            for (Future<Long> future : written) {
                assertThat(future.get(2, TimeUnit.MINUTES)).isEqualTo((long) chunksPerSplit * rowsPerChunk);
            }
        } finally {
            writers.shutdownNow();
        }

        assertThat(readTarget()).hasSize(splits * chunksPerSplit * rowsPerChunk);
        for (int s = 0; s < splits; s++) {
            long last = (long) s * 1_000_000 + (long) chunksPerSplit * rowsPerChunk;
            assertThat(sink.checkpoint(JOB, "split-" + s))
                    .contains(checkpoint("split-" + s, last, (long) chunksPerSplit * rowsPerChunk));
        }
    }

    /** A row with a value in every column, derived from its key so equal keys give equal rows. */
    protected static Object[] fullRow(long id) {
        return new Object[] {
            id,
            id % 2 == 0,
            (int) (id % 1000) - 500,
            new BigDecimal(id + ".1250"),
            id / 7.0,
            "name " + id,
            LocalDate.of(2000, 1, 1).plusDays(id),
            LocalTime.of(12, 30, 15, 123_456_000),
            LocalDateTime.of(2026, 11, 27, 10, 0, 0, 250_000_000).plusMinutes(id),
            OffsetDateTime.of(2026, 11, 27, 10, 0, 0, 0, ZoneOffset.ofHoursMinutes(5, 30))
                    .plusSeconds(id),
            new UUID(id, ~id),
            new byte[] {(byte) id, 0, '\\', '\n', '\t', (byte) 0xff},
            "{\"id\": " + id + ", \"tags\": [\"a\", \"b\"]}"
        };
    }

    /** Values at the edges of their types. */
    protected static Object[] extremeRow(long id) {
        return new Object[] {
            id,
            false,
            Integer.MIN_VALUE,
            new BigDecimal("-9999999999.9999"),
            Double.NaN,
            "",
            LocalDate.of(1, 1, 1),
            LocalTime.MIDNIGHT,
            LocalDateTime.of(1970, 1, 1, 0, 0),
            OffsetDateTime.of(1999, 12, 31, 23, 59, 59, 999_999_000, ZoneOffset.ofHours(-12)),
            new UUID(0, 0),
            new byte[0],
            "{}"
        };
    }

    protected static Chunk chunk(List<Object[]> rows, long lastKey) {
        return new Chunk(SCHEMA, rows, new Position(Map.of("lastKey", lastKey)), 0);
    }

    protected static Checkpoint checkpoint(String split, long lastKey, long rowsWritten) {
        return new Checkpoint(JOB, split, new Position(Map.of("lastKey", lastKey)), rowsWritten);
    }

    /**
     * Compares rows value by value after normalising what a round trip may legitimately change: decimal scale, the
     * offset of an instant, JSON whitespace and key order; byte arrays by content.
     */
    protected static void assertSameRows(List<Object[]> actual, List<Object[]> expected) {
        assertThat(actual.stream().map(SinkContractTest::normalize).toList())
                .containsExactlyElementsOf(
                        expected.stream().map(SinkContractTest::normalize).toList());
    }

    private static List<Object> normalize(Object[] row) {
        List<Object> values = new ArrayList<>(row.length);
        for (int i = 0; i < row.length; i++) {
            Object value = row[i];
            if (value instanceof BigDecimal d) {
                value = d.stripTrailingZeros();
            } else if (value instanceof OffsetDateTime t) {
                value = t.toInstant();
            } else if (value instanceof byte[] bytes) {
                value = "bytes:" + HexFormat.of().formatHex(bytes);
            } else if (value instanceof String s && SCHEMA.column(i).type() == DataType.JSON) {
                value = JSON.readTree(s);
            }
            values.add(value);
        }
        return values;
    }
}
