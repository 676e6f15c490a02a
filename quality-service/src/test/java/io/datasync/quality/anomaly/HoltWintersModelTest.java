package io.datasync.quality.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HoltWintersModelTest {

    private static final double[] SEASON = {10, 20, 30, 0, -10, -20, -30};

    /** Noiseless additive series: level 1000, slope 5 per step, weekly pattern SEASON. */
    private static double truth(int t) {
        return 1_000 + 5.0 * t + SEASON[t % 7];
    }

    private static HoltWintersModel initialisedOnTwoSeasons(int residualWindow) {
        double[] values = new double[14];
        for (int t = 0; t < 14; t++) {
            values[t] = truth(t);
        }
        return HoltWintersModel.initialise(values, 7, 0.2, 0.05, 0.15, residualWindow);
    }

    @Test
    void initialisationRecoversLevelTrendAndSeasonOfANoiselessSeries() {
        HoltWintersModel hw = initialisedOnTwoSeasons(56);

        assertThat(hw.forecast()).isCloseTo(truth(14), within(1e-9));
        assertThat(hw.level()).isCloseTo(1_000 + 5.0 * 14, within(1e-9));
        assertThat(hw.residualScale()).isCloseTo(0.0, within(1e-9));
        assertThat(hw.nextPosition()).isEqualTo(14);
        assertThat(hw.nextSlot()).isZero();

        for (int t = 14; t < 40; t++) {
            assertThat(hw.forecast()).as("t=%d", t).isCloseTo(truth(t), within(1e-6));
            hw.update(truth(t), true);
        }
    }

    @Test
    void feedingTheForecastKeepsLevelOnItsTrendLineAndSeasonUnchanged() {
        HoltWintersModel hw = initialisedOnTwoSeasons(56);

        hw.update(hw.forecast(), false);
        hw.update(hw.forecast(), false);

        assertThat(hw.forecast()).isCloseTo(truth(16), within(1e-9));
    }

    @Test
    void residualScaleIsMadTimes1Point4826OfTheWindow() {
        HoltWintersModel hw = initialisedOnTwoSeasons(5);
        for (double r : new double[] {1, -2, 3, -4, 100}) {
            hw.update(hw.forecast() + r, true);
        }
        // median 1; absolute deviations 0, 3, 2, 5, 99 -> MAD 3
        assertThat(hw.residualScale()).isCloseTo(3 * 1.4826, within(1e-9));
    }

    @Test
    void rescaleMultipliesEveryForecastAndKeepsCopiesIndependent() {
        HoltWintersModel hw = initialisedOnTwoSeasons(56);
        HoltWintersModel copy = hw.copy();
        double before = hw.forecast();

        hw.rescale(0.5);

        assertThat(hw.forecast()).isCloseTo(before * 0.5, within(1e-9));
        assertThat(copy.forecast()).isCloseTo(before, within(1e-9));
    }

    @Test
    void seasonAdjustmentMovesOnlyTheNextSlot() {
        HoltWintersModel hw = initialisedOnTwoSeasons(56);

        hw.adjustSeasonOfNextPosition(100);

        assertThat(hw.forecast()).isCloseTo(truth(14) + 100, within(1e-9));
        hw.update(hw.forecast(), false);
        assertThat(hw.forecast()).isCloseTo(truth(15), within(1e-9));
    }

    @Test
    void needsWholeSeasonsAndAtLeastTwo() {
        assertThatThrownBy(() -> HoltWintersModel.initialise(new double[7], 7, 0.2, 0.05, 0.15, 56))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HoltWintersModel.initialise(new double[15], 7, 0.2, 0.05, 0.15, 56))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void medianOfOddAndEvenLengths() {
        assertThat(HoltWintersModel.median(new double[] {3, 1, 2})).isEqualTo(2.0);
        assertThat(HoltWintersModel.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    }
}
