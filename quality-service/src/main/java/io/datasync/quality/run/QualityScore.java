package io.datasync.quality.run;

import io.datasync.kit.quality.QualityScores;
import io.datasync.models.quality.Dimension;
import io.datasync.models.quality.QualityTally;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run's quality score in [0, 100]: overall, per dimension, and the weights that combined them. Computed by the kit's
 * {@link QualityScores}, so the gate, the reports and the events agree on what a score is.
 *
 * @param dimensions per dimension name (wire name, e.g. {@code completeness})
 * @param weights per dimension name, as the rule set gave them
 */
public record QualityScore(double overall, Map<String, Double> dimensions, Map<String, Double> weights) {

    public QualityScore {
        overall = clamp(overall);
        dimensions = dimensions == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(dimensions));
        weights = weights == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    }

    /** The score of a run's totals under a rule set's weights. */
    public static QualityScore of(QualityTally totals, Map<Dimension, Double> weights) {
        var score = QualityScores.of(totals, weights);
        return new QualityScore(score.overall(), byName(score.dimensions()), byName(score.weights()));
    }

    /** Dimension-keyed values by their wire names, in dimension order. */
    static Map<String, Double> byName(Map<Dimension, Double> values) {
        Map<String, Double> named = new LinkedHashMap<>();
        if (values != null) {
            for (Dimension dimension : Dimension.values()) {
                Double value = values.get(dimension);
                if (value != null) {
                    named.put(dimension.toString(), value);
                }
            }
        }
        return named;
    }

    /** Scores are within [0, 100] (what {@code QualityChecked} accepts); NaN, from no rows at all, counts as 100. */
    static double clamp(double score) {
        if (Double.isNaN(score)) {
            return 100;
        }
        return Math.max(0, Math.min(100, score));
    }
}
