package io.datasync.sync.connector.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The checks every {@link Source} must pass, whatever it reads. A connector's test extends this class and supplies a
 * fixture: a data set of {@code n} rows keyed {@code 1..n} in the column {@link #keyColumn()}, in which every row whose
 * key is a multiple of 7 holds NULL in every other column, and a source reading it.
 */
public abstract class SourceContractTest {

    /** Creates a fresh data set of {@code rows} rows as described in the class comment and returns its name. */
    protected abstract String createDataset(int rows);

    /** A source over the data set, splitting it into up to {@code parallelism} parts. */
    protected abstract Source buildSource(String dataset, int parallelism);

    /** The names of the data set's columns, in the order the source reports them. */
    protected abstract List<String> expectedColumns();

    protected String keyColumn() {
        return "id";
    }

    @Test
    void everyRowIsReadExactlyOnceAcrossSplits() {
        String dataset = createDataset(1000);
        try (Source source = buildSource(dataset, 4)) {
            List<Long> keys = new ArrayList<>();
            for (Split split : source.splits()) {
                keys.addAll(keys(source.schema(), readAll(source, split, Position.START, 97)));
            }
            assertThat(keys).hasSize(1000).doesNotHaveDuplicates();
            assertThat(keys).containsExactlyInAnyOrderElementsOf(range(1, 1000));
        }
    }

    @Test
    void chunksNeverHoldMoreRowsThanAskedFor() {
        String dataset = createDataset(500);
        try (Source source = buildSource(dataset, 2)) {
            for (Split split : source.splits()) {
                for (Chunk chunk : readAll(source, split, Position.START, 64)) {
                    assertThat(chunk.size()).isBetween(1, 64);
                    assertThat(chunk.bytes()).isPositive();
                }
            }
        }
    }

    @Test
    void resumingFromAnyChunkPositionYieldsExactlyTheRemainingRows() {
        String dataset = createDataset(300);
        try (Source source = buildSource(dataset, 2)) {
            for (Split split : source.splits()) {
                List<Chunk> chunks = readAll(source, split, Position.START, 40);
                for (int i = 0; i < chunks.size(); i++) {
                    List<Long> remaining = keys(source.schema(), chunks.subList(i + 1, chunks.size()));
                    List<Long> resumed = keys(
                            source.schema(),
                            readAll(source, split, chunks.get(i).position(), 40));
                    assertThat(resumed)
                            .as(
                                    "split %s resumed after chunk %d at %s",
                                    split.id(), i, chunks.get(i).position())
                            .containsExactlyElementsOf(remaining);
                }
            }
        }
    }

    @Test
    void anEmptyDatasetYieldsNoRows() {
        String dataset = createDataset(0);
        try (Source source = buildSource(dataset, 4)) {
            assertThat(source.schema().names()).containsExactlyElementsOf(expectedColumns());
            for (Split split : source.splits()) {
                assertThat(readAll(source, split, Position.START, 10)).isEmpty();
            }
        }
    }

    @Test
    void theSchemaNamesTheColumnsAndEveryValueHasItsTypesJavaClass() {
        String dataset = createDataset(50);
        try (Source source = buildSource(dataset, 1)) {
            Schema schema = source.schema();
            assertThat(schema.names()).containsExactlyElementsOf(expectedColumns());
            assertThat(schema.keys()).containsExactly(keyColumn());
            int rows = 0;
            for (Split split : source.splits()) {
                for (Chunk chunk : readAll(source, split, Position.START, 20)) {
                    assertThat(chunk.schema()).isEqualTo(schema);
                    for (Object[] row : chunk.rows()) {
                        rows++;
                        for (int i = 0; i < row.length; i++) {
                            if (row[i] != null) {
                                assertThat(row[i])
                                        .as("column %s", schema.column(i).name())
                                        .isInstanceOf(schema.column(i).type().javaType());
                            }
                        }
                    }
                }
            }
            assertThat(rows).isEqualTo(50);
        }
    }

    @Test
    void rowsWithNullInEveryNonKeyColumnComeBackAsNulls() {
        String dataset = createDataset(30);
        try (Source source = buildSource(dataset, 1)) {
            Schema schema = source.schema();
            int key = schema.indexOf(keyColumn()).orElseThrow();
            Map<Long, Object[]> byKey = new HashMap<>();
            for (Split split : source.splits()) {
                for (Chunk chunk : readAll(source, split, Position.START, 100)) {
                    chunk.rows().forEach(row -> byKey.put(((Number) row[key]).longValue(), row));
                }
            }
            for (long k : List.of(7L, 14L, 21L, 28L)) {
                Object[] row = byKey.get(k);
                for (int i = 0; i < row.length; i++) {
                    if (i != key) {
                        assertThat(row[i])
                                .as("row %d column %s", k, schema.column(i).name())
                                .isNull();
                    }
                }
            }
            Object[] full = byKey.get(1L);
            for (int i = 0; i < full.length; i++) {
                assertThat(full[i])
                        .as("row 1 column %s", schema.column(i).name())
                        .isNotNull();
            }
        }
    }

    @Test
    void closingAReaderTwiceOrBeforeReadingIsHarmless() {
        String dataset = createDataset(10);
        try (Source source = buildSource(dataset, 1)) {
            Split split = source.splits().get(0);
            SplitReader unused = source.open(split, Position.START);
            assertThatCode(() -> {
                        unused.close();
                        unused.close();
                    })
                    .doesNotThrowAnyException();
            SplitReader reader = source.open(split, Position.START);
            assertThat(reader.next(3)).isPresent();
            assertThatCode(() -> {
                        reader.close();
                        reader.close();
                    })
                    .doesNotThrowAnyException();
        }
    }

    /** Reads a split to its end, closing the reader. */
    protected static List<Chunk> readAll(Source source, Split split, Position from, int maxRows) {
        List<Chunk> chunks = new ArrayList<>();
        try (SplitReader reader = source.open(split, from)) {
            for (var chunk = reader.next(maxRows); chunk.isPresent(); chunk = reader.next(maxRows)) {
                chunks.add(chunk.get());
            }
        }
        return chunks;
    }

    /** The key of every row of the chunks, in order. */
    protected List<Long> keys(Schema schema, List<Chunk> chunks) {
        int key = schema.indexOf(keyColumn()).orElseThrow();
        List<Long> keys = new ArrayList<>();
        for (Chunk chunk : chunks) {
            chunk.rows().forEach(row -> keys.add(((Number) row[key]).longValue()));
        }
        return keys;
    }

    protected static List<Long> range(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().toList();
    }
}
