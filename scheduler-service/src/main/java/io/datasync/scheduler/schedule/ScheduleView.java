package io.datasync.scheduler.schedule;

import io.datasync.models.job.ScheduleSpec;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A job's schedule as the API shows it.
 *
 * @param state {@code scheduled}, {@code paused}, {@code disabled} (the job is), or {@code invalid} (see
 *     {@code problem})
 * @param nextFireTimes the next fires in the schedule's time zone, each with what it will do: {@code run},
 *     {@code skip} or {@code defer} (outside the window)
 */
public record ScheduleView(
        String jobId,
        String name,
        long version,
        String cron,
        String timezone,
        String window,
        String outsideWindow,
        String concurrency,
        String misfire,
        String state,
        String problem,
        List<Fire> nextFireTimes) {

    /** One coming fire. */
    public record Fire(OffsetDateTime at, String outcome) {}

    static List<Fire> fires(ScheduleSpec spec, List<Instant> times) {
        return times.stream()
                .map(t -> new Fire(
                        OffsetDateTime.ofInstant(t, spec.timezone()),
                        TimeWindow.admits(spec, t)
                                ? "run"
                                : spec.outsideWindow().toString()))
                .toList();
    }
}
