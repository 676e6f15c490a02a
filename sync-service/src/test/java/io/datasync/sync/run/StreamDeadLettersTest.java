package io.datasync.sync.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.PositionUpdate;
import io.datasync.sync.connector.spi.RejectedRecord;
import io.datasync.sync.connector.spi.StreamBatch;
import io.datasync.sync.transform.spi.RowError;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a micro-batch's refusals become as dead letters, and how the API shows their raw bytes. */
class StreamDeadLettersTest {

    private static final List<Object[]> ROWS = List.of(new Object[] {1L, "a"}, new Object[] {2L, "b"});

    @Test
    void aSourceRejectKeepsItsLocatorRawPayloadAndReason() {
        Chunk chunk = new Chunk(
                InMemoryStreamSource.SCHEMA,
                List.of(),
                offset(3),
                0,
                List.of(new RejectedRecord("mem/0@2", "not JSON", new byte[] {'{', 'x'})));
        List<DeadLetter> letters = StreamEngine.deadLetters(batch(chunk, update("mem/0", 3)), chunk, List.of());

        assertThat(letters).singleElement().satisfies(l -> {
            assertThat(l.locator()).isEqualTo("mem/0@2");
            assertThat(l.raw()).containsExactly('{', 'x');
            assertThat(l.reason()).isEqualTo("not JSON");
        });
    }

    @Test
    void aRowATransformRefusedIsFiledUnderItsBatchsPositionsAndIndexWithTheRowAsJson() {
        Chunk chunk = new Chunk(InMemoryStreamSource.SCHEMA, ROWS, offset(9), 32);
        StreamBatch batch = batch(chunk, update("kafka/t/0", 7), update("kafka/t/1", 9));
        List<DeadLetter> letters = StreamEngine.deadLetters(
                batch, chunk, List.of(new RowError(1, new Object[] {2L}, "cast", "cannot cast 'b' to int")));

        assertThat(letters).singleElement().satisfies(l -> {
            assertThat(l.locator()).isEqualTo("kafka/t/0@{\"offset\":7},kafka/t/1@{\"offset\":9}#1");
            assertThat(new String(l.raw(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":2,\"payload\":\"b\"}");
            assertThat(l.reason()).isEqualTo("cast: cannot cast 'b' to int");
        });
        // the same batch read again after a rewind gives the same locator: stored once
        assertThat(StreamEngine.deadLetters(
                                batch, chunk, List.of(new RowError(1, null, "cast", "cannot cast 'b' to int")))
                        .get(0)
                        .locator())
                .isEqualTo(letters.get(0).locator());
    }

    @Test
    void sourceRejectsComeBeforeTransformRefusals() {
        Chunk chunk = new Chunk(
                InMemoryStreamSource.SCHEMA, ROWS, offset(3), 32, List.of(new RejectedRecord("mem/0@0", "no payload")));
        List<DeadLetter> letters = StreamEngine.deadLetters(
                batch(chunk, update("mem/0", 3)), chunk, List.of(new RowError(0, null, "filter", "dropped")));

        assertThat(letters).extracting(DeadLetter::locator).containsExactly("mem/0@0", "mem/0@{\"offset\":3}#0");
        assertThat(letters.get(0).raw()).isNull();
    }

    @Test
    void rawBytesShowAsTextOnlyWhenTheyAreUtf8() {
        assertThat(DeadLetterController.DeadLetterView.utf8("größe".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("größe");
        assertThat(DeadLetterController.DeadLetterView.utf8(new byte[] {(byte) 0xff, (byte) 0xfe, 0}))
                .isNull();
    }

    @Test
    void refusedRowsAreFiledUnderTheSplitTheirLocatorNamesElseTheBatchsFirst() {
        Chunk chunk = new Chunk(InMemoryStreamSource.SCHEMA, ROWS, offset(9), 32);
        StreamBatch batch = batch(chunk, update("kafka/t/0", 5), update("kafka/t/3", 9));
        RowError fromPartition3 = new RowError(0, new Object[] {"kafka/t/3@7"}, "source", "not JSON");
        RowError unknownSplit = new RowError(0, new Object[] {"other@1"}, "source", "not JSON");
        RowError byATransform = new RowError(1, new Object[] {2L}, "cast", "not a number");

        assertThat(StreamEngine.bySplit(batch, List.of(fromPartition3, unknownSplit, byATransform)))
                .containsOnlyKeys("kafka/t/3", "kafka/t/0")
                .satisfies(m -> {
                    assertThat(m.get("kafka/t/3")).containsExactly(fromPartition3);
                    assertThat(m.get("kafka/t/0")).containsExactly(unknownSplit, byATransform);
                });
    }

    private static StreamBatch batch(Chunk chunk, PositionUpdate... updates) {
        return new StreamBatch(chunk, List.of(updates), null, null);
    }

    private static PositionUpdate update(String split, long next) {
        return new PositionUpdate(split, null, offset(next), 1);
    }

    private static Position offset(long n) {
        return new Position(Map.of("offset", n));
    }
}
