package io.datasync.config.job;

import java.text.ParseException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import org.quartz.CronExpression;

/** Checks a Quartz cron expression and says when it fires next, in the job's time zone. */
final class CronPreview {

    private CronPreview() {}

    /** The problem with an expression, or null when Quartz accepts it. */
    static String problem(String cron) {
        try {
            new CronExpression(cron);
            return null;
        } catch (ParseException e) {
            return "'" + cron + "' is not a valid Quartz cron expression (seconds minutes hours day-of-month month"
                    + " day-of-week [year], e.g. '0 */15 * * * ?'): " + e.getMessage();
        }
    }

    /** The next {@code count} fire times after {@code from}; fewer when the expression stops firing. */
    static List<OffsetDateTime> next(String cron, ZoneId zone, Instant from, int count) {
        CronExpression expression;
        try {
            expression = new CronExpression(cron);
        } catch (ParseException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        expression.setTimeZone(TimeZone.getTimeZone(zone));
        List<OffsetDateTime> times = new ArrayList<>(count);
        Date at = Date.from(from);
        while (times.size() < count) {
            at = expression.getNextValidTimeAfter(at);
            if (at == null) {
                break;
            }
            times.add(OffsetDateTime.ofInstant(at.toInstant(), zone));
        }
        return times;
    }
}
