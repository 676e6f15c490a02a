package io.datasync.config.rules;

import java.util.List;
import java.util.Objects;

/**
 * A rule set as a user writes it, in JSON (keys camelCase):
 *
 * <pre>{@code
 * {
 *   "name": "orders-rules",
 *   "description": "optional text",
 *   "rules": [
 *     { "name": "vip",      "when": "amount > 1000",        "priority": 10,
 *       "then": { "set": { "tier": { "value": "gold" }, "discount": { "expr": "amount * 0.05" } } } },
 *     { "name": "negative", "when": "amount < 0",           "priority": 100,
 *       "then": { "reject": "amount must not be negative" } },
 *     { "name": "big",      "when": "amount > 10000",       "priority": 5,
 *       "then": { "tag": "big-order" } }
 *   ]
 * }
 * }</pre>
 *
 * <p>{@code when} is a CEL condition over the record's fields (free identifiers are fields). {@code then} has exactly
 * one of: {@code set} (field name → {@code {"value": any JSON}} or {@code {"expr": "CEL"}}), {@code reject} (the
 * reason) or {@code tag} (a label).
 *
 * <p>How a rule set runs on one record ({@link CompiledRuleSet#evaluate}):
 *
 * <ol>
 *   <li>Rules run in priority order, higher first; rules of equal priority run in their order in the list (the tie
 *       rule). Conflict detection refuses the equal-priority pairs whose order could change the outcome, so the tie
 *       rule only orders actions that commute.
 *   <li>Every condition and every {@code expr} reads the record as it came in, never another rule's changes, so
 *       whether a rule matches does not depend on the order.
 *   <li>A {@code set} writes its fields unless a rule that ran earlier (higher priority) set them already: the first
 *       writer wins and the later one is reported as overridden.
 *   <li>A {@code reject} stops the evaluation: the record is rejected with that reason, later rules do not run, and
 *       no resulting record is given.
 *   <li>A {@code tag} adds a label to the record's tags (each label once, in order of the rules).
 *   <li>A condition that fails on the record (e.g. {@code amount > 1} with text in {@code amount}) or is not
 *       {@code true} does not match.
 * </ol>
 *
 * @param description optional, null when absent
 */
public record RuleSetDefinition(String name, String description, List<Rule> rules) {

    /** Most rules in one set. */
    public static final int MAX_RULES = 500;

    public RuleSetDefinition {
        if (!RuleSetJson.SAFE_NAME.matcher(Objects.requireNonNull(name, "name")).matches()) {
            throw new IllegalArgumentException("invalid rule set name '" + name + "'");
        }
        rules = List.copyOf(rules);
        if (rules.size() > MAX_RULES) {
            throw new IllegalArgumentException("more than " + MAX_RULES + " rules");
        }
        if (rules.stream().map(Rule::name).distinct().count() != rules.size()) {
            throw new IllegalArgumentException("rule names must be unique in a rule set");
        }
    }
}
