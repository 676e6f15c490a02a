package io.datasync.sync.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.models.job.LimitsSpec;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ErrorWindowTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void countsOnlyWhatHappenedWithinTheWindow() {
        ErrorWindow window = new ErrorWindow(new LimitsSpec(0L, 0L, 10L, null), Duration.ofMinutes(5), now::get);
        window.record(100, 8);
        now.addAndGet(Duration.ofMinutes(3).toMillis());
        window.record(100, 2);

        assertThat(window.rejected()).isEqualTo(10);
        assertThat(window.read()).isEqualTo(200);
        assertThat(window.exceeded()).isNull();

        now.addAndGet(Duration.ofMinutes(3).toMillis()); // the first 8 left the window
        assertThat(window.rejected()).isEqualTo(2);
        window.record(10, 8);
        assertThat(window.exceeded()).isNull();
    }

    @Test
    void aBurstWithinTheWindowExceedsMaxErrors() {
        ErrorWindow window = new ErrorWindow(new LimitsSpec(0L, 0L, 10L, null), Duration.ofMinutes(5), now::get);
        window.record(100, 6);
        now.addAndGet(Duration.ofSeconds(90).toMillis());
        window.record(100, 5);

        assertThat(window.exceeded()).contains("11 rows rejected", "maxErrors 10", "last 5 min");
    }

    @Test
    void appliesTheRatioToTheWindowNotToTheRunsLifetime() {
        ErrorWindow window = new ErrorWindow(new LimitsSpec(0L, 0L, null, 0.1), Duration.ofMinutes(1), now::get);
        window.record(100_000, 0); // a long healthy past...
        now.addAndGet(Duration.ofMinutes(2).toMillis());
        window.record(1_000, 200); // ...does not hide a bad minute now

        assertThat(window.exceeded()).contains("200 of 1000 rows rejected");
    }

    @Test
    void theRatioWaitsForEnoughRowsInTheWindow() {
        ErrorWindow window = new ErrorWindow(new LimitsSpec(0L, 0L, null, 0.1), Duration.ofMinutes(5), now::get);
        window.record(10, 5);
        assertThat(window.exceeded()).isNull();
    }

    @Test
    void reusesABucketAfterTheRingWentRound() {
        ErrorWindow window = new ErrorWindow(new LimitsSpec(0L, 0L, 3L, null), Duration.ofMinutes(2), now::get);
        window.record(1, 3);
        now.addAndGet(Duration.ofMinutes(2).toMillis()); // same slot, a later minute
        window.record(1, 1);

        assertThat(window.rejected()).isEqualTo(1);
        assertThat(window.exceeded()).isNull();
    }

    @Test
    void unlimitedIsNeverExceeded() {
        ErrorWindow window = new ErrorWindow(LimitsSpec.UNLIMITED, Duration.ofMinutes(5), now::get);
        window.record(10, 10);
        assertThat(window.exceeded()).isNull();
    }
}
