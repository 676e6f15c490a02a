package io.datasync.kit.quality;

import io.datasync.models.quality.CheckTally;
import io.datasync.models.quality.Dimension;
import io.datasync.models.quality.QualityTally;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Scores from 0 to 100 for what a gate (or a post-load check) counted: per dimension, the share of evaluations that
 * passed; overall, those scores weighted by the rule set's weights. Rows left out by cleansing are not part of any
 * score: they are not violations.
 */
public final class QualityScores {

    private QualityScores() {}

    /**
     * @param overall the weighted mean of the dimensions scored; 100 when none was (nothing was evaluated, so nothing
     *     was found wrong); the plain mean when every scored dimension weighs zero
     * @param dimensions per dimension with at least one evaluation, {@code 100 × (1 − violations / evaluated)} over
     *     its checks together
     * @param weights the weight each scored dimension had
     */
    public record Score(double overall, Map<Dimension, Double> dimensions, Map<Dimension, Double> weights) {
        public Score {
            dimensions = Collections.unmodifiableMap(copy(dimensions));
            weights = Collections.unmodifiableMap(copy(weights));
        }

        private static Map<Dimension, Double> copy(Map<Dimension, Double> map) {
            Map<Dimension, Double> copy = new EnumMap<>(Dimension.class);
            copy.putAll(map);
            return copy;
        }
    }

    /**
     * Scores a tally.
     *
     * @param weights per dimension; a dimension not in it weighs 1 (as {@link QualityRuleSet#weights()} gives them)
     */
    public static Score of(QualityTally tally, Map<Dimension, Double> weights) {
        Map<Dimension, long[]> counts = new EnumMap<>(Dimension.class);
        for (CheckTally check : tally.checks().values()) {
            long[] sum = counts.computeIfAbsent(check.dimension(), d -> new long[2]);
            sum[0] += check.evaluated();
            sum[1] += check.violations();
        }
        Map<Dimension, Double> dimensions = new EnumMap<>(Dimension.class);
        Map<Dimension, Double> used = new EnumMap<>(Dimension.class);
        counts.forEach((dimension, sum) -> {
            if (sum[0] > 0) {
                dimensions.put(dimension, 100.0 * (1.0 - (double) sum[1] / sum[0]));
                used.put(dimension, weights == null ? 1.0 : weights.getOrDefault(dimension, 1.0));
            }
        });
        double weighted = 0;
        double totalWeight = 0;
        double plain = 0;
        for (Map.Entry<Dimension, Double> entry : dimensions.entrySet()) {
            double weight = used.get(entry.getKey());
            weighted += weight * entry.getValue();
            totalWeight += weight;
            plain += entry.getValue();
        }
        double overall;
        if (dimensions.isEmpty()) {
            overall = 100.0;
        } else if (totalWeight > 0) {
            overall = weighted / totalWeight;
        } else {
            overall = plain / dimensions.size();
        }
        return new Score(overall, dimensions, used);
    }
}
