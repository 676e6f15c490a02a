package io.datasync.quality.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.models.quality.ReplayRow;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReplayBatchesTest {

    private static List<ReplayRow> rows(int n, String value) {
        return IntStream.range(0, n)
                .mapToObj(i -> new ReplayRow("id-" + i, Map.of("v", value)))
                .toList();
    }

    @Test
    void cutsAfterTheMaximumRowsKeepingTheOrder() {
        List<List<ReplayRow>> batches = ReplayBatches.split(rows(1201, "x"), 500, ReplayBatches.MAX_CHARS);

        assertThat(batches).extracting(List::size).containsExactly(500, 500, 201);
        assertThat(batches.get(1).get(0).id()).isEqualTo("id-500");
    }

    @Test
    void cutsEarlierWhenTheRowsWouldMakeTooLargeAnEvent() {
        List<List<ReplayRow>> batches = ReplayBatches.split(rows(10, "y".repeat(1000)), 500, 3000);

        assertThat(batches).allSatisfy(b -> assertThat(b.size()).isLessThanOrEqualTo(2));
        assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(10);
    }

    @Test
    void aRowLargerThanTheBudgetStillGoesAlone() {
        assertThat(ReplayBatches.split(rows(2, "z".repeat(5000)), 500, 1000))
                .extracting(List::size)
                .containsExactly(1, 1);
        assertThat(ReplayBatches.split(List.of(), 500, 1000)).isEmpty();
    }
}
