package io.datasync.quality.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DetectorSettingsTest {

    @Test
    void defaults() {
        DetectorSettings d = DetectorSettings.defaults();

        assertThat(d.warmUp()).isEqualTo(7);
        assertThat(d.ewmaAlpha()).isEqualTo(0.3);
        assertThat(d.ewmaThreshold()).isEqualTo(3.5);
        assertThat(d.seasonLength()).isEqualTo(7);
        assertThat(d.minSeasons()).isEqualTo(2);
        assertThat(d.hwAlpha()).isEqualTo(0.2);
        assertThat(d.hwBeta()).isEqualTo(0.05);
        assertThat(d.hwGamma()).isEqualTo(0.15);
        assertThat(d.hwThreshold()).isEqualTo(4.0);
        assertThat(d.residualWindow()).isEqualTo(56);
        assertThat(d.scaleFloorRelative()).isEqualTo(0.01);
        assertThat(d.scaleFloorAbsolute()).isEqualTo(1e-9);
        assertThat(d.minRelativeChange()).isEqualTo(0.10);
        assertThat(d.minAbsoluteChange()).isEqualTo(0.0);
        assertThat(d.shiftConfirmation()).isEqualTo(2);
        assertThat(d.seasonal()).isTrue();
        assertThat(d.seasonalHistoryRequired()).isEqualTo(14);
        assertThat(new AnomalyDetector().settings()).isEqualTo(d);
    }

    @Test
    void builderAndToBuilderRoundTrip() {
        DetectorSettings custom = DetectorSettings.builder()
                .seasonLength(24)
                .minSeasons(3)
                .ewmaAlpha(0.2)
                .minRelativeChange(0.05)
                .shiftConfirmation(3)
                .build();

        assertThat(custom.seasonalHistoryRequired()).isEqualTo(72);
        assertThat(custom.toBuilder().build()).isEqualTo(custom);
        assertThat(DetectorSettings.builder().seasonLength(0).build().seasonalHistoryRequired())
                .isEqualTo(-1);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("warmUp", (UnaryOperator<DetectorSettings.Builder>) b -> b.warmUp(1)),
                Arguments.of("ewmaAlpha", (UnaryOperator<DetectorSettings.Builder>) b -> b.ewmaAlpha(1.0)),
                Arguments.of("ewmaThreshold", (UnaryOperator<DetectorSettings.Builder>) b -> b.ewmaThreshold(0)),
                Arguments.of("seasonLength", (UnaryOperator<DetectorSettings.Builder>) b -> b.seasonLength(1)),
                Arguments.of("minSeasons", (UnaryOperator<DetectorSettings.Builder>) b -> b.minSeasons(1)),
                Arguments.of("hwAlpha", (UnaryOperator<DetectorSettings.Builder>) b -> b.hwAlpha(0)),
                Arguments.of("hwBeta", (UnaryOperator<DetectorSettings.Builder>) b -> b.hwBeta(-0.1)),
                Arguments.of("hwGamma", (UnaryOperator<DetectorSettings.Builder>) b -> b.hwGamma(1)),
                Arguments.of("hwThreshold", (UnaryOperator<DetectorSettings.Builder>) b -> b.hwThreshold(Double.NaN)),
                Arguments.of("residualWindow", (UnaryOperator<DetectorSettings.Builder>) b -> b.residualWindow(4)),
                Arguments.of("scaleFloorRelative", (UnaryOperator<DetectorSettings.Builder>)
                        b -> b.scaleFloorRelative(-0.01)),
                Arguments.of(
                        "scaleFloorAbsolute", (UnaryOperator<DetectorSettings.Builder>) b -> b.scaleFloorAbsolute(0)),
                Arguments.of(
                        "minRelativeChange", (UnaryOperator<DetectorSettings.Builder>) b -> b.minRelativeChange(-1)),
                Arguments.of("minAbsoluteChange", (UnaryOperator<DetectorSettings.Builder>)
                        b -> b.minAbsoluteChange(Double.POSITIVE_INFINITY)),
                Arguments.of(
                        "shiftConfirmation", (UnaryOperator<DetectorSettings.Builder>) b -> b.shiftConfirmation(-1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejectsOutOfRangeValues(String name, UnaryOperator<DetectorSettings.Builder> change) {
        assertThatThrownBy(() -> change.apply(DetectorSettings.builder()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(name);
    }

    @Test
    void pointRejectsNonFiniteValuesAndMissingTime() {
        Instant now = Instant.parse("2024-01-01T00:00:00Z");
        assertThatThrownBy(() -> new Point(now, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Point(now, Double.NEGATIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Point(null, 1.0)).isInstanceOf(NullPointerException.class);
        assertThat(new Point(now, -0.5).value()).isEqualTo(-0.5);
    }
}
