package io.datasync.config.job;

import java.util.List;

/** Compiles a CEL expression whose free identifiers are record fields; returns its problems, empty when it compiles. */
@FunctionalInterface
public interface ExpressionChecker {

    List<String> problems(String expression);
}
