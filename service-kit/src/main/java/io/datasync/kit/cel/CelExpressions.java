package io.datasync.kit.cel;

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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleBinaryOperator;

/**
 * Compiles CEL expressions ({@code dev.cel:cel}) over records: every free identifier is a record field of type
 * {@code dyn}, so {@code status == "paid" && amount > 10} is checked with {@code status} and {@code amount} declared;
 * syntax errors, unknown functions and impossible types are reported while any field name is accepted. This is the
 * one CEL environment of the platform: config-service validates and previews rule sets with it and sync-service runs
 * them, so both accept the same expressions and compute the same results.
 *
 * <p>The environment is standard CEL with the standard macros ({@code has}, {@code all}, {@code exists},
 * {@code exists_one}, {@code map}, {@code filter}), plus:
 *
 * <ul>
 *   <li>comparisons across int and double ({@code 100.5 > 100} holds): records mix integer and decimal values
 *       freely, and JSON has one number type;
 *   <li>arithmetic across int and double ({@code amount * 100} with a decimal amount): standard CEL has no such
 *       overloads, so the most natural expression over a decimal field would fail on every record; the int operand is
 *       widened to double, as SQL does.
 * </ul>
 *
 * <p>Compiled expressions are cached by their text (bounded, least recently used first out). Everything here is
 * thread-safe: compiled expressions are immutable and may be evaluated concurrently.
 */
public final class CelExpressions {

    /** Longest expression compiled, in code points; rule sets set their own, smaller limit in bytes. */
    public static final int MAX_EXPRESSION_CODE_POINTS = 16 * 1024;

    /** How many compiled expressions are kept. */
    static final int CACHE_SIZE = 4096;

    /**
     * Names that CEL resolves as types ({@code type(x) == int}); declaring them as fields would shadow the types.
     */
    private static final Set<String> TYPE_NAMES =
            Set.of("int", "uint", "double", "bool", "string", "bytes", "list", "map", "null_type", "type", "dyn");

    private static final CelOptions OPTIONS = CelOptions.current()
            .enableHeterogeneousNumericComparisons(true)
            .maxExpressionCodePointSize(MAX_EXPRESSION_CODE_POINTS)
            // Bounds the work one evaluation can do on a large list field.
            .comprehensionMaxIterations(100_000)
            .build();

    /** The environment without fields; each expression adds its own as {@code dyn} variables. */
    static final Cel BASE = mixedArithmetic(CelFactory.standardCelBuilder()
                    .setOptions(OPTIONS)
                    .setStandardMacros(CelStandardMacro.STANDARD_MACROS))
            .build();

    private static final Map<String, Compiled> CACHE = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Compiled> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    private CelExpressions() {}

    /**
     * What is wrong with an expression: empty when it compiles, else one readable message per problem, with the
     * line and column where CEL found it.
     */
    public static List<String> problems(String expression) {
        return compiled(expression).problems();
    }

    /**
     * Compiles an expression (or takes it from the cache). Compile once per rule set version or transform, not per
     * record.
     *
     * @throws InvalidExpressionException when it does not compile; its {@link InvalidExpressionException#problems()}
     *     are those of {@link #problems(String)}
     */
    public static CelExpression compile(String expression) {
        Compiled compiled = compiled(expression);
        if (compiled.expression() == null) {
            throw new InvalidExpressionException(expression, compiled.problems());
        }
        return compiled.expression();
    }

    private static Compiled compiled(String expression) {
        if (expression == null || expression.isBlank()) {
            return new Compiled(null, List.of("the expression is empty"));
        }
        synchronized (CACHE) {
            Compiled cached = CACHE.get(expression);
            if (cached != null) {
                return cached;
            }
        }
        // Compiled outside the lock: two threads may compile the same text once each, which is harmless.
        Compiled compiled = doCompile(expression);
        synchronized (CACHE) {
            CACHE.put(expression, compiled);
        }
        return compiled;
    }

    private static Compiled doCompile(String expression) {
        try {
            CelValidationResult parsed = BASE.parse(expression);
            if (parsed.hasError()) {
                return new Compiled(null, messages(parsed));
            }
            CelAbstractSyntaxTree ast = parsed.getAst();
            Set<String> fields = new LinkedHashSet<>();
            freeIdentifiers(ast.getExpr(), Set.of(), fields);
            CelBuilder builder = BASE.toCelBuilder();
            fields.forEach(field -> builder.addVar(field, SimpleType.DYN));
            Cel cel = builder.build();
            CelValidationResult checked = cel.check(ast);
            if (checked.hasError()) {
                return new Compiled(null, messages(checked));
            }
            CelAbstractSyntaxTree checkedAst = checked.getAst();
            return new Compiled(
                    new CelExpression(
                            expression,
                            fields,
                            checkedAst.getResultType().name(),
                            ast,
                            checkedAst.getExpr(),
                            cel.createProgram(checkedAst)),
                    List.of());
        } catch (CelValidationException | CelEvaluationException | RuntimeException e) {
            // The library reports problems as issues; anything it throws instead is still the expression's fault.
            return new Compiled(null, List.of(e.getMessage() == null ? "cannot be compiled" : e.getMessage()));
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

    /**
     * Collects identifiers not bound by a comprehension ({@code items.all(i, i > 0)} binds {@code i}), in order of
     * appearance: those are the record fields the expression reads.
     */
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
                // Constants and unset nodes read no field.
            }
        }
    }

    private record Compiled(CelExpression expression, List<String> problems) {}

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
