package io.datasync.quality.rules;

import io.datasync.kit.quality.InvalidQualityRuleSetException;
import io.datasync.kit.quality.QualityRuleSet;
import io.datasync.kit.quality.QualityRuleSets;
import io.datasync.models.problem.FieldError;
import io.datasync.models.quality.Dimension;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The kit's quality rule set engine as this service uses it: a body read into a rule set with every error at once
 * (JSON pointers), the canonical JSON it is stored in, and its dimension weights for scoring.
 */
public final class RuleSetDefinitions {

    /** A body read as a rule set: either {@code ruleSet} or a non-empty {@code errors}. */
    public record Parsed(QualityRuleSet ruleSet, List<FieldError> errors) {

        public Parsed {
            errors = List.copyOf(errors);
        }

        public boolean valid() {
            return errors.isEmpty();
        }
    }

    private RuleSetDefinitions() {}

    /** Reads a request body; never throws for bad input, however malformed. */
    public static Parsed parse(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode() || !body.isObject()) {
            return new Parsed(
                    null, List.of(new FieldError("/", "expected a rule set: an object with a name and its checks")));
        }
        try {
            return new Parsed(QualityRuleSets.parse(body), List.of());
        } catch (InvalidQualityRuleSetException e) {
            List<FieldError> errors = e.errors();
            return new Parsed(
                    null,
                    errors == null || errors.isEmpty()
                            ? List.of(new FieldError("/", String.valueOf(e.getMessage())))
                            : errors);
        } catch (IllegalArgumentException e) {
            // the engine's contract is to report through the exception above; anything else is still the input's fault
            return new Parsed(null, List.of(new FieldError("/", String.valueOf(e.getMessage()))));
        }
    }

    /** The canonical JSON of a valid rule set, as stored and as the internal API answers it. */
    public static JsonNode canonical(QualityRuleSet ruleSet) {
        return QualityRuleSets.toJson(ruleSet);
    }

    public static String name(QualityRuleSet ruleSet) {
        return ruleSet.name();
    }

    /** The weights of a stored (canonical, hence valid) rule set. */
    public static Map<Dimension, Double> weights(JsonNode canonical) {
        return QualityRuleSets.parse(canonical).weights();
    }
}
