package io.datasync.quality.anomaly;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Decides whether a new per-run metric value (row count, null ratio, rejection rate, duration, ...) is anomalous
 * given the earlier runs of the same job. Pure Java, no framework; stateless (every call replays the history it is
 * given) and deterministic; thread-safe because instances are immutable.
 *
 * <h2>How a point is judged</h2>
 * The history is sorted by time (stable) and replayed point by point; each historical point is judged exactly as
 * {@link #detect} would have judged it at the time, so that earlier anomalies are excluded from the baseline the same
 * way in {@link #detect} and {@link #scan}.
 * <ol>
 *   <li><b>Warm-up</b> – fewer than {@code warmUp} points of history: never anomalous
 *       ({@link Method#WARM_UP}).</li>
 *   <li><b>EWMA</b> – until {@code minSeasons × seasonLength} points of history exist (or always when
 *       {@code seasonLength == 0}): {@code z = (x − mean) / sd}, where mean and sd are the exponentially weighted
 *       mean and the (bias-corrected) EWMA of squared one-step errors; statistically unusual when
 *       {@code |z| > ewmaThreshold}.</li>
 *   <li><b>Holt-Winters</b> – from then on: additive level/trend/season forecast; score =
 *       {@code (x − forecast) / scale} with scale = MAD × 1.4826 of the recent one-step residuals; statistically
 *       unusual when {@code |score| > hwThreshold}.</li>
 * </ol>
 * In both methods the scale is floored at {@code max(scaleFloorRelative × |mean or level|, scaleFloorAbsolute)}.
 *
 * <h2>Combination rule</h2>
 * Exactly one method decides each point: before {@code minSeasons × seasonLength} points of history EWMA alone
 * decides; from then on Holt-Winters alone decides and EWMA is not consulted. There is no voting: on a seasonal
 * series EWMA's variance is dominated by the seasonal swing (in the weekly test series it misses a Sunday drop from
 * 70k to 50k for which Holt-Winters gives |score| ≈ 9–23 over 200 seeds), so letting it veto or add alarms would only
 * make things worse.
 *
 * <h2>Materiality</h2>
 * A statistically unusual point is only reported when the change is also material:
 * {@code |x − expected| ≥ minRelativeChange × |expected|} and {@code |x − expected| ≥ minAbsoluteChange}.
 *
 * <h2>Keeping the baseline clean</h2>
 * An anomalous point does not update the baseline: EWMA skips it; Holt-Winters is advanced with its own forecast in
 * place of the observation (the clock moves on and the level follows its trend; seasonal indices are untouched) and
 * its residual is not added to the scale window. One bad run therefore raises one anomaly, and the next normal run is judged
 * against the undisturbed baseline.
 *
 * <h2>Persistent changes (new normal)</h2>
 * Skipping anomalies must not mean flagging a lasting change for ever. Three rules, all driven by
 * {@code shiftConfirmation} (default 2; 0 disables them):
 * <ul>
 *   <li><b>Level shift</b> – that many consecutive anomalies in the same direction are accepted as the new level.
 *       For non-negative metrics (counts, ratios, durations) the shift is proportional: the EWMA mean and standard
 *       deviation, or the Holt-Winters level, trend, seasonal indices and stored residuals, are multiplied by
 *       {@code Σ observed / Σ expected} of those points (half the rows also means half the weekend dip and half
 *       the noise); otherwise the mean/level moves by their average residual. A persistent step is thus reported
 *       twice and then adapts. The model from before the shift is kept (fed its own forecasts): if the next point
 *       fits it but not the shifted model, the shift is undone (it was e.g. a changed weekend, not a new level);
 *       and if a later run of anomalies fits it again, it is restored – an outage of several runs followed by a
 *       recovery costs two reports at the start and two at the end, and the seasonal pattern survives.</li>
 *   <li><b>Seasonal change</b> (Holt-Winters) – the same season slot anomalous in the same direction in that many
 *       (at least two) consecutive seasons, e.g. two Saturdays in a row, moves that slot's seasonal index to the
 *       observation.</li>
 *   <li><b>Shift before the seasonal model exists</b> – EWMA confirms it the same way; when Holt-Winters is then
 *       initialised, the values before the shift are re-levelled by the ratio of same-slot values after/before the
 *       shift, so the initial level, trend and seasonal indices are not a blend of two regimes.</li>
 * </ul>
 * The price of the level-shift rule: a real problem lasting {@code shiftConfirmation} runs or more is reported only
 * at its start (and at its end); the caller should treat a reported anomaly as open until a later report or an
 * explicit check closes it.
 *
 * <h2>Assumptions</h2>
 * Seasonality is positional: the season slot of a point is its index modulo {@code seasonLength}, which assumes a
 * regular cadence (e.g. one run per day with {@code seasonLength = 7}). Missed or extra runs shift the phase, which
 * can cause reports until the seasonal-change rule has re-learnt the slots. A level shift that EWMA does not see
 * (EWMA's variance is inflated by the seasonal pattern in the first two seasons) ends up inside the seasonal
 * initialisation and makes the first forecasts poor for a season or two (in simulation: fewer reports, not more).
 * Cost is O(n · residualWindow · log residualWindow) per call – negligible for ~1000 points.
 */
public final class AnomalyDetector {

    private static final Comparator<Point> BY_TIME = Comparator.comparing(Point::at);

    private final DetectorSettings settings;

    /** A detector with {@link DetectorSettings#defaults()}. */
    public AnomalyDetector() {
        this(DetectorSettings.defaults());
    }

    public AnomalyDetector(DetectorSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public DetectorSettings settings() {
        return settings;
    }

    /**
     * Judges {@code next} against {@code history}.
     *
     * @param history earlier points of the same metric, any order (sorted by time here, stable for equal times)
     * @param next    the point to judge; must not be earlier than the latest history point
     */
    public Verdict detect(List<Point> history, Point next) {
        Objects.requireNonNull(next, "next");
        List<Point> sorted = sorted(history);
        if (!sorted.isEmpty()
                && next.at().isBefore(sorted.get(sorted.size() - 1).at())) {
            throw new IllegalArgumentException("next point " + next.at() + " is earlier than the latest history point "
                    + sorted.get(sorted.size() - 1).at());
        }
        Engine engine = new Engine();
        for (Point p : sorted) {
            engine.absorb(p, engine.judge(p));
        }
        return engine.judge(next);
    }

    /**
     * Walks the series in time order and returns one verdict per point, each judged only on the points before it
     * (identical to calling {@link #detect} with the prefix).
     */
    public List<Verdict> evaluate(List<Point> series) {
        List<Point> sorted = sorted(series);
        Engine engine = new Engine();
        List<Verdict> verdicts = new ArrayList<>(sorted.size());
        for (Point p : sorted) {
            Verdict v = engine.judge(p);
            engine.absorb(p, v);
            verdicts.add(v);
        }
        return verdicts;
    }

    /** Like {@link #evaluate} but returns only the anomalous verdicts, in time order. */
    public List<Verdict> scan(List<Point> series) {
        List<Verdict> anomalies = new ArrayList<>();
        for (Verdict v : evaluate(series)) {
            if (v.anomalous()) {
                anomalies.add(v);
            }
        }
        return anomalies;
    }

    private static List<Point> sorted(List<Point> points) {
        Objects.requireNonNull(points, "points");
        List<Point> copy = new ArrayList<>(points.size());
        for (Point p : points) {
            copy.add(Objects.requireNonNull(p, "points must not contain null"));
        }
        copy.sort(BY_TIME); // List.sort is stable
        return copy;
    }

    static double relativeDeviation(double observed, double expected) {
        if (Double.isNaN(expected)) {
            return Double.NaN;
        }
        double diff = observed - expected;
        if (diff == 0) {
            return 0;
        }
        if (expected == 0) {
            return Math.copySign(Double.POSITIVE_INFINITY, diff);
        }
        return diff / Math.abs(expected);
    }

    /** Replay state for one call. Not shared, not thread-safe. */
    private final class Engine {

        private final EwmaModel ewma = new EwmaModel(settings.ewmaAlpha());
        /** History with anomalies replaced by their expected value; feeds the Holt-Winters initialisation. */
        private final List<Double> cleaned = new ArrayList<>();
        /** Index of the first point of the first level shift confirmed before Holt-Winters existed, or -1. */
        private int firstShift = -1;
        /** Current run of consecutive anomalies in one direction. */
        private final List<RunEntry> run = new ArrayList<>();

        private double runSign;
        private HoltWintersModel hw;
        /**
         * Holt-Winters as it was before the last accepted level shift, kept in step (fed its own forecasts) so that a
         * return to the old regime restores it, seasonal pattern included, instead of re-learning it.
         */
        private HoltWintersModel previousRegime;
        /** True for the single point that follows a level shift: it may still refute the shift. */
        private boolean shiftTentative;
        /** Per season slot: position of the last anomaly in that slot, its direction, and how many seasons in a row. */
        private long[] slotFlagPosition;

        private double[] slotFlagSign;
        private int[] slotFlagStreak;
        private int count;

        Verdict judge(Point p) {
            double x = p.value();
            if (count < settings.warmUp()) {
                double expected = ewma.mean();
                double sd = ewma.standardDeviation();
                double score = Double.isNaN(sd) ? Double.NaN : score(x, expected, floored(sd, expected));
                return new Verdict(
                        p.at(), x, expected, relativeDeviation(x, expected), score, Double.NaN, Method.WARM_UP, false);
            }
            if (hw == null) {
                double expected = ewma.mean();
                double scale = floored(ewma.standardDeviation(), expected);
                return verdict(p, expected, scale, settings.ewmaThreshold(), Method.EWMA);
            }
            Verdict v = holtWintersVerdict(hw, p);
            if (v.anomalous() && shiftTentative) {
                // first point after an accepted level shift: if it is normal for the model from before the shift,
                // the shift is refuted (see absorb) and the point is judged by that model
                Verdict old = holtWintersVerdict(previousRegime, p);
                if (!old.anomalous()) {
                    return old;
                }
            }
            return v;
        }

        void absorb(Point p, Verdict v) {
            double x = p.value();
            if (shiftTentative) {
                shiftTentative = false;
                if (!v.anomalous() && holtWintersVerdict(hw, p).anomalous()) {
                    // Refuted: the points that looked like a level shift (e.g. Saturday and Sunday) were followed by
                    // one that only fits the old level. They stay reported as anomalies; the shift is undone.
                    hw = previousRegime;
                    previousRegime = null;
                }
            }
            boolean fitsPreviousRegime = false;
            if (previousRegime != null) {
                fitsPreviousRegime = !holtWintersVerdict(previousRegime, p).anomalous();
                previousRegime.update(previousRegime.forecast(), false);
            }
            count++;
            if (!v.anomalous()) {
                run.clear();
                ewma.update(x);
                if (hw != null) {
                    hw.update(x, true);
                } else {
                    cleaned.add(x);
                    initialiseHoltWintersWhenDue();
                }
                return;
            }

            double sign = Math.signum(x - v.expected());
            if (hw != null && acceptAsSeasonalChange(sign)) {
                // same slot, same direction, consecutive seasons: the seasonal pattern changed, not the level
                hw.adjustSeasonOfNextPosition(x - v.expected());
                hw.update(x, false);
                run.clear();
                return;
            }
            if (run.isEmpty() || sign != runSign) {
                run.clear();
                runSign = sign;
            }
            run.add(new RunEntry(count - 1, x, v.expected(), v.method(), fitsPreviousRegime));
            // the anomaly does not move the baseline: EWMA skips it, Holt-Winters is fed its own forecast
            if (hw != null) {
                hw.update(v.expected(), false);
            } else {
                cleaned.add(v.expected());
            }
            if (settings.shiftConfirmation() > 0 && run.size() >= settings.shiftConfirmation()) {
                acceptLevelShift();
            }
            if (hw == null) {
                initialiseHoltWintersWhenDue();
            }
        }

        /** Records the anomaly in its season slot; true once the slot has been anomalous in enough seasons. */
        private boolean acceptAsSeasonalChange(double sign) {
            int m = settings.seasonLength();
            int slot = hw.nextSlot();
            long position = hw.nextPosition();
            boolean continues = slotFlagPosition[slot] == position - m && slotFlagSign[slot] == sign;
            slotFlagStreak[slot] = continues ? slotFlagStreak[slot] + 1 : 1;
            slotFlagPosition[slot] = position;
            slotFlagSign[slot] = sign;
            // at least two seasons even with shiftConfirmation = 1, otherwise every anomaly would enter the season
            if (settings.shiftConfirmation() > 0 && slotFlagStreak[slot] >= Math.max(2, settings.shiftConfirmation())) {
                slotFlagStreak[slot] = 0;
                slotFlagPosition[slot] = Long.MIN_VALUE;
                return true;
            }
            return false;
        }

        private void initialiseHoltWintersWhenDue() {
            if (!settings.seasonal() || count != settings.seasonalHistoryRequired()) {
                return;
            }
            int m = settings.seasonLength();
            double[] values = cleaned.stream().mapToDouble(Double::doubleValue).toArray();
            if (firstShift > 0) {
                relevelBefore(values, firstShift, m);
            }
            hw = HoltWintersModel.initialise(
                    values, m, settings.hwAlpha(), settings.hwBeta(), settings.hwGamma(), settings.residualWindow());
            cleaned.clear();
            slotFlagPosition = new long[m];
            Arrays.fill(slotFlagPosition, Long.MIN_VALUE);
            slotFlagSign = new double[m];
            slotFlagStreak = new int[m];
        }

        private void acceptLevelShift() {
            double valueSum = 0;
            boolean nonNegative = true;
            for (RunEntry e : run) {
                valueSum += e.value();
                nonNegative &= e.value() >= 0;
            }
            double newMean = valueSum / run.size();
            double oldMean = ewma.mean();
            if (nonNegative && oldMean > 0) {
                ewma.rescale(newMean / oldMean);
            } else {
                ewma.resetMean(newMean);
            }
            if (hw != null) {
                if (previousRegime != null && run.stream().allMatch(RunEntry::fitsPreviousRegime)) {
                    // back to the regime before the last shift: restore it (it has been kept in step)
                    HoltWintersModel current = hw;
                    hw = previousRegime;
                    previousRegime = current;
                } else {
                    previousRegime = hw.copy();
                    shiftHoltWinters(nonNegative);
                    shiftTentative = true;
                }
            } else {
                for (RunEntry e : run) {
                    cleaned.set(e.index(), e.value()); // re-admitted: this is the new normal
                }
                if (firstShift < 0) {
                    firstShift = run.get(0).index();
                }
            }
            run.clear();
        }

        /** Uses only the run points Holt-Winters judged (the others went into its initialisation as values). */
        private void shiftHoltWinters(boolean nonNegative) {
            double valueSum = 0;
            double expectedSum = 0;
            int n = 0;
            boolean positiveForecasts = true;
            for (RunEntry e : run) {
                if (e.method() == Method.HOLT_WINTERS) {
                    valueSum += e.value();
                    expectedSum += e.expected();
                    positiveForecasts &= e.expected() > 0;
                    n++;
                }
            }
            if (n == 0) {
                return;
            }
            if (nonNegative && positiveForecasts && hw.level() > 0) {
                hw.rescale(valueSum / expectedSum);
            } else {
                hw.shiftLevel((valueSum - expectedSum) / n);
            }
        }

        /**
         * A level shift was confirmed at {@code shift} before the seasonal model existed. EWMA cannot tell a shift
         * from the seasonal pattern, so its own ratio is not trusted; instead every value from the shift on is
         * compared with the value one or more whole seasons earlier (same season slot) before the shift, and the
         * old regime is re-levelled by that ratio (additively for series that can be negative), so that the
         * initialisation sees one consistent level. A spurious "shift" (EWMA reacting to the seasonal pattern)
         * gives a ratio near 1 and changes little.
         */
        private static void relevelBefore(double[] values, int shift, int m) {
            double post = 0;
            double pre = 0;
            int pairs = 0;
            for (int i = shift; i < values.length; i++) {
                int p = i - m;
                while (p >= shift) {
                    p -= m;
                }
                if (p >= 0) {
                    post += values[i];
                    pre += values[p];
                    pairs++;
                }
            }
            if (pairs == 0) {
                return;
            }
            boolean nonNegative = true;
            for (double v : values) {
                nonNegative &= v >= 0;
            }
            if (nonNegative && pre > 0) {
                double ratio = post / pre;
                for (int i = 0; i < shift; i++) {
                    values[i] *= ratio;
                }
            } else {
                double delta = (post - pre) / pairs;
                for (int i = 0; i < shift; i++) {
                    values[i] += delta;
                }
            }
        }

        private Verdict holtWintersVerdict(HoltWintersModel model, Point p) {
            return verdict(
                    p,
                    model.forecast(),
                    floored(model.residualScale(), model.level()),
                    settings.hwThreshold(),
                    Method.HOLT_WINTERS);
        }

        private Verdict verdict(Point p, double expected, double scale, double threshold, Method method) {
            double x = p.value();
            double score = score(x, expected, scale);
            double change = Math.abs(x - expected);
            boolean material = change >= settings.minRelativeChange() * Math.abs(expected)
                    && change >= settings.minAbsoluteChange();
            boolean anomalous = Math.abs(score) > threshold && material;
            return new Verdict(
                    p.at(), x, expected, relativeDeviation(x, expected), score, threshold, method, anomalous);
        }

        private double floored(double scale, double reference) {
            double s = Double.isNaN(scale) ? 0 : scale;
            double ref = Double.isNaN(reference) ? 0 : Math.abs(reference);
            return Math.max(s, Math.max(settings.scaleFloorRelative() * ref, settings.scaleFloorAbsolute()));
        }

        private double score(double x, double expected, double scale) {
            double diff = x - expected;
            return diff == 0 ? 0 : diff / scale;
        }
    }

    private record RunEntry(int index, double value, double expected, Method method, boolean fitsPreviousRegime) {}
}
