package io.datasync.sync.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.KeyAggregates;
import io.datasync.sync.connector.spi.Schema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyTallyTest {

    private static final Schema SCHEMA =
            new Schema(List.of(Column.of("id", DataType.BIGINT), Column.of("v", DataType.TEXT)), List.of("id"));

    @Test
    void eachRangeHoldsTheCountSumAndSumOfSquaresOfItsKeysExactly() {
        KeyTally tally = new KeyTally("id");
        long big = 9_000_000_000_000_000L; // squares far beyond a long
        tally.add(SCHEMA, rows(-1L, 5L, 999L, 1000L, big, big + 1, null));

        Map<Long, KeyAggregates.Aggregate> ranges = tally.ranges();

        assertThat(ranges.keySet()).containsExactly(-1000L, 0L, 1000L, big);
        assertThat(ranges.get(-1000L)).isEqualTo(aggregate(-1L));
        assertThat(ranges.get(0L)).isEqualTo(aggregate(5L, 999L));
        assertThat(ranges.get(big)).isEqualTo(aggregate(big, big + 1));
        assertThat(tally.incomplete()).isNull();
    }

    @Test
    void chunksFromSeveralThreadsAddUp() throws Exception {
        KeyTally tally = new KeyTally("id");
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            long from = t * 10_000L;
            Thread thread = new Thread(() -> {
                for (long k = from; k < from + 10_000; k += 100) {
                    Long[] keys = new Long[100];
                    for (int i = 0; i < 100; i++) {
                        keys[i] = k + i;
                    }
                    tally.add(SCHEMA, rows(keys));
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(tally.ranges())
                .hasSize(40)
                .allSatisfy((from, a) -> assertThat(a.rows()).isEqualTo(1000));
    }

    @Test
    void aKeyThatIsNotAnIntegerOrMissingMakesTheTallyIncompleteInsteadOfWrong() {
        KeyTally text = new KeyTally("v");
        text.add(SCHEMA, rows(1L));
        assertThat(text.incomplete()).isEqualTo("key v holds String values, not integers");

        KeyTally missing = new KeyTally("code");
        missing.add(SCHEMA, rows(1L));
        assertThat(missing.incomplete()).isEqualTo("the rows have no column code");
    }

    private static KeyAggregates.Aggregate aggregate(long... keys) {
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal squares = BigDecimal.ZERO;
        for (long k : keys) {
            sum = sum.add(BigDecimal.valueOf(k));
            squares = squares.add(BigDecimal.valueOf(k).multiply(BigDecimal.valueOf(k)));
        }
        return new KeyAggregates.Aggregate(keys.length, sum, squares);
    }

    private static List<Object[]> rows(Long... keys) {
        List<Object[]> rows = new ArrayList<>();
        for (Long k : keys) {
            rows.add(new Object[] {k, "x"});
        }
        return rows;
    }
}
