package io.datasync.sync.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The view of a stream run read by its owner and by members on other instances. */
class StreamViewMergeTest {

    private static final Instant T = Instant.parse("2026-12-04T10:00:00Z");

    private static StreamView view(Map<String, Long> lag, double rate, int eventSecond, long p99Millis, int at) {
        return new StreamView(
                lag,
                rate,
                T.plusSeconds(eventSecond),
                Duration.ofMillis(p99Millis / 2),
                Duration.ofMillis(p99Millis),
                1,
                "EFFECTIVELY_ONCE",
                null,
                T.plusSeconds(at),
                null);
    }

    @Test
    void addsRatesTakesTheNewestLagPerSplitTheWorstLatencyAndListsEveryReader() {
        StreamView own = view(Map.of("t-0", 5L, "t-1", 7L), 100.0, 10, 200, 20);
        StreamView member = view(Map.of("t-1", 2L, "t-2", 3L), 50.5, 12, 900, 21);
        StreamView dead = view(Map.of("t-3", 1_000L), 999.0, 30, 5_000, 5);

        StreamView merged = StreamView.merge(
                new StreamView.MemberView("a:8082", true, 1_000, 990, own),
                List.of(
                        new StreamView.MemberView("b:8086", true, 400, 400, member),
                        new StreamView.MemberView("c:8087", false, 77, 77, dead)));

        assertThat(merged.lag()).containsExactlyInAnyOrderEntriesOf(Map.of("t-0", 5L, "t-1", 2L, "t-2", 3L));
        assertThat(merged.rowsPerSecondLastMinute()).isEqualTo(150.5);
        assertThat(merged.lastEventTime()).isEqualTo(T.plusSeconds(12));
        assertThat(merged.endToEndP99()).isEqualTo(Duration.ofMillis(900));
        assertThat(merged.members()).as("live readers").isEqualTo(2);
        assertThat(merged.updatedAt()).isEqualTo(T.plusSeconds(21));
        assertThat(merged.readers())
                .extracting(
                        StreamView.Reader::instance,
                        StreamView.Reader::runOwner,
                        StreamView.Reader::live,
                        StreamView.Reader::rowsRead)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a:8082", true, true, 1_000L),
                        org.assertj.core.groups.Tuple.tuple("b:8086", false, true, 400L),
                        org.assertj.core.groups.Tuple.tuple("c:8087", false, false, 77L));
        assertThat(merged.readers().get(2).lag())
                .as("a dead reader's lag is not current")
                .isEmpty();
    }

    @Test
    void anOwnerAloneKeepsItsViewAndNoViewYetStaysNull() {
        StreamView own = view(Map.of("t-0", 5L), 10.0, 1, 100, 2);
        StreamView onlyOwner = StreamView.merge(new StreamView.MemberView("a", true, 1, 1, own), List.of());
        assertThat(onlyOwner.readers()).hasSize(1);
        assertThat(onlyOwner.rowsPerSecondLastMinute()).isEqualTo(10.0);
        assertThat(StreamView.merge(new StreamView.MemberView("a", true, 0, 0, null), List.of()))
                .isNull();
    }
}
