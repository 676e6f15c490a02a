package io.datasync.kit.quality;

import io.datasync.models.job.Names;
import io.datasync.models.quality.Dimension;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A quality rule set as users write it (see {@link QualityRuleSets} for the JSON): cleansing steps that run first, in
 * order, then checks that all run on every remaining row. Read one with {@link QualityRuleSets#parse}, which reports
 * every problem at its JSON pointer; this constructor only guards the invariants the gate relies on.
 *
 * @param description optional, null when absent
 * @param weights the weight of each dimension in the overall score, as given; a dimension not given weighs 1 (see
 *     {@link #weight})
 */
public record QualityRuleSet(
        String name,
        String description,
        Map<Dimension, Double> weights,
        List<CleansingStep> cleansing,
        List<CheckSpec> checks) {

    public static final int MAX_CHECKS = 200;
    public static final int MAX_CLEANSING_STEPS = 50;
    public static final int MAX_DESCRIPTION_CHARS = 2000;
    public static final double MAX_WEIGHT = 1000;

    public QualityRuleSet {
        if (!Names.isSafe(name)) {
            throw new IllegalArgumentException("rule set name '" + name + "' must be " + Names.RULE);
        }
        if (description != null && description.length() > MAX_DESCRIPTION_CHARS) {
            throw new IllegalArgumentException("a description has at most " + MAX_DESCRIPTION_CHARS + " characters");
        }
        EnumMap<Dimension, Double> copy = new EnumMap<>(Dimension.class);
        if (weights != null) {
            copy.putAll(weights);
        }
        copy.forEach((dimension, weight) -> {
            if (weight == null || !(weight >= 0 && weight <= MAX_WEIGHT)) {
                throw new IllegalArgumentException(
                        "the weight of " + dimension + " must be between 0 and " + MAX_WEIGHT + ", was " + weight);
            }
        });
        weights = Collections.unmodifiableMap(copy);
        if (Stream.of(Dimension.values()).allMatch(d -> copy.getOrDefault(d, 1.0) == 0)) {
            throw new IllegalArgumentException("the dimensions' weights must not all be zero");
        }
        cleansing = cleansing == null ? List.of() : List.copyOf(cleansing);
        checks = checks == null ? List.of() : List.copyOf(checks);
        if (cleansing.size() > MAX_CLEANSING_STEPS || checks.size() > MAX_CHECKS) {
            throw new IllegalArgumentException(
                    "at most " + MAX_CLEANSING_STEPS + " cleansing steps and " + MAX_CHECKS + " checks");
        }
        if (cleansing.isEmpty() && checks.isEmpty()) {
            throw new IllegalArgumentException("a rule set needs a check or a cleansing step");
        }
        Set<String> names = new HashSet<>();
        for (String tallied : talliedNames(cleansing, checks)) {
            if (!names.add(tallied)) {
                throw new IllegalArgumentException("'" + tallied + "' names two checks of the rule set");
            }
        }
    }

    /** The weight of a dimension in the overall score: as given, else 1. */
    public double weight(Dimension dimension) {
        return weights.getOrDefault(dimension, 1.0);
    }

    /**
     * The names tallies are kept under, in rule set order: each outlier step's {@link CleansingStep.Outliers#checkName},
     * then each check's name.
     */
    public List<String> talliedNames() {
        return talliedNames(cleansing, checks);
    }

    private static List<String> talliedNames(List<CleansingStep> cleansing, List<CheckSpec> checks) {
        return Stream.concat(
                        cleansing.stream()
                                .filter(CleansingStep.Outliers.class::isInstance)
                                .map(step -> ((CleansingStep.Outliers) step).checkName()),
                        checks.stream().map(CheckSpec::name))
                .toList();
    }
}
