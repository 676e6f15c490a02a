package io.datasync.sync.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The stream meters: what a committed micro-batch adds, the latency's SLO buckets, the lag gauge's life. */
class StreamMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void aCommittedMicroBatchCountsItsRecordsRowsAndRefusals() {
        try (StreamMetrics metrics = new StreamMetrics(registry, "job-7", "kafka")) {
            Instant now = Instant.parse("2026-12-03T10:00:01Z");
            metrics.committed(10, 7, 2, 1, now.minusMillis(300), now.minusMillis(40), now);
            metrics.committed(5, 5, 0, 0, null, null, now);
            metrics.commit(TimeUnit.MILLISECONDS.toNanos(12), true);
            metrics.commit(TimeUnit.MILLISECONDS.toNanos(30), false);

            assertThat(counter("datasync.sync.rows.in")).isEqualTo(15);
            assertThat(counter("datasync.sync.rows.out")).isEqualTo(12);
            assertThat(registry.get("datasync.sync.rows.rejected")
                            .tags("job", "job-7", "source_type", "kafka", "outcome", "source")
                            .counter()
                            .count())
                    .isEqualTo(2);
            assertThat(registry.get("datasync.sync.rows.rejected")
                            .tags("outcome", "transform")
                            .counter()
                            .count())
                    .isEqualTo(1);
            assertThat(registry.get("datasync.sync.microbatch.rows").summary().totalAmount())
                    .isEqualTo(15);
            assertThat(registry.get("datasync.sync.commit")
                            .tags("outcome", "success")
                            .timer()
                            .count())
                    .isEqualTo(1);
            assertThat(registry.get("datasync.sync.commit")
                            .tags("outcome", "failure")
                            .timer()
                            .count())
                    .isEqualTo(1);

            Timer endToEnd = registry.get("datasync.sync.end.to.end").timer();
            assertThat(endToEnd.count()).isEqualTo(2); // a batch without event times adds none
            CountAtBucket[] buckets = endToEnd.takeSnapshot().histogramCounts();
            assertThat(Arrays.stream(buckets).map(b -> b.bucket(TimeUnit.MILLISECONDS)))
                    .containsExactly(50.0, 100.0, 250.0, 500.0, 1000.0);
            assertThat(Arrays.stream(buckets).map(CountAtBucket::count)).containsExactly(1.0, 1.0, 1.0, 2.0, 2.0);
        }
    }

    @Test
    void theLagGaugeSumsTheSplitsAndGoesWithTheRun() {
        StreamMetrics metrics = new StreamMetrics(registry, "job-8", "redis");
        metrics.lag(() -> Map.of("a", 3L, "b", 4L), false);
        assertThat(lag()).isEqualTo(7);
        metrics.lag(() -> Map.of("a", 0L), true); // forced: read now, however recently it was read
        assertThat(lag()).isZero();

        metrics.close();
        assertThat(registry.find("datasync.sync.lag.records").gauges()).isEmpty();
        assertThat(registry.find("datasync.sync.rows.in").counters()).hasSize(1);
    }

    @Test
    void runsOfOneJobOverlappingHereShareTheLagGaugeAndTheLastToEndRemovesIt() {
        StreamMetrics old = new StreamMetrics(registry, "job-9", "mqtt");
        StreamMetrics taking = new StreamMetrics(registry, "job-9", "mqtt");
        taking.lag(() -> Map.of("s", 5L), true);
        assertThat(lag()).isEqualTo(5);

        old.close(); // the fenced-out claim ends first
        old.close();
        assertThat(lag()).isEqualTo(5);
        taking.lag(() -> Map.of("s", 2L), true);
        assertThat(lag()).isEqualTo(2);

        taking.close();
        assertThat(registry.find("datasync.sync.lag.records").gauges()).isEmpty();
        // a later run of the job shows its lag again
        try (StreamMetrics next = new StreamMetrics(registry, "job-9", "mqtt")) {
            next.lag(() -> Map.of("s", 1L), true);
            assertThat(lag()).isEqualTo(1);
        }
    }

    private double counter(String name) {
        return registry.get(name)
                .tags("job", "job-7", "source_type", "kafka")
                .counter()
                .count();
    }

    private double lag() {
        return registry.get("datasync.sync.lag.records").gauge().value();
    }
}
