package io.datasync.config.rules;

import java.util.Objects;

/**
 * One business rule: when {@code when} holds on a record, do {@code then}.
 *
 * @param when a CEL condition over the record's fields
 * @param priority higher runs first; see {@link RuleSetDefinition} for ties
 */
public record Rule(String name, String when, Action then, int priority) {
    public Rule {
        if (!RuleSetJson.SAFE_NAME.matcher(Objects.requireNonNull(name, "name")).matches()) {
            throw new IllegalArgumentException("invalid rule name '" + name + "'");
        }
        if (when == null || when.isBlank()) {
            throw new IllegalArgumentException("rule '" + name + "' has no condition");
        }
        Objects.requireNonNull(then, "then");
    }
}
