package io.datasync.quality.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EwmaModelTest {

    @Test
    void startsAtTheFirstValueWithUnknownSpread() {
        EwmaModel ewma = new EwmaModel(0.3);
        assertThat(ewma.mean()).isNaN();

        ewma.update(100);

        assertThat(ewma.mean()).isEqualTo(100.0);
        assertThat(ewma.standardDeviation()).isNaN();
        assertThat(ewma.count()).isEqualTo(1);
    }

    @Test
    void varianceIsTheBiasCorrectedEwmaOfSquaredOneStepErrors() {
        EwmaModel ewma = new EwmaModel(0.3);
        ewma.update(100);
        ewma.update(110); // error 10

        assertThat(ewma.mean()).isCloseTo(103.0, within(1e-12));
        assertThat(ewma.standardDeviation()).isCloseTo(10.0, within(1e-12)); // bias-corrected: exactly |error|

        ewma.update(103); // error 0
        // weights: 0.3·0.7 for 10², 0.3 for 0²; total weight 0.51
        assertThat(ewma.standardDeviation()).isCloseTo(Math.sqrt(0.21 * 100 / 0.51), within(1e-12));
    }

    @Test
    void constantInputHasZeroSpread() {
        EwmaModel ewma = new EwmaModel(0.3);
        for (int i = 0; i < 10; i++) {
            ewma.update(42);
        }
        assertThat(ewma.mean()).isEqualTo(42.0);
        assertThat(ewma.standardDeviation()).isZero();
    }

    @Test
    void rescaleAndResetMoveTheMean() {
        EwmaModel ewma = new EwmaModel(0.3);
        ewma.update(100);
        ewma.update(110);

        ewma.rescale(2);
        assertThat(ewma.mean()).isCloseTo(206.0, within(1e-12));
        assertThat(ewma.standardDeviation()).isCloseTo(20.0, within(1e-12));

        ewma.resetMean(-5);
        assertThat(ewma.mean()).isEqualTo(-5.0);
        assertThat(ewma.standardDeviation()).isCloseTo(20.0, within(1e-12));
    }
}
