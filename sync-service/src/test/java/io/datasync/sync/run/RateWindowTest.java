package io.datasync.sync.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateWindowTest {

    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);

    @Test
    void averagesOverTheLastMinute() {
        RateWindow rate = new RateWindow(now::get);
        for (int s = 0; s < 120; s++) {
            rate.record(100);
            now.addAndGet(1000);
        }
        assertThat(rate.perSecond()).isCloseTo(100, within(2.0));
    }

    @Test
    void aYoungStreamIsAveragedOverItsAge() {
        RateWindow rate = new RateWindow(now::get);
        rate.record(500);
        now.addAndGet(5000);
        rate.record(500);

        assertThat(rate.perSecond()).isEqualTo(200.0);
    }

    @Test
    void dropsToZeroAMinuteAfterTheStreamWentQuiet() {
        RateWindow rate = new RateWindow(now::get);
        now.addAndGet(120_000);
        rate.record(6000);
        assertThat(rate.perSecond()).isEqualTo(100.0);

        now.addAndGet(61_000);
        assertThat(rate.perSecond()).isZero();
    }

    @Test
    void latencyQuantilesComeFromRecentBatches() {
        LatencyWindow latency = new LatencyWindow();
        assertThat(latency.quantile(0.5)).isNull();
        Instant commit = Instant.parse("2026-12-03T10:00:00Z");
        for (int i = 1; i <= 100; i++) {
            latency.record(commit.minusMillis(i), commit.minusMillis(i), commit);
        }
        assertThat(latency.quantile(0.5)).isEqualTo(Duration.ofMillis(50));
        assertThat(latency.quantile(0.99)).isEqualTo(Duration.ofMillis(99));
    }
}
