package io.datasync.config.job;

import java.util.List;

/** Compiles a CEL expression whose free identifiers are record fields; returns its problems, empty when it compiles. */
@FunctionalInterface
public interface ExpressionChecker {

    List<String> problems(String expression);

    /**
     * The type CEL infers for a compiling expression with every field {@code dyn}: {@code bool}, {@code int},
     * {@code string} … or {@code dyn} when it depends on the fields' values.
     */
    default String resultType(String expression) {
        return "dyn";
    }
}
