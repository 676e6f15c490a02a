package io.datasync.sync.connector.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Kept columns follow their rows through a transform's selection; deletes stay as they are. */
class RowChangesTest {

    private static final Schema SCHEMA = new Schema(
            List.of(new Column("id", DataType.INT, false, 0, 0), new Column("doc", DataType.TEXT, true, 0, 0)),
            List.of("id"));

    @Test
    void selectingRowsKeepsEachRowsKeptColumns() {
        RowChanges changes = new RowChanges(
                Arrays.asList(null, Set.of("doc"), null),
                List.of("id"),
                List.<Object[]>of(new Object[] {9}),
                List.of(Instant.EPOCH),
                null);
        RowChanges kept = changes.select(new int[] {1, 2});
        assertThat(kept.unchanged(0)).containsExactly("doc");
        assertThat(kept.unchanged(1)).isEmpty();
        assertThat(kept.deletes()).hasSize(1);
    }

    @Test
    void aChunkWithOtherRowsDropsTheKeptColumnsButNotTheDeletes() {
        RowChanges changes = new RowChanges(
                Arrays.asList(Set.of("doc"), null),
                List.of("id"),
                List.<Object[]>of(new Object[] {9}),
                List.of(Instant.EPOCH),
                null);
        Chunk chunk = new Chunk(
                SCHEMA, List.of(new Object[] {1, null}, new Object[] {2, "b"}), Position.START, 10, List.of(), changes);
        Chunk filtered = chunk.with(SCHEMA, List.<Object[]>of(new Object[] {2, "b"}));
        assertThat(filtered.changes().unchanged()).isNull();
        assertThat(filtered.changes().deletes()).hasSize(1);
        assertThatThrownBy(() -> chunk.withChanges(changes.select(new int[] {0, 1, 1})))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
