package io.datasync.quality.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.datasync.models.quality.QualityTally;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunMetricsTest {

    @Test
    void rejectionRateCountsDroppedAndQuarantinedRowsOfThoseThatReachedTheGate() {
        QualityTally totals = new QualityTally(200, 180, 4, 6, 10, 0, Map.of(), Map.of("email", 50L, "phone", 0L));

        Map<String, Double> points = RunMetrics.ofTotals(totals);

        assertThat(points.get(RunMetrics.REJECTION_RATE)).isCloseTo(0.08, within(1e-9));
        assertThat(points).containsEntry("null_ratio.email", 0.25).containsEntry("null_ratio.phone", 0.0);
    }

    @Test
    void aRunWithoutRowsAtTheGateHasNoRatios() {
        assertThat(RunMetrics.ofTotals(QualityTally.EMPTY)).isEmpty();
    }

    @Test
    void everyRunHasItsRowCountAndDuration() {
        assertThat(RunMetrics.ofRun(1234, 5000))
                .containsEntry("row_count", 1234.0)
                .containsEntry("duration_ms", 5000.0);
    }

    @Test
    void scoresStayWithinZeroToHundred() {
        assertThat(QualityScore.clamp(120)).isEqualTo(100);
        assertThat(QualityScore.clamp(-3)).isZero();
        assertThat(QualityScore.clamp(Double.NaN)).isEqualTo(100);
        assertThat(new QualityScore(101, null, null).overall()).isEqualTo(100);
    }

    @Test
    void namesDimensionsByTheirWireNamesInDimensionOrder() {
        var named = QualityScore.byName(Map.of(
                io.datasync.models.quality.Dimension.VALIDITY, 90.0,
                io.datasync.models.quality.Dimension.COMPLETENESS, 80.0));

        assertThat(named.keySet()).containsExactly("completeness", "validity");
    }
}
