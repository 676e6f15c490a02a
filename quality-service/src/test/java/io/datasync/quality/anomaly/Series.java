package io.datasync.quality.anomaly;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntToDoubleFunction;

/** Deterministic synthetic series for the tests (java.util.Random's Gaussian sequence is specified, so fixed). */
final class Series {

    /** Monday 2024-01-01 02:00 UTC: day i of a daily series is a weekend day when i % 7 is 5 or 6. */
    static final Instant START = Instant.parse("2024-01-01T02:00:00Z");

    private Series() {}

    static Instant day(int i) {
        return START.plus(Duration.ofDays(i));
    }

    /** One point per day; value(i) supplies the noiseless value. */
    static List<Point> daily(int days, IntToDoubleFunction value) {
        List<Point> points = new ArrayList<>(days);
        for (int i = 0; i < days; i++) {
            points.add(new Point(day(i), value.applyAsDouble(i)));
        }
        return points;
    }

    /** Base value with multiplicative Gaussian noise: base(i) × (1 + relativeSigma × N(0, 1)). */
    static List<Point> noisy(int days, long seed, double relativeSigma, IntToDoubleFunction base) {
        Random random = new Random(seed);
        return daily(days, i -> base.applyAsDouble(i) * (1 + relativeSigma * random.nextGaussian()));
    }

    /** 100,000 rows on weekdays, 30 % fewer on Saturday and Sunday. */
    static double weeklyRowCount(int day) {
        return isWeekend(day) ? 70_000 : 100_000;
    }

    static boolean isWeekend(int day) {
        return day % 7 >= 5;
    }

    /** Copy of the series with the value of one day replaced. */
    static List<Point> withValue(List<Point> series, int day, double value) {
        List<Point> copy = new ArrayList<>(series);
        copy.set(day, new Point(series.get(day).at(), value));
        return copy;
    }

    /** Index (day number) of each verdict's point, by time. */
    static List<Integer> days(List<Verdict> verdicts) {
        List<Integer> days = new ArrayList<>();
        for (Verdict v : verdicts) {
            days.add((int) Duration.between(START, v.at()).toDays());
        }
        return days;
    }
}
