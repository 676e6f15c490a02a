package io.datasync.kit.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.datasync.models.quality.CheckTally;
import io.datasync.models.quality.Dimension;
import io.datasync.models.quality.QualityTally;
import io.datasync.models.quality.Severity;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QualityScoresTest {

    private static QualityTally tally(Map<String, CheckTally> checks) {
        return new QualityTally(100, 90, 0, 5, 5, 3, checks, Map.of());
    }

    @Test
    void scoresEachDimensionOverItsChecksAndWeighsThemIntoOne() {
        Map<String, CheckTally> checks = new LinkedHashMap<>();
        checks.put("name", new CheckTally(Dimension.COMPLETENESS, Severity.WARN, 100, 4));
        checks.put("email", new CheckTally(Dimension.VALIDITY, Severity.QUARANTINE, 100, 2));
        checks.put("amount", new CheckTally(Dimension.VALIDITY, Severity.QUARANTINE, 100, 8));
        checks.put("id", new CheckTally(Dimension.UNIQUENESS, Severity.DROP, 0, 0));

        QualityScores.Score score =
                QualityScores.of(tally(checks), Map.of(Dimension.COMPLETENESS, 3.0, Dimension.UNIQUENESS, 5.0));

        assertThat(score.dimensions())
                .containsOnlyKeys(Dimension.COMPLETENESS, Dimension.VALIDITY)
                .containsEntry(Dimension.COMPLETENESS, 96.0)
                .containsEntry(Dimension.VALIDITY, 95.0);
        assertThat(score.weights())
                .as("of the dimensions scored")
                .isEqualTo(Map.of(Dimension.COMPLETENESS, 3.0, Dimension.VALIDITY, 1.0));
        assertThat(score.overall()).isCloseTo((3 * 96.0 + 95.0) / 4, within(1e-9));
    }

    @Test
    void nothingEvaluatedScoresAHundred() {
        assertThat(QualityScores.of(QualityTally.EMPTY, Map.of()).overall()).isEqualTo(100.0);
        assertThat(QualityScores.of(QualityTally.EMPTY, Map.of()).dimensions()).isEmpty();
    }

    @Test
    void scoredDimensionsThatAllWeighNothingAreAveragedPlainly() {
        Map<String, CheckTally> checks = Map.of(
                "a", new CheckTally(Dimension.TIMELINESS, Severity.WARN, 10, 5),
                "b", new CheckTally(Dimension.ACCURACY, Severity.WARN, 10, 0));
        QualityScores.Score score =
                QualityScores.of(tally(checks), Map.of(Dimension.TIMELINESS, 0.0, Dimension.ACCURACY, 0.0));
        assertThat(score.overall()).isEqualTo(75.0);
    }

    @Test
    void aGatesTallyScoresWithTheRuleSetsWeights() {
        QualityRuleSet set = Orders.ruleSet("""
                {"name": "s", "weights": {"completeness": 3},
                 "checks": [{"name": "name", "column": "name", "required": true},
                            {"name": "email", "column": "email", "format": "email"}]}""");
        QualityGate gate = QualityGate.compile(set, Orders.COLUMNS, QualityGate.Settings.defaults());

        QualityScores.Score score =
                QualityScores.of(gate.newSession().apply(Orders.rows()).tally(), set.weights());

        assertThat(score.dimensions())
                .containsEntry(Dimension.COMPLETENESS, 96.0)
                .containsEntry(Dimension.VALIDITY, 98.0);
        assertThat(score.overall()).isCloseTo((3 * 96.0 + 98.0) / 4, within(1e-9));
    }
}
