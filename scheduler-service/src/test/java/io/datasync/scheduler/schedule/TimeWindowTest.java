package io.datasync.scheduler.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.models.job.ScheduleSpec;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class TimeWindowTest {

    private static ScheduleSpec window(String window, String zone) {
        return new ScheduleSpec("0 * * * * ?", ZoneId.of(zone), window, null, null, null);
    }

    @Test
    void admitsFiresInsideTheWindowInTheSchedulesTimeZone() {
        ScheduleSpec spec = window("01:00-05:00", "Asia/Shanghai");
        assertThat(TimeWindow.admits(spec, Instant.parse("2026-03-01T18:00:00Z")))
                .isTrue(); // 02:00 in Shanghai
        assertThat(TimeWindow.admits(spec, Instant.parse("2026-03-01T21:00:00Z")))
                .isFalse(); // 05:00, end excluded
        assertThat(TimeWindow.admits(spec, Instant.parse("2026-03-01T02:00:00Z")))
                .isFalse(); // 10:00
    }

    @Test
    void aWindowAcrossMidnightAdmitsBothSides() {
        ScheduleSpec spec = window("22:00-04:00", "UTC");
        assertThat(TimeWindow.admits(spec, Instant.parse("2026-03-01T23:30:00Z")))
                .isTrue();
        assertThat(TimeWindow.admits(spec, Instant.parse("2026-03-02T03:59:00Z")))
                .isTrue();
        assertThat(TimeWindow.admits(spec, Instant.parse("2026-03-02T12:00:00Z")))
                .isFalse();
    }

    @Test
    void noWindowAdmitsEverything() {
        ScheduleSpec spec = window(null, "UTC");
        assertThat(TimeWindow.admits(spec, Instant.parse("2026-03-01T12:34:56Z")))
                .isTrue();
        assertThatThrownBy(() -> TimeWindow.nextStart(spec, Instant.now())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void defersToTheNextStartTodayOrTomorrow() {
        ScheduleSpec spec = window("01:00-05:00", "Europe/Berlin");
        // 00:30 in Berlin (winter, UTC+1): today's start is ahead
        assertThat(TimeWindow.nextStart(spec, Instant.parse("2026-01-14T23:30:00Z")))
                .isEqualTo(Instant.parse("2026-01-15T00:00:00Z"));
        // 12:00 in Berlin: tomorrow's start
        assertThat(TimeWindow.nextStart(spec, Instant.parse("2026-01-15T11:00:00Z")))
                .isEqualTo(Instant.parse("2026-01-16T00:00:00Z"));
    }

    @Test
    void aStartSkippedByDaylightSavingMovesToTheFirstValidTime() {
        ScheduleSpec spec = window("02:30-04:00", "Europe/Berlin");
        // 2026-03-29: clocks jump from 02:00 to 03:00 in Berlin, so 02:30 does not exist that day
        assertThat(TimeWindow.nextStart(spec, Instant.parse("2026-03-28T23:00:00Z")))
                .isEqualTo(Instant.parse("2026-03-29T01:30:00Z")); // 03:30 CEST
    }
}
