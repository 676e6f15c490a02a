package io.datasync.scheduler.schedule;

import io.datasync.models.job.ScheduleSpec;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZonedDateTime;

/** Where a fire falls against a schedule's time window, in the schedule's time zone. */
public final class TimeWindow {

    private TimeWindow() {}

    /** Whether a fire at {@code at} may run now: always without a window. */
    public static boolean admits(ScheduleSpec schedule, Instant at) {
        return schedule.withinWindow(at.atZone(schedule.timezone()).toLocalTime());
    }

    /**
     * The first start of the window at or after {@code at}, where a deferred fire runs. A start that does not exist on
     * a day (skipped by a daylight-saving change) moves to the first valid time after it, as {@link ZonedDateTime}
     * does.
     *
     * @throws IllegalStateException for a schedule without a window
     */
    public static Instant nextStart(ScheduleSpec schedule, Instant at) {
        if (schedule.window() == null) {
            throw new IllegalStateException("the schedule has no window");
        }
        LocalTime start = LocalTime.parse(schedule.window().substring(0, 5));
        ZonedDateTime local = at.atZone(schedule.timezone());
        ZonedDateTime candidate = ZonedDateTime.of(LocalDateTime.of(local.toLocalDate(), start), schedule.timezone());
        if (candidate.toInstant().isBefore(at)) {
            candidate = ZonedDateTime.of(LocalDateTime.of(local.toLocalDate().plusDays(1), start), schedule.timezone());
        }
        return candidate.toInstant();
    }
}
