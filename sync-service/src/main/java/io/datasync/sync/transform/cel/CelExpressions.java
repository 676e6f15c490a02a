package io.datasync.sync.transform.cel;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelBuilder;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleBinaryOperator;

/**
 * Compiles CEL expressions whose free identifiers are row columns, each declared {@code dyn}: the same options and
 * checks as config-service's {@code CelExpressions}, so an expression config-service accepted compiles here too and
 * evaluates the same way (e.g. {@code 100.5 > 100} holds).
 *
 * <p>One addition: arithmetic mixing {@code int} and {@code double} ({@code amount * 100} with a decimal
 * {@code amount}). Standard CEL has no such overloads, so the most natural derive over a decimal column would fail on
 * every row; here the int operand is widened to double, as SQL does.
 */
public final class CelExpressions {

    /**
     * Names CEL resolves as types ({@code type(x) == int}); declaring them as columns would shadow the types.
     */
    private static final Set<String> TYPE_NAMES =
            Set.of("int", "uint", "double", "bool", "string", "bytes", "list", "map", "null_type", "type", "dyn");

    static final CelOptions OPTIONS = CelOptions.current()
            // Rows mix integer and decimal columns: 100.5 > 100 must hold, as in config-service's rule previews.
            .enableHeterogeneousNumericComparisons(true)
            .maxExpressionCodePointSize(16 * 1024)
            // Bounds the work one evaluation can do on one row.
            .comprehensionMaxIterations(100_000)
            .build();

    static final Cel BASE = mixedArithmetic(CelFactory.standardCelBuilder()
                    .setOptions(OPTIONS)
                    .setStandardMacros(CelStandardMacro.STANDARD_MACROS))
            .build();

    private CelExpressions() {}

    /**
     * Compiles an expression. Compile once per transform or rule set version, not per row.
     *
     * @throws InvalidExpressionException when it does not compile, with every problem CEL found
     */
    public static CelExpression compile(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new InvalidExpressionException(String.valueOf(expression), List.of("the expression is empty"));
        }
        try {
            CelValidationResult parsed = BASE.parse(expression);
            if (parsed.hasError()) {
                throw new InvalidExpressionException(expression, messages(parsed));
            }
            CelAbstractSyntaxTree ast = parsed.getAst();
            Set<String> fields = new LinkedHashSet<>();
            freeIdentifiers(ast.getExpr(), Set.of(), fields);
            CelBuilder builder = BASE.toCelBuilder();
            fields.forEach(field -> builder.addVar(field, SimpleType.DYN));
            Cel cel = builder.build();
            CelValidationResult checked = cel.check(ast);
            if (checked.hasError()) {
                throw new InvalidExpressionException(expression, messages(checked));
            }
            return new CelExpression(expression, fields, ast, cel.createProgram(checked.getAst()));
        } catch (CelValidationException | CelEvaluationException e) {
            throw new InvalidExpressionException(expression, List.of(String.valueOf(e.getMessage())));
        }
    }

    private static CelBuilder mixedArithmetic(CelBuilder builder) {
        mixed(builder, "_+_", "add", Double::sum);
        mixed(builder, "_-_", "subtract", (a, b) -> a - b);
        mixed(builder, "_*_", "multiply", (a, b) -> a * b);
        mixed(builder, "_/_", "divide", (a, b) -> a / b);
        return builder;
    }

    private static void mixed(CelBuilder builder, String function, String name, DoubleBinaryOperator op) {
        String doubleInt = name + "_double_int64";
        String intDouble = name + "_int64_double";
        builder.addFunctionDeclarations(CelFunctionDecl.newFunctionDeclaration(
                function,
                CelOverloadDecl.newGlobalOverload(doubleInt, SimpleType.DOUBLE, SimpleType.DOUBLE, SimpleType.INT),
                CelOverloadDecl.newGlobalOverload(intDouble, SimpleType.DOUBLE, SimpleType.INT, SimpleType.DOUBLE)));
        builder.addFunctionBindings(
                CelFunctionBinding.from(doubleInt, Double.class, Long.class, (a, b) -> op.applyAsDouble(a, b)),
                CelFunctionBinding.from(intDouble, Long.class, Double.class, (a, b) -> op.applyAsDouble(a, b)));
    }

    private static List<String> messages(CelValidationResult result) {
        List<String> messages = new ArrayList<>();
        for (CelIssue issue : result.getErrors()) {
            String message = issue.getMessage().replace(" (in container '')", "");
            var location = issue.getSourceLocation();
            messages.add(
                    location.getLine() > 0
                            ? "line " + location.getLine() + ", column " + (location.getColumn() + 1) + ": " + message
                            : message);
        }
        return messages.isEmpty() ? List.of("cannot be compiled") : List.copyOf(messages);
    }

    /** Identifiers not bound by a comprehension ({@code items.all(i, i > 0)} binds {@code i}): the columns read. */
    private static void freeIdentifiers(CelExpr expr, Set<String> bound, Set<String> out) {
        switch (expr.getKind()) {
            case IDENT -> {
                String name = expr.ident().name();
                if (!bound.contains(name) && !TYPE_NAMES.contains(name)) {
                    out.add(name);
                }
            }
            case SELECT -> freeIdentifiers(expr.select().operand(), bound, out);
            case CALL -> {
                expr.call().target().ifPresent(target -> freeIdentifiers(target, bound, out));
                expr.call().args().forEach(arg -> freeIdentifiers(arg, bound, out));
            }
            case LIST -> expr.list().elements().forEach(e -> freeIdentifiers(e, bound, out));
            case MAP ->
                expr.map().entries().forEach(entry -> {
                    freeIdentifiers(entry.key(), bound, out);
                    freeIdentifiers(entry.value(), bound, out);
                });
            case STRUCT -> expr.struct().entries().forEach(entry -> freeIdentifiers(entry.value(), bound, out));
            case COMPREHENSION -> {
                var comprehension = expr.comprehension();
                freeIdentifiers(comprehension.iterRange(), bound, out);
                freeIdentifiers(comprehension.accuInit(), bound, out);
                Set<String> inner = new HashSet<>(bound);
                inner.add(comprehension.iterVar());
                if (!comprehension.iterVar2().isEmpty()) {
                    inner.add(comprehension.iterVar2());
                }
                inner.add(comprehension.accuVar());
                freeIdentifiers(comprehension.loopCondition(), inner, out);
                freeIdentifiers(comprehension.loopStep(), inner, out);
                Set<String> result = new HashSet<>(bound);
                result.add(comprehension.accuVar());
                freeIdentifiers(comprehension.result(), result, out);
            }
            default -> {
                // Constants and unset nodes read no column.
            }
        }
    }

    /** An expression that does not compile, with every problem found. */
    public static final class InvalidExpressionException extends IllegalArgumentException {

        private final List<String> problems;

        public InvalidExpressionException(String expression, List<String> problems) {
            super("invalid CEL expression '" + expression + "': " + String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }
}
