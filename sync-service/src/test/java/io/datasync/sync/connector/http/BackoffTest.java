package io.datasync.sync.connector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

    @Test
    void retryAfterInSecondsOrAsAnHttpDate() {
        assertThat(Backoff.retryAfter("1", NOW)).contains(Duration.ofSeconds(1));
        assertThat(Backoff.retryAfter(" 120 ", NOW)).contains(Duration.ofSeconds(120));
        assertThat(Backoff.retryAfter("Sat, 28 Nov 2026 10:00:07 GMT", NOW)).contains(Duration.ofSeconds(7));
        assertThat(Backoff.retryAfter("Sat, 28 Nov 2026 09:00:00 GMT", NOW))
                .as("a date in the past means now")
                .contains(Duration.ZERO);
    }

    @Test
    void anUnreadableRetryAfterIsIgnored() {
        assertThat(Backoff.retryAfter(null, NOW)).isEmpty();
        assertThat(Backoff.retryAfter("", NOW)).isEmpty();
        assertThat(Backoff.retryAfter("soon", NOW)).isEmpty();
        assertThat(Backoff.retryAfter("-5", NOW)).isEmpty();
        assertThat(Backoff.retryAfter("99999999999999999999999", NOW)).isEmpty();
    }

    @Test
    void theServersRetryAfterWinsButIsCappedAtTheMaximum() {
        SplittableRandom random = new SplittableRandom(1);
        assertThat(backoff.wait(1, "2", NOW, random)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.wait(1, "3600", NOW, random)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.wait(1, "garbage", NOW, random)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
    }

    @Test
    void delaysDoubleWithJitterAndNeverExceedTheMaximum() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200; i++) {
            assertThat(backoff.delay(1, random)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
            assertThat(backoff.delay(2, random)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
            assertThat(backoff.delay(4, random)).isBetween(Duration.ofMillis(2000), Duration.ofMillis(4000));
            assertThat(backoff.delay(10, random)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
            assertThat(backoff.delay(1000, random)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
        }
    }

    @Test
    void aBackoffNeedsAPositiveInitialWaitNotAboveTheMaximum() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
