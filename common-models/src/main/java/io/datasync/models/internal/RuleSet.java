package io.datasync.models.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * The current version of a rule set, as config-service's {@code GET /internal/rulesets/by-name/{name}} answers it for
 * sync-service's {@code rules} transform. The JSON is the one users write rule sets in:
 *
 * <pre>{@code
 * { "id": "…", "name": "orders-rules", "version": 3, "rules": [
 *   { "name": "vip", "when": "amount > 1000", "priority": 10,
 *     "then": { "set": { "tier": { "value": "gold" }, "cents": { "expr": "amount * 100" } } } },
 *   { "name": "negative", "when": "amount < 0", "priority": 100, "then": { "reject": "amount must not be negative" } },
 *   { "name": "big", "when": "amount > 10000", "priority": 5, "then": { "tag": "big-order" } } ] }
 * }</pre>
 *
 * How the rules run on a record is config-service's {@code RuleSetDefinition} contract: higher priority first, ties in
 * list order, conditions on the incoming record, the first writer of a field wins, a reject stops.
 *
 * @param version increases with every change of the rule set
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RuleSet(String id, String name, long version, List<Rule> rules) {

    public RuleSet {
        Require.text(name, "name");
        rules = rules == null ? List.of() : List.copyOf(rules);
        Set<String> names = new HashSet<>();
        for (Rule rule : rules) {
            if (!names.add(rule.name())) {
                throw new IllegalArgumentException("rule set " + name + " has two rules named " + rule.name());
            }
        }
    }

    /**
     * One rule: when {@code when} holds on a record, do {@code then}.
     *
     * @param when a CEL condition over the record's fields
     * @param priority higher runs first; equal priorities run in list order
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Rule(String name, String when, int priority, Action then) {
        public Rule {
            Require.text(name, "name");
            Require.text(when, "rule " + name + ": when");
            Require.present(then, "rule " + name + ": then");
        }
    }

    /** What a rule does: exactly one of {@code set}, {@code reject} or {@code tag}. */
    @JsonDeserialize(using = RuleSetJson.ActionReader.class)
    public sealed interface Action permits SetFields, Reject, Tag {}

    /** {@code {"set": {field: value}}}: sets fields, each to a constant or to a CEL expression's value. */
    public record SetFields(@JsonProperty("set") Map<String, SetValue> fields) implements Action {
        public SetFields {
            if (fields == null || fields.isEmpty()) {
                throw new IllegalArgumentException("set needs at least one field");
            }
            fields.forEach((field, value) -> Require.present(value, "set/" + field));
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }
    }

    /** {@code {"reject": reason}}: rejects the record with a reason an operator can act on. */
    public record Reject(@JsonProperty("reject") String reason) implements Action {
        public Reject {
            Require.text(reason, "reject");
        }
    }

    /** {@code {"tag": label}}: adds a label to the record's tags. */
    public record Tag(@JsonProperty("tag") String label) implements Action {
        public Tag {
            Require.text(label, "tag");
        }
    }

    /** The new value of one field: {@code {"value": any JSON}} or {@code {"expr": "CEL"}}. */
    @JsonDeserialize(using = RuleSetJson.SetValueReader.class)
    public sealed interface SetValue permits Constant, Expr {}

    /**
     * A constant, null included.
     *
     * @param value a JSON value as plain Java: text, a number ({@code Integer}, {@code Long}, {@code BigInteger} or
     *     {@code Double}, as the reading mapper gives them), a boolean, a list, a map or null
     */
    public record Constant(
            @JsonInclude(JsonInclude.Include.ALWAYS) Object value) implements SetValue {}

    /** The value of a CEL expression evaluated on the incoming record. */
    public record Expr(String expr) implements SetValue {
        public Expr {
            Require.text(expr, "expr");
        }
    }
}
