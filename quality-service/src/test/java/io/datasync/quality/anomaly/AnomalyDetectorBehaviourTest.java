package io.datasync.quality.anomaly;

import static io.datasync.quality.anomaly.AnomalyDetectorTest.ROW_COUNT_SIGMA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Behaviour beyond the seven scenarios of the brief: consistency, combination rule, regime changes, edge cases. */
class AnomalyDetectorBehaviourTest {

    private final AnomalyDetector detector = new AnomalyDetector();

    private static List<Point> weekly(int days, long seed) {
        return Series.noisy(days, seed, ROW_COUNT_SIGMA, Series::weeklyRowCount);
    }

    @Test
    void detectOnEveryPrefixAgreesWithEvaluate() {
        List<Point> series = Series.withValue(weekly(70, 11), 20, 50_000);
        series = Series.withValue(series, 45, 200_000);

        List<Verdict> all = detector.evaluate(series);

        for (int i = 0; i < series.size(); i++) {
            assertThat(detector.detect(series.subList(0, i), series.get(i)))
                    .as("point %d", i)
                    .isEqualTo(all.get(i));
        }
    }

    @Test
    void anAnomalyDoesNotPoisonTheBaseline() {
        List<Point> clean = weekly(30, 42);
        List<Point> dropped = Series.withValue(clean, 20, 50_000);

        Verdict day21Clean = detector.evaluate(clean).get(21);
        Verdict day21AfterDrop = detector.evaluate(dropped).get(21);

        assertThat(day21AfterDrop.anomalous()).isFalse();
        assertThat(day21AfterDrop.expected()).isCloseTo(day21Clean.expected(), within(0.01 * day21Clean.expected()));
    }

    @Test
    void ewmaAloneIsBlindedByTheWeeklyPatternSoHoltWintersDecidesOnceAvailable() {
        List<Point> series = Series.withValue(weekly(30, 1), 20, 50_000);
        AnomalyDetector ewmaOnly =
                new AnomalyDetector(DetectorSettings.builder().seasonLength(0).build());

        // EWMA's variance is dominated by the weekday/weekend swing: the Sunday drop 70k -> 50k looks ordinary
        assertThat(ewmaOnly.scan(series)).isEmpty();

        List<Verdict> verdicts = detector.evaluate(series);
        assertThat(Series.days(detector.scan(series))).containsExactly(20);
        for (int i = 0; i < verdicts.size(); i++) {
            Method expected = i < 7 ? Method.WARM_UP : i < 14 ? Method.EWMA : Method.HOLT_WINTERS;
            assertThat(verdicts.get(i).method()).as("day %d", i).isEqualTo(expected);
        }
    }

    @Test
    void dropIsTheOnlyAnomalyWhateverWeekdayTheSeriesStartsOn() {
        List<String> failures = new ArrayList<>();
        for (int offset = 0; offset < 7; offset++) {
            int shift = offset;
            for (long seed = 1; seed <= 30; seed++) {
                List<Point> series = Series.noisy(30, seed, ROW_COUNT_SIGMA, i -> Series.weeklyRowCount(i + shift));
                List<Integer> days = Series.days(detector.scan(Series.withValue(series, 20, 50_000)));
                if (!days.equals(List.of(20))) {
                    failures.add("offset " + offset + " seed " + seed + " -> " + days);
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void outageOfSeveralRunsIsReportedAtItsStartAndAtItsEndOnly() {
        for (long seed = 1; seed <= 20; seed++) {
            List<Point> series =
                    Series.noisy(70, seed, ROW_COUNT_SIGMA, i -> i >= 30 && i < 35 ? 0.0 : Series.weeklyRowCount(i));

            List<Verdict> anomalies = detector.scan(series);

            assertThat(Series.days(anomalies)).as("seed %d", seed).containsExactly(30, 31, 35, 36);
            assertThat(anomalies.get(0).deviation()).isEqualTo(-1.0);
            assertThat(anomalies.get(2).deviation()).isGreaterThan(0); // recovery, back to the remembered regime
        }
    }

    @Test
    void twoRunOutageIsReportedTwiceAndTheRecoveryIsNormal() {
        List<Point> series = Series.noisy(
                50,
                8,
                ROW_COUNT_SIGMA,
                i -> i == 30 || i == 31 ? 0.3 * Series.weeklyRowCount(i) : Series.weeklyRowCount(i));

        assertThat(Series.days(detector.scan(series))).containsExactly(30, 31);
    }

    @Test
    void aChangedWeekendPatternIsLearntInsteadOfFlaggedForEver() {
        // from day 40 (a Saturday) weekends are as busy as weekdays
        List<Point> series = Series.noisy(140, 1, ROW_COUNT_SIGMA, i -> i >= 40 ? 100_000 : Series.weeklyRowCount(i));

        List<Verdict> anomalies = detector.scan(series);

        // two weekends reported (the first looks like a level shift, refuted by Monday; the second Saturday and
        // Sunday in a row are accepted as the new seasonal pattern), nothing afterwards
        assertThat(Series.days(anomalies)).containsExactly(40, 41, 47, 48);
        assertThat(anomalies).allSatisfy(v -> assertThat(v.deviation()).isGreaterThan(0.3));
    }

    @Test
    void minimumAbsoluteChangeSilencesTinyMovesOfARateThatIsNormallyZero() {
        List<Point> zeros = Series.daily(30, i -> 0.0);
        Point oneRejectedRowIn10k = new Point(Series.day(30), 0.0001);

        Verdict byDefault = detector.detect(zeros, oneRejectedRowIn10k);
        assertThat(byDefault.anomalous()).isTrue();
        assertThat(byDefault.deviation()).isEqualTo(Double.POSITIVE_INFINITY);

        AnomalyDetector tolerant = new AnomalyDetector(
                DetectorSettings.builder().minAbsoluteChange(0.001).build());
        assertThat(tolerant.detect(zeros, oneRejectedRowIn10k).anomalous()).isFalse();
        assertThat(tolerant.detect(zeros, new Point(Series.day(30), 0.05)).anomalous())
                .isTrue();
    }

    @Test
    void constantZeroSeriesIsQuiet() {
        List<Point> zeros = Series.daily(40, i -> 0.0);

        assertThat(detector.scan(zeros)).isEmpty();
        Verdict v = detector.detect(zeros, new Point(Series.day(40), 0.0));
        assertThat(v.anomalous()).isFalse();
        assertThat(v.deviation()).isZero();
        assertThat(v.score()).isZero();
    }

    @Test
    void withSeasonalityDisabledEwmaDecidesThroughout() {
        AnomalyDetector ewmaOnly =
                new AnomalyDetector(DetectorSettings.builder().seasonLength(0).build());
        List<Point> series = Series.withValue(Series.noisy(60, 4, 0.01, i -> 500.0), 50, 900.0);

        List<Verdict> verdicts = ewmaOnly.evaluate(series);

        assertThat(verdicts.subList(7, 60))
                .allSatisfy(v -> assertThat(v.method()).isEqualTo(Method.EWMA));
        assertThat(Series.days(ewmaOnly.scan(series))).containsExactly(50);
    }

    @Test
    void inputOrderDoesNotMatter() {
        List<Point> series = Series.withValue(weekly(40, 9), 30, 20_000);
        List<Point> shuffled = new ArrayList<>(series);
        Collections.shuffle(shuffled, new Random(1));

        assertThat(detector.evaluate(shuffled)).isEqualTo(detector.evaluate(series));
        assertThat(detector.detect(shuffled.subList(0, shuffled.size()), new Point(Series.day(40), 100_000)))
                .isEqualTo(detector.detect(series, new Point(Series.day(40), 100_000)));
    }

    @Test
    void resultsAreDeterministic() {
        List<Point> series = Series.withValue(weekly(60, 5), 33, 10_000);

        assertThat(detector.evaluate(series)).isEqualTo(new AnomalyDetector().evaluate(series));
    }

    @Test
    void thousandPointHistoryIsHandled() {
        List<Point> series = Series.withValue(weekly(1_000, 5), 900, 40_000);

        assertThat(Series.days(detector.scan(series))).containsExactly(900);

        Verdict last = detector.detect(series.subList(0, 999), series.get(999));
        assertThat(last.method()).isEqualTo(Method.HOLT_WINTERS);
        assertThat(last.anomalous()).isFalse();
        assertThat(last.expected()).isCloseTo(Series.weeklyRowCount(999), within(3_000.0));
    }

    @Test
    void rejectsInvalidInput() {
        List<Point> series = weekly(10, 1);

        assertThatThrownBy(() -> detector.detect(series, new Point(Series.day(5), 1.0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("earlier");
        assertThatThrownBy(() -> detector.detect(null, new Point(Series.day(5), 1.0)))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> detector.detect(series, null)).isInstanceOf(NullPointerException.class);
        List<Point> withNull = new ArrayList<>(series);
        withNull.add(null);
        assertThatThrownBy(() -> detector.scan(withNull)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void emptyHistoryGivesAnEmptyVerdict() {
        Verdict v = detector.detect(List.of(), new Point(Series.day(0), 5.0));

        assertThat(v.method()).isEqualTo(Method.WARM_UP);
        assertThat(v.anomalous()).isFalse();
        assertThat(v.expected()).isNaN();
        assertThat(v.deviation()).isNaN();
        assertThat(v.score()).isNaN();
        assertThat(detector.scan(List.of())).isEmpty();
    }

    @Test
    void relativeDeviationHandlesZeroExpectations() {
        assertThat(AnomalyDetector.relativeDeviation(110, 100)).isCloseTo(0.1, within(1e-12));
        assertThat(AnomalyDetector.relativeDeviation(-110, -100)).isCloseTo(-0.1, within(1e-12));
        assertThat(AnomalyDetector.relativeDeviation(0, 0)).isZero();
        assertThat(AnomalyDetector.relativeDeviation(-1, 0)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(AnomalyDetector.relativeDeviation(1, Double.NaN)).isNaN();
    }

    @Test
    void methodIdsAreStable() {
        assertThat(Method.EWMA.id()).isEqualTo("ewma");
        assertThat(Method.HOLT_WINTERS.id()).isEqualTo("holt-winters");
        assertThat(Method.WARM_UP).hasToString("warm-up");
    }
}
