package io.datasync.kit.cron;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class QuartzCronTest {

    @Test
    void namesWhatIsWrongWithAnExpression() {
        assertThat(QuartzCron.problem("0 */15 * * * ?")).isNull();
        assertThat(QuartzCron.problem(" ")).isEqualTo("is required");
        assertThat(QuartzCron.problem(null)).isEqualTo("is required");
        assertThat(QuartzCron.problem("61 * * * * ?")).startsWith("'61 * * * * ?' is not a valid Quartz cron");
    }

    @Test
    void firesInTheScheduleTimeZone() {
        // 02:00 every day in Shanghai is 18:00 UTC the day before
        assertThat(QuartzCron.next("0 0 2 * * ?", ZoneId.of("Asia/Shanghai"), Instant.parse("2026-11-28T00:00:00Z"), 2))
                .containsExactly(Instant.parse("2026-11-28T18:00:00Z"), Instant.parse("2026-11-29T18:00:00Z"));
        // a year in the past: no fire times at all
        assertThat(QuartzCron.next("0 0 0 1 1 ? 2020", ZoneId.of("UTC"), Instant.parse("2026-11-28T00:00:00Z"), 5))
                .isEmpty();
        assertThatThrownBy(() -> QuartzCron.next("nope", ZoneId.of("UTC"), Instant.EPOCH, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid Quartz cron");
    }
}
