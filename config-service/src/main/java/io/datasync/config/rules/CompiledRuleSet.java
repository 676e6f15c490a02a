package io.datasync.config.rules;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.datasync.kit.cel.CelExpression;
import io.datasync.kit.cel.CelExpression.LimitExceededException;
import io.datasync.kit.cel.CelExpressions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A rule set ready to run: every expression compiled once, rules in run order. Immutable and thread-safe. How a
 * record is processed is described on {@link RuleSetDefinition}.
 */
public final class CompiledRuleSet {

    /** A rule with its expressions compiled and its position in the set. */
    record CompiledRule(int index, Rule rule, CelExpression when, Map<String, CelExpression> computed) {

        /**
         * The value this rule's {@code set} gives {@code field} on {@code record}.
         *
         * @throws CelExpression.EvaluationException when the field's expression fails on the record
         */
        Object valueOf(String field, Map<String, Object> record) {
            Action.SetValue value = ((Action.SetFields) rule.then()).fields().get(field);
            if (value instanceof Action.Computed) {
                return computed.get(field).evaluateToJson(record);
            }
            return ((Action.Constant) value).value();
        }
    }

    private final RuleSetDefinition definition;
    private final List<CompiledRule> rules;
    private final List<CompiledRule> runOrder;

    private CompiledRuleSet(RuleSetDefinition definition) {
        this.definition = definition;
        List<CompiledRule> compiled = new ArrayList<>();
        for (int i = 0; i < definition.rules().size(); i++) {
            Rule rule = definition.rules().get(i);
            Map<String, CelExpression> computed = new LinkedHashMap<>();
            if (rule.then() instanceof Action.SetFields set) {
                set.fields().forEach((field, value) -> {
                    if (value instanceof Action.Computed c) {
                        computed.put(field, CelExpressions.compile(c.expr()));
                    }
                });
            }
            compiled.add(new CompiledRule(i, rule, CelExpressions.compile(rule.when()), Map.copyOf(computed)));
        }
        this.rules = List.copyOf(compiled);
        this.runOrder = compiled.stream()
                .sorted(Comparator.comparingInt((CompiledRule r) -> r.rule().priority())
                        .reversed()
                        .thenComparingInt(CompiledRule::index))
                .toList();
    }

    /**
     * Compiles a checked definition.
     *
     * @throws CelExpressions.InvalidExpressionException if an expression does not compile, which {@link RuleSetJson}
     *     has already ruled out for definitions it read
     */
    public static CompiledRuleSet of(RuleSetDefinition definition) {
        return new CompiledRuleSet(definition);
    }

    public RuleSetDefinition definition() {
        return definition;
    }

    /** The rules in their order in the set. */
    List<CompiledRule> rules() {
        return rules;
    }

    /**
     * Runs the rule set on one record; the record is not changed.
     *
     * @throws RuleLimitException when a rule's expression breaks a CEL limit on the record: unlike other failures,
     *     which the rule's trace reports, that stops the record, as it stops the row in a run
     */
    public RecordResult evaluate(Map<String, Object> input) {
        Map<String, Object> output = new LinkedHashMap<>(input);
        Map<String, String> writtenBy = new LinkedHashMap<>();
        Set<String> tags = new LinkedHashSet<>();
        List<RuleTrace> traces = new ArrayList<>();
        String rejectedBy = null;
        String reason = null;
        for (CompiledRule compiled : runOrder) {
            Rule rule = compiled.rule();
            if (rejectedBy != null) {
                traces.add(RuleTrace.of(rule, RuleTrace.SKIPPED)
                        .withError("not run: rule '" + rejectedBy + "' rejected the record first"));
                continue;
            }
            Object matched;
            try {
                matched = compiled.when().evaluate(input);
            } catch (LimitExceededException e) {
                throw RuleLimitException.inCondition(compiled, e);
            } catch (CelExpression.EvaluationException e) {
                traces.add(RuleTrace.of(rule, RuleTrace.FAILED).withError("condition failed: " + e.getMessage()));
                continue;
            }
            if (!Boolean.TRUE.equals(matched)) {
                traces.add(RuleTrace.of(rule, RuleTrace.NOT_MATCHED));
                continue;
            }
            if (rule.then() instanceof Action.Reject reject) {
                rejectedBy = rule.name();
                reason = reject.reason();
                traces.add(RuleTrace.of(rule, RuleTrace.APPLIED).withReject(reject.reason()));
            } else if (rule.then() instanceof Action.Tag tag) {
                tags.add(tag.label());
                traces.add(RuleTrace.of(rule, RuleTrace.APPLIED).withTag(tag.label()));
            } else {
                traces.add(applySet(compiled, (Action.SetFields) rule.then(), input, output, writtenBy));
            }
        }
        return rejectedBy == null
                ? new RecordResult(RecordResult.ACCEPTED, output, null, null, List.copyOf(tags), traces)
                : new RecordResult(RecordResult.REJECTED, null, rejectedBy, reason, List.copyOf(tags), traces);
    }

    private static RuleTrace applySet(
            CompiledRule compiled,
            Action.SetFields set,
            Map<String, Object> input,
            Map<String, Object> output,
            Map<String, String> writtenBy) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String field : set.fields().keySet()) {
            try {
                values.put(field, compiled.valueOf(field, input));
            } catch (LimitExceededException e) {
                throw RuleLimitException.inValue(compiled, field, e);
            } catch (CelExpression.EvaluationException e) {
                // All or nothing: a rule that cannot compute one of its fields changes none of them.
                return RuleTrace.of(compiled.rule(), RuleTrace.FAILED)
                        .withError("set " + field + " failed: " + e.getMessage());
            }
        }
        Map<String, Object> written = new LinkedHashMap<>();
        Map<String, String> overridden = new LinkedHashMap<>();
        values.forEach((field, value) -> {
            String earlier = writtenBy.putIfAbsent(field, compiled.rule().name());
            if (earlier == null) {
                output.put(field, value);
                written.put(field, value);
            } else {
                overridden.put(field, earlier);
            }
        });
        return new RuleTrace(
                compiled.rule().name(),
                compiled.rule().priority(),
                RuleTrace.APPLIED,
                written,
                overridden.isEmpty() ? null : overridden,
                null,
                null,
                null);
    }

    /**
     * What the rule set did to one record.
     *
     * @param outcome {@code accepted} or {@code rejected}
     * @param record the resulting record; null when rejected
     * @param rejectedBy the rule that rejected the record, null when accepted
     * @param tags labels added by matching {@code tag} rules, in run order
     * @param rules every rule in run order with what it did
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RecordResult(
            String outcome,
            Map<String, Object> record,
            String rejectedBy,
            String reason,
            List<String> tags,
            List<RuleTrace> rules) {
        public static final String ACCEPTED = "accepted";
        public static final String REJECTED = "rejected";
    }

    /**
     * What one rule did to one record.
     *
     * @param status {@code applied}, {@code notMatched}, {@code failed} (its condition or a computed value failed on
     *     the record; see {@code error}) or {@code skipped} (a reject ran before it)
     * @param set the fields it wrote, with their new values
     * @param overridden fields it would have set but an earlier (higher priority) rule had, by that rule's name
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RuleTrace(
            String rule,
            int priority,
            String status,
            Map<String, Object> set,
            Map<String, String> overridden,
            String reject,
            String tag,
            String error) {
        public static final String APPLIED = "applied";
        public static final String NOT_MATCHED = "notMatched";
        public static final String FAILED = "failed";
        public static final String SKIPPED = "skipped";

        static RuleTrace of(Rule rule, String status) {
            return new RuleTrace(rule.name(), rule.priority(), status, null, null, null, null, null);
        }

        RuleTrace withError(String message) {
            return new RuleTrace(rule, priority, status, set, overridden, reject, tag, message);
        }

        RuleTrace withReject(String reason) {
            return new RuleTrace(rule, priority, status, set, overridden, reason, tag, error);
        }

        RuleTrace withTag(String label) {
            return new RuleTrace(rule, priority, status, set, overridden, reject, label, error);
        }
    }
}
