package io.datasync.quality.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seven scenarios of the brief. No timing assertions; every random series has a fixed seed. */
class AnomalyDetectorTest {

    /**
     * "±2 % Gaussian noise" is read as the ~95 % band of the noise, i.e. σ = 1 %. With a literal σ = 2 % a 10 %
     * deviation from a forecast learnt on 2–4 weeks happens by chance in roughly 0.2 % of 30-day series; that case
     * is covered, as a measured rate, by {@link NoiseSensitivityTest}.
     */
    static final double ROW_COUNT_SIGMA = 0.01;

    private final AnomalyDetector detector = new AnomalyDetector();

    private static List<Point> weeklyRowCounts(long seed) {
        return Series.noisy(30, seed, ROW_COUNT_SIGMA, Series::weeklyRowCount);
    }

    // (1) ------------------------------------------------------------------------------------------------------

    @Test
    void dropToFiftyThousandOnDay20RaisesExactlyOneAnomalyOnDay20() {
        List<Point> series = Series.withValue(weeklyRowCounts(42), 20, 50_000);

        List<Verdict> anomalies = detector.scan(series);

        assertThat(Series.days(anomalies)).containsExactly(20);
        Verdict v = anomalies.get(0);
        assertThat(v.at()).isEqualTo(Series.day(20));
        assertThat(v.method()).isEqualTo(Method.HOLT_WINTERS);
        assertThat(v.observed()).isEqualTo(50_000.0);
        assertThat(v.expected()).isCloseTo(70_000.0, withinPercentage(5)); // day 20 is a Sunday
        assertThat(v.deviation()).isCloseTo(50_000.0 / 70_000 - 1, within(0.05));
        assertThat(v.score()).isLessThan(-v.threshold());
        assertThat(v.anomalous()).isTrue();
    }

    @Test
    void dropOnDay20IsTheOnlyAnomalyForEachOf200Seeds() {
        List<String> failures = new ArrayList<>();
        for (long seed = 1; seed <= 200; seed++) {
            List<Integer> days = Series.days(detector.scan(Series.withValue(weeklyRowCounts(seed), 20, 50_000)));
            if (!days.equals(List.of(20))) {
                failures.add("seed " + seed + " -> " + days);
            }
        }
        assertThat(failures).isEmpty();
    }

    // (2) ------------------------------------------------------------------------------------------------------

    @Test
    void sameSeriesWithoutTheDropRaisesNothingFor200Seeds() {
        List<String> failures = new ArrayList<>();
        for (long seed = 1; seed <= 200; seed++) {
            List<Verdict> anomalies = detector.scan(weeklyRowCounts(seed));
            if (!anomalies.isEmpty()) {
                failures.add("seed " + seed + " -> " + anomalies);
            }
        }
        assertThat(failures).isEmpty();
    }

    // (3) ------------------------------------------------------------------------------------------------------

    @Test
    void flatSeriesWithTinyNoiseRaisesNothing() {
        for (long seed = 1; seed <= 20; seed++) {
            List<Point> series = Series.noisy(120, seed, 0.0005, i -> 1_000.0);
            assertThat(detector.scan(series)).as("seed %d", seed).isEmpty();
        }
    }

    @Test
    void perfectlyFlatSeriesDoesNotFlagATinyChangeButDoesFlagARealOne() {
        List<Point> flat = Series.daily(60, i -> 1_000.0);
        assertThat(detector.scan(flat)).isEmpty();

        Verdict tiny = detector.detect(flat, new Point(Series.day(60), 1_010.0)); // +1 %
        assertThat(tiny.anomalous()).isFalse();
        assertThat(tiny.score()).isEqualTo(1.0); // 10 / scale floor (1 % of the level), not 10 / 0

        Verdict real = detector.detect(flat, new Point(Series.day(60), 700.0)); // −30 %
        assertThat(real.anomalous()).isTrue();
        assertThat(real.method()).isEqualTo(Method.HOLT_WINTERS);
    }

    // (4) ------------------------------------------------------------------------------------------------------

    @Test
    void nullRatioJumpFromOnePercentToTwentyPercentIsFlagged() {
        List<Point> ratios = Series.noisy(40, 7, 0.05, i -> 0.01);
        List<Point> series = Series.withValue(ratios, 30, 0.20);

        List<Verdict> anomalies = detector.scan(series);

        assertThat(Series.days(anomalies)).containsExactly(30);
        Verdict v = anomalies.get(0);
        assertThat(v.method()).isEqualTo(Method.HOLT_WINTERS);
        assertThat(v.expected()).isCloseTo(0.01, within(0.002));
        assertThat(v.deviation()).isGreaterThan(10); // +1,900 %
    }

    @Test
    void nullRatioJumpBeforeTwoFullSeasonsIsFlaggedByEwma() {
        List<Point> series = Series.withValue(Series.noisy(14, 7, 0.05, i -> 0.01), 10, 0.20);

        List<Verdict> anomalies = detector.scan(series);

        assertThat(Series.days(anomalies)).containsExactly(10);
        assertThat(anomalies.get(0).method()).isEqualTo(Method.EWMA);
    }

    // (5) ------------------------------------------------------------------------------------------------------

    @Test
    void persistentStepUpIsFlaggedOnceOrTwiceThenAccepted() {
        assertStepIsFlaggedOnceOrTwiceThenAdapts(1.3);
    }

    @Test
    void persistentStepDownIsFlaggedOnceOrTwiceThenAccepted() {
        assertStepIsFlaggedOnceOrTwiceThenAdapts(0.6);
    }

    private void assertStepIsFlaggedOnceOrTwiceThenAdapts(double factor) {
        int stepDay = 35;
        for (long seed = 1; seed <= 50; seed++) {
            List<Point> series = Series.noisy(
                    70, seed, ROW_COUNT_SIGMA, i -> Series.weeklyRowCount(i) * (i >= stepDay ? factor : 1.0));

            List<Integer> days = Series.days(detector.scan(series));

            assertThat(days).as("seed %d", seed).hasSizeBetween(1, 2);
            assertThat(days.get(0)).as("seed %d: first flag is the step", seed).isEqualTo(stepDay);
            assertThat(days)
                    .as("seed %d: stops flagging within 10 points", seed)
                    .allSatisfy(d -> assertThat(d).isBetween(stepDay, stepDay + 9));
        }
    }

    @Test
    void persistentStepDuringTheEwmaPhaseIsAlsoAccepted() {
        for (long seed = 1; seed <= 50; seed++) {
            List<Point> series = Series.noisy(60, seed, 0.01, i -> i >= 9 ? 1_300.0 : 1_000.0);

            List<Integer> days = Series.days(detector.scan(series));

            assertThat(days).as("seed %d", seed).hasSizeBetween(1, 2);
            assertThat(days).as("seed %d", seed).allSatisfy(d -> assertThat(d).isBetween(9, 18));
        }
    }

    // (6) ------------------------------------------------------------------------------------------------------

    @Test
    void durationSpikeIsFlagged() {
        List<Point> durations = Series.noisy(45, 3, 0.03, i -> 600.0); // ~10 min runs, seconds
        List<Point> series = Series.withValue(durations, 33, 1_800.0);

        List<Verdict> anomalies = detector.scan(series);

        assertThat(Series.days(anomalies)).containsExactly(33);
        Verdict v = anomalies.get(0);
        assertThat(v.method()).isEqualTo(Method.HOLT_WINTERS);
        assertThat(v.deviation()).isCloseTo(2.0, within(0.2));
        assertThat(v.score()).isGreaterThan(v.threshold());
    }

    // (7) ------------------------------------------------------------------------------------------------------

    @Test
    void warmUpPointsAreNeverFlaggedHoweverWildTheyAre() {
        double[] wild = {5, 1_000_000, 0, 42, 9_999_999, -3, 123_456};
        List<Point> series = Series.daily(wild.length, i -> wild[i]);

        List<Verdict> verdicts = detector.evaluate(series);

        assertThat(verdicts).hasSize(7).allSatisfy(v -> {
            assertThat(v.anomalous()).isFalse();
            assertThat(v.method()).isEqualTo(Method.WARM_UP);
        });
        assertThat(verdicts.get(0).expected()).isNaN(); // nothing to expect yet
    }

    @Test
    void flaggingStartsRightAfterTheWarmUp() {
        List<Point> calm = Series.noisy(6, 1, 0.005, i -> 100.0);

        Verdict seventh = detector.detect(calm, new Point(Series.day(6), 300.0)); // history of 6 < warm-up of 7
        assertThat(seventh.method()).isEqualTo(Method.WARM_UP);
        assertThat(seventh.anomalous()).isFalse();

        List<Point> calm7 = Series.noisy(7, 1, 0.005, i -> 100.0);
        Verdict eighth = detector.detect(calm7, new Point(Series.day(7), 300.0)); // history of 7: judged
        assertThat(eighth.method()).isEqualTo(Method.EWMA);
        assertThat(eighth.anomalous()).isTrue();

        AnomalyDetector longerWarmUp =
                new AnomalyDetector(DetectorSettings.builder().warmUp(10).build());
        assertThat(longerWarmUp.detect(calm7, new Point(Series.day(7), 300.0)).anomalous())
                .isFalse();
    }
}
