package io.datasync.kit.cron;

import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * Quartz cron expressions, read one way wherever the platform checks or previews a schedule: config-service when a
 * job is saved, scheduler-service when it plans fires and previews them. Needs Quartz on the classpath (an optional
 * dependency of service-kit: the services that use this declare it).
 */
public final class QuartzCron {

    private QuartzCron() {}

    /** What is wrong with the expression, or null when Quartz accepts it. */
    public static String problem(String cron) {
        if (cron == null || cron.isBlank()) {
            return "is required";
        }
        try {
            new CronExpression(cron);
            return null;
        } catch (ParseException e) {
            return "'" + cron + "' is not a valid Quartz cron expression (seconds minutes hours day-of-month month"
                    + " day-of-week [year], e.g. '0 */15 * * * ?'): " + e.getMessage();
        }
    }

    /**
     * The next {@code count} fire times after {@code from} in {@code zone}; fewer when the expression stops firing.
     *
     * @throws IllegalArgumentException when the expression is not valid (see {@link #problem})
     */
    public static List<Instant> next(String cron, ZoneId zone, Instant from, int count) {
        CronExpression expression;
        try {
            expression = new CronExpression(cron);
        } catch (ParseException e) {
            throw new IllegalArgumentException(problem(cron), e);
        }
        expression.setTimeZone(TimeZone.getTimeZone(zone));
        List<Instant> times = new ArrayList<>(count);
        Date at = Date.from(from);
        while (times.size() < count) {
            at = expression.getNextValidTimeAfter(at);
            if (at == null) {
                break;
            }
            times.add(at.toInstant());
        }
        return times;
    }
}
