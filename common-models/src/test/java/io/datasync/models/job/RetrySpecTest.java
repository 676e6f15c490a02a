package io.datasync.models.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetrySpecTest {

    private final RetrySpec retry = new RetrySpec(5, Duration.ofSeconds(10), 2.0, Duration.ofMinutes(1), 0.2);

    @Test
    void growsExponentiallyUpToTheMaximum() {
        assertThat(retry.baseDelayAfter(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(retry.baseDelayAfter(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(retry.baseDelayAfter(3)).isEqualTo(Duration.ofSeconds(40));
        assertThat(retry.baseDelayAfter(4)).isEqualTo(Duration.ofMinutes(1));
        assertThat(retry.baseDelayAfter(60)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void jitterSpreadsWithinItsShareOfTheCappedDelay() {
        assertThat(retry.delayAfter(1, 0.0)).isEqualTo(Duration.ofSeconds(8));
        assertThat(retry.delayAfter(1, 0.5)).isEqualTo(Duration.ofSeconds(10));
        assertThat(retry.delayAfter(1, 0.999999)).isBetween(Duration.ofMillis(11_999), Duration.ofSeconds(12));
    }

    @Test
    void jitterStillSpreadsRetriesThatReachedTheMaximum() {
        // capped at 1m, then ± 20%: retries at the cap do not all wait exactly maxDelay
        assertThat(retry.delayAfter(4, 0.0)).isEqualTo(Duration.ofSeconds(48));
        assertThat(retry.delayAfter(4, 0.5)).isEqualTo(Duration.ofMinutes(1));
        assertThat(retry.delayAfter(4, 1.0)).isEqualTo(Duration.ofSeconds(72));
        assertThat(retry.delayAfter(60, 1.0))
                .as("at most jitter × maxDelay over it")
                .isEqualTo(Duration.ofSeconds(72));
    }

    @Test
    void aDelayIsNeverNegative() {
        RetrySpec full = new RetrySpec(3, Duration.ofSeconds(10), 2.0, Duration.ofMinutes(1), 1.0);
        assertThat(full.delayAfter(1, 0.0)).isEqualTo(Duration.ZERO);
    }

    @Test
    void countsAttempts() {
        assertThat(retry.allowsAnotherAfter(4)).isTrue();
        assertThat(retry.allowsAnotherAfter(5)).isFalse();
    }

    @Test
    void parsesAndFormatsShortDurations() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("PT2H")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.format(Duration.ofSeconds(600))).isEqualTo("10m");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(Durations.format(Duration.ofDays(1))).isEqualTo("1d");
    }
}
