package io.datasync.models.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class ScheduleSpecTest {

    private static ScheduleSpec withWindow(String window) {
        return new ScheduleSpec("0 * * * * ?", null, window, null, null, null);
    }

    @Test
    void windowIncludesItsStartAndExcludesItsEnd() {
        ScheduleSpec night = withWindow("01:00-05:00");
        assertThat(night.withinWindow(LocalTime.of(1, 0))).isTrue();
        assertThat(night.withinWindow(LocalTime.of(4, 59))).isTrue();
        assertThat(night.withinWindow(LocalTime.of(5, 0))).isFalse();
        assertThat(night.withinWindow(LocalTime.of(0, 59))).isFalse();
    }

    @Test
    void windowMaySpanMidnight() {
        ScheduleSpec late = withWindow("22:00-04:00");
        assertThat(late.withinWindow(LocalTime.of(23, 30))).isTrue();
        assertThat(late.withinWindow(LocalTime.of(3, 0))).isTrue();
        assertThat(late.withinWindow(LocalTime.of(12, 0))).isFalse();
    }

    @Test
    void noWindowMeansAlways() {
        assertThat(withWindow(null).withinWindow(LocalTime.NOON)).isTrue();
    }
}
