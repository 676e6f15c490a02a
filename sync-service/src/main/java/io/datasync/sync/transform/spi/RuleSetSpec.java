package io.datasync.sync.transform.spi;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A rule set as the {@code rules} transform runs it, the same model as config-service's rule sets (so its internal
 * API can be mapped onto this one field by field):
 *
 * <pre>{@code
 * { name: orders-rules, version: 3, rules: [
 *     { name: vip,      when: "amount > 1000", priority: 10, then: { set: { tier: { value: gold } } } },
 *     { name: negative, when: "amount < 0",    priority: 100, then: { reject: "amount must not be negative" } },
 *     { name: big,      when: "amount > 10000", priority: 5,  then: { tag: big-order } } ] }
 * }</pre>
 *
 * <p>How it runs on a row is described on the {@code rules} transform ({@code transform.builtin.RulesTransform}).
 *
 * @param version increases with every change; tells the transform when to recompile
 */
public record RuleSetSpec(String name, long version, List<Rule> rules) {

    public RuleSetSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a rule set needs a name");
        }
        rules = List.copyOf(rules);
        Set<String> names = new HashSet<>();
        for (Rule rule : rules) {
            if (!names.add(rule.name())) {
                throw new IllegalArgumentException("rule set " + name + " has two rules named " + rule.name());
            }
        }
    }

    /**
     * One rule: when {@code when} holds on a row, do {@code then}.
     *
     * @param when a CEL condition over the row's columns
     * @param priority higher runs first; equal priorities run in list order
     */
    public record Rule(String name, String when, int priority, Action then) {
        public Rule {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a rule needs a name");
            }
            if (when == null || when.isBlank()) {
                throw new IllegalArgumentException("rule " + name + " needs a condition");
            }
            if (then == null) {
                throw new IllegalArgumentException("rule " + name + " needs an action");
            }
        }
    }

    /** What a rule does: set columns, reject the row, or tag it. */
    public sealed interface Action permits SetFields, Reject, Tag {}

    /** Sets columns, each to a constant or to the value of a CEL expression on the incoming row. */
    public record SetFields(Map<String, SetValue> fields) implements Action {
        public SetFields {
            if (fields == null || fields.isEmpty()) {
                throw new IllegalArgumentException("set needs at least one column");
            }
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }
    }

    /** Rejects the row with a reason an operator can act on. */
    public record Reject(String reason) implements Action {
        public Reject {
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("reject needs a reason");
            }
        }
    }

    /** Adds a label to the row's {@code _tags}; labels are joined with commas there, so they cannot contain one. */
    public record Tag(String label) implements Action {
        public Tag {
            if (label == null || label.isBlank() || label.contains(",")) {
                throw new IllegalArgumentException("a tag is a non-blank label without commas: " + label);
            }
        }
    }

    /** The new value of one column. */
    public sealed interface SetValue permits Constant, Expr {}

    /** A constant, null included. */
    public record Constant(Object value) implements SetValue {}

    /** The value of a CEL expression on the incoming row. */
    public record Expr(String expr) implements SetValue {
        public Expr {
            if (expr == null || expr.isBlank()) {
                throw new IllegalArgumentException("expr must not be blank");
            }
        }
    }
}
