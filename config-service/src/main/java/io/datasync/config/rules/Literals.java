package io.datasync.config.rules;

import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import io.datasync.kit.cel.CelExpression;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Finds the constants an expression compares record fields with ({@code amount > 100}, {@code status in ["a", "b"]},
 * {@code code.startsWith("X")}), so test records can be built around the values where a condition changes its mind.
 */
final class Literals {

    private static final Set<String> COMPARISONS = Set.of("_==_", "_!=_", "_<_", "_<=_", "_>_", "_>=_", "@in");

    private static final Set<String> STRING_TESTS = Set.of("startsWith", "endsWith", "contains", "matches");

    private Literals() {}

    /** Stands for the {@code null} constant while collecting; {@link Optional} and sets of constants need a value. */
    private static final Object NULL = new Object();

    /**
     * Found once per compiled expression, since conflict detection asks again for every pair of rules; weak, so an
     * expression the CEL cache dropped and no rule set holds takes its entry with it.
     */
    private static final Map<CelExpression, Map<String, List<Object>>> FOUND =
            Collections.synchronizedMap(new WeakHashMap<>());

    /** {@link #collect(CelExpr)} for a compiled expression, remembered. */
    static Map<String, List<Object>> of(CelExpression expression) {
        return FOUND.computeIfAbsent(expression, e -> collect(e.syntaxTree()));
    }

    /**
     * The constants each field path (dotted for nested fields, e.g. {@code customer.tier}) is compared with, in order
     * of appearance, without duplicates; a {@code null} element stands for the {@code null} constant.
     */
    static Map<String, List<Object>> collect(CelExpr root) {
        Map<String, Set<Object>> found = new LinkedHashMap<>();
        walk(root, found);
        Map<String, List<Object>> out = new LinkedHashMap<>();
        // Stream.toList() is unmodifiable and, unlike List.copyOf, accepts the null constant.
        found.forEach((field, values) ->
                out.put(field, values.stream().map(v -> v == NULL ? null : v).toList()));
        return Collections.unmodifiableMap(out);
    }

    private static void walk(CelExpr expr, Map<String, Set<Object>> out) {
        switch (expr.getKind()) {
            case CALL -> {
                var call = expr.call();
                List<CelExpr> args = call.args();
                if (COMPARISONS.contains(call.function()) && args.size() == 2) {
                    compare(args.get(0), args.get(1), out);
                    if (!call.function().equals("@in")) {
                        compare(args.get(1), args.get(0), out);
                    }
                } else if (STRING_TESTS.contains(call.function())
                        && call.target().isPresent()
                        && args.size() == 1) {
                    path(call.target().get())
                            .ifPresent(path -> constant(args.get(0))
                                    .filter(String.class::isInstance)
                                    .ifPresent(value -> add(out, path, value)));
                }
                call.target().ifPresent(target -> walk(target, out));
                args.forEach(arg -> walk(arg, out));
            }
            case SELECT -> walk(expr.select().operand(), out);
            case LIST -> expr.list().elements().forEach(e -> walk(e, out));
            case MAP ->
                expr.map().entries().forEach(entry -> {
                    walk(entry.key(), out);
                    walk(entry.value(), out);
                });
            case COMPREHENSION -> {
                var comprehension = expr.comprehension();
                walk(comprehension.iterRange(), out);
                walk(comprehension.loopStep(), out);
                walk(comprehension.result(), out);
            }
            default -> {
                // Identifiers and constants alone compare nothing.
            }
        }
    }

    /** {@code field OP constant}, or {@code field in [constants]}. */
    private static void compare(CelExpr left, CelExpr right, Map<String, Set<Object>> out) {
        Optional<String> path = path(left);
        if (path.isEmpty()) {
            return;
        }
        if (right.getKind() == CelExpr.ExprKind.Kind.LIST) {
            right.list().elements().forEach(e -> constant(e).ifPresent(value -> add(out, path.get(), value)));
        } else {
            constant(right).ifPresent(value -> add(out, path.get(), value));
        }
    }

    private static void add(Map<String, Set<Object>> out, String path, Object value) {
        out.computeIfAbsent(path, p -> new LinkedHashSet<>()).add(value);
    }

    /** The dotted path of {@code a} or {@code a.b.c}; empty for anything computed. */
    private static Optional<String> path(CelExpr expr) {
        return switch (expr.getKind()) {
            case IDENT -> Optional.of(expr.ident().name());
            case SELECT ->
                expr.select().testOnly()
                        ? Optional.empty()
                        : path(expr.select().operand())
                                .map(p -> p + "." + expr.select().field());
            default -> Optional.empty();
        };
    }

    /** The value of a constant as a record would hold it; {@link #NULL} for {@code null}. */
    private static Optional<Object> constant(CelExpr expr) {
        if (expr.getKind() != CelExpr.ExprKind.Kind.CONSTANT) {
            return Optional.empty();
        }
        CelConstant constant = expr.constant();
        return switch (constant.getKind()) {
            case INT64_VALUE -> Optional.of(constant.int64Value());
            case UINT64_VALUE -> Optional.of(constant.uint64Value().longValue());
            case DOUBLE_VALUE -> Optional.of(constant.doubleValue());
            case STRING_VALUE -> Optional.of(constant.stringValue());
            case BOOLEAN_VALUE -> Optional.of(constant.booleanValue());
            case NULL_VALUE -> Optional.of(NULL);
            default -> Optional.empty();
        };
    }
}
