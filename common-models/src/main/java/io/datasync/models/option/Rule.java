package io.datasync.models.option;

import java.util.List;
import java.util.Objects;

/**
 * A rule across options (required with, exclusive with, only when …), checked after each option passed its own check.
 * It sees the values that passed (with defaults filled in), knows which were given, may fill in derived values, and
 * reports problems by option name or by a path below one ({@code pagination/cursorPointer}).
 *
 * @param doc the rule in one sentence, shown in the catalog
 */
public record Rule(String doc, Body body) {

    /** What the rule does. */
    @FunctionalInterface
    public interface Body {
        void apply(Scope scope);
    }

    public Rule {
        if (doc == null || doc.isBlank()) {
            throw new IllegalArgumentException("a rule needs a doc");
        }
        Objects.requireNonNull(body, "body");
    }

    public static Rule of(String doc, Body body) {
        return new Rule(doc, body);
    }

    /** {@code option} may only be given when {@code other} has {@code value}. */
    public static Rule onlyWhen(String option, String other, Object value) {
        return of("'" + option + "' applies only when '" + other + "' is " + value, scope -> {
            if (scope.given(option) && !value.equals(scope.get(other))) {
                scope.problem(option, "applies only when " + other + " is " + value);
            }
        });
    }

    /** {@code option} must be given when {@code other} has {@code value}. */
    public static Rule requiredWhen(String option, String other, Object value) {
        return of("'" + option + "' is required when '" + other + "' is " + value, scope -> {
            if (value.equals(scope.get(other)) && scope.get(option) == null) {
                scope.problem(option, "is required when " + other + " is " + value);
            }
        });
    }

    /** At most one of the options may be given. */
    public static Rule exclusive(String a, String b) {
        return of("give '" + a + "' or '" + b + "', not both", scope -> {
            if (scope.given(a) && scope.given(b)) {
                scope.problem(b, "give either " + a + " or " + b + ", not both");
            }
        });
    }

    /** Two options must not have the same value. */
    public static Rule differ(String a, String b) {
        return of("'" + a + "' and '" + b + "' must differ", scope -> {
            Object va = scope.get(a);
            if (va != null && va.equals(scope.get(b))) {
                scope.problem(b, "must differ from " + a + " '" + va + "'");
            }
        });
    }

    /** Exactly the listed options apply, depending on the value of {@code selector}; the rest are refused. */
    public static Rule dependsOn(String selector, java.util.Map<Object, List<String>> applicable) {
        return of("which options apply depends on '" + selector + "'", scope -> {
            Object chosen = scope.get(selector);
            if (chosen == null) {
                return; // the selector itself is invalid: that problem is reported already
            }
            List<String> wanted = applicable.getOrDefault(chosen, List.of());
            applicable.values().stream().flatMap(List::stream).distinct().forEach(option -> {
                if (!wanted.contains(option) && scope.given(option)) {
                    scope.problem(option, "does not apply to " + selector + " '" + chosen + "'");
                } else if (wanted.contains(option) && scope.get(option) == null) {
                    scope.problem(option, "is required for " + selector + " '" + chosen + "'");
                }
            });
        });
    }
}
