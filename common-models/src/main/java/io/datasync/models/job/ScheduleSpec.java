package io.datasync.models.job;

import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a job runs by itself. The cron expression uses Quartz syntax and is checked by the scheduler and config
 * services, which own the cron library.
 *
 * @param window {@code HH:mm-HH:mm} in {@code timezone}; fires outside it follow {@code outsideWindow}. A window whose
 *     end is before its start spans midnight ({@code 22:00-04:00}).
 * @param misfire what to do with fires missed while the scheduler was down
 */
public record ScheduleSpec(
        String cron,
        ZoneId timezone,
        String window,
        WindowPolicy outsideWindow,
        ConcurrencyPolicy concurrency,
        MisfirePolicy misfire) {

    private static final Pattern WINDOW = Pattern.compile("([01]\\d|2[0-3]):([0-5]\\d)-([01]\\d|2[0-3]):([0-5]\\d)");

    public ScheduleSpec {
        Check.requiredText(cron, "cron");
        timezone = timezone == null ? ZoneOffset.UTC : timezone;
        if (window != null && !WINDOW.matcher(window).matches()) {
            throw new InvalidFieldException("window", "'" + window + "' is not HH:mm-HH:mm, e.g. 01:00-05:00");
        }
        if (window != null && window.substring(0, 5).equals(window.substring(6))) {
            throw new InvalidFieldException("window", "'" + window + "' is empty: its start and end are equal");
        }
        outsideWindow = outsideWindow == null ? WindowPolicy.SKIP : outsideWindow;
        concurrency = concurrency == null ? ConcurrencyPolicy.SKIP : concurrency;
        misfire = misfire == null ? MisfirePolicy.FIRE_NOW : misfire;
    }

    /** Whether a local time of day lies within the window; always true without a window. */
    public boolean withinWindow(LocalTime time) {
        if (window == null) {
            return true;
        }
        Matcher m = WINDOW.matcher(window);
        m.matches();
        LocalTime start = LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        LocalTime end = LocalTime.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
        if (!end.isBefore(start)) {
            return !time.isBefore(start) && time.isBefore(end);
        }
        return !time.isBefore(start) || time.isBefore(end);
    }
}
