package io.datasync.kit.cel;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.DoubleBinaryOperator;
import java.util.function.Supplier;

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
 * <p>Every evaluation is bounded by {@link CelLimits}: the size of the strings, lists and maps it builds, its
 * comprehension iterations, the size of the regular expressions it uses and its time. The limits are those of the
 * process ({@link #useLimits}, set at start from {@code datasync.service.cel.*}) unless given to {@link
 * #compile(String, CelLimits)}; a breach is a {@link CelExpression.LimitExceededException} naming the setting.
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

    /** An arithmetic operator across int and double: {@code function} with overloads {@code name_double_int64}, … */
    private record Mixed(String function, String name, DoubleBinaryOperator op) {}

    private static final List<Mixed> MIXED = List.of(
            new Mixed("_+_", "add", Double::sum),
            new Mixed("_-_", "subtract", (a, b) -> a - b),
            new Mixed("_*_", "multiply", (a, b) -> a * b),
            new Mixed("_/_", "divide", (a, b) -> a / b));

    private static final CelOptions OPTIONS = CelOptions.current()
            .enableHeterogeneousNumericComparisons(true)
            .maxExpressionCodePointSize(MAX_EXPRESSION_CODE_POINTS)
            // Counted by Evaluation against CelLimits instead, so the limit is a setting and a breach cannot be
            // hidden by the interpreter (see Evaluation).
            .comprehensionMaxIterations(-1)
            .build();

    /** The compiler without fields; each expression adds its own as {@code dyn} variables. */
    static final CelCompiler COMPILER = mixedArithmetic(CelCompilerFactory.standardCelCompilerBuilder()
                    .setOptions(OPTIONS)
                    .setStandardMacros(CelStandardMacro.STANDARD_MACROS))
            .build();

    /**
     * One runtime for every expression (variables are resolved by name when evaluating): cel-java's standard
     * functions with the ones that build values or grow with their input replaced by {@link LimitedFunctions}.
     */
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder()
            .setOptions(OPTIONS)
            .setStandardEnvironmentEnabled(false)
            .setStandardFunctions(LimitedFunctions.standardFunctions(OPTIONS))
            .addFunctionBindings(LimitedFunctions.bindings())
            .addFunctionBindings(mixedArithmeticBindings())
            .build();

    private static volatile CelLimits limits = CelLimits.DEFAULTS;

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
     * Compiles an expression (or takes it from the cache), to be evaluated within the process's limits ({@link
     * #limits()}, as they are when it is evaluated). Compile once per rule set version or transform, not per record.
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

    /** {@link #compile(String)}, to be evaluated within {@code limits} instead of the process's. */
    public static CelExpression compile(String expression, CelLimits limits) {
        return compile(expression).withLimits(Objects.requireNonNull(limits, "limits"));
    }

    /**
     * Sets the limits of the process, which every expression compiled without limits of its own is evaluated within
     * from now on: the service kit calls this at start with {@code datasync.service.cel.*}, so config-service's
     * previews and sync-service's runs evaluate within the same configured limits.
     */
    public static void useLimits(CelLimits limits) {
        CelExpressions.limits = Objects.requireNonNull(limits, "limits");
    }

    /** The limits of the process, see {@link #useLimits}. */
    public static CelLimits limits() {
        return limits;
    }

    /**
     * Runs {@code work} (e.g. a preview evaluating many rules on many records) within the process's {@link
     * CelLimits#totalTimeLimit()} of processor time on this thread: once it is used up, every further evaluation
     * fails with a {@link CelExpression.LimitExceededException}, so no request computes longer, however many
     * evaluations it makes. A nested call runs within the outer one's budget.
     */
    public static <T> T withinTotalTimeLimit(Supplier<T> work) {
        return withinTotalTimeLimit(limits.totalTimeLimit(), work);
    }

    /** {@link #withinTotalTimeLimit(Supplier)} with another limit. */
    public static <T> T withinTotalTimeLimit(Duration limit, Supplier<T> work) {
        return Evaluation.withTotalBudget(limit, work);
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
            CelValidationResult parsed = COMPILER.parse(expression);
            if (parsed.hasError()) {
                return new Compiled(null, messages(parsed));
            }
            CelAbstractSyntaxTree ast = parsed.getAst();
            Set<String> fields = new LinkedHashSet<>();
            freeIdentifiers(ast.getExpr(), Set.of(), fields);
            CelCompilerBuilder builder = COMPILER.toCompilerBuilder();
            fields.forEach(field -> builder.addVar(field, SimpleType.DYN));
            CelValidationResult checked = builder.build().check(ast);
            if (checked.hasError()) {
                return new Compiled(null, messages(checked));
            }
            CelAbstractSyntaxTree checkedAst = checked.getAst();
            BitSet loopConditions = new BitSet();
            loopConditions(checkedAst.getExpr(), loopConditions);
            return new Compiled(
                    new CelExpression(
                            expression,
                            fields,
                            checkedAst.getResultType().name(),
                            ast,
                            checkedAst.getExpr(),
                            RUNTIME.createProgram(checkedAst),
                            loopConditions,
                            null),
                    List.of());
        } catch (CelValidationException | CelEvaluationException | RuntimeException e) {
            // The library reports problems as issues; anything it throws instead is still the expression's fault.
            return new Compiled(null, List.of(e.getMessage() == null ? "cannot be compiled" : e.getMessage()));
        }
    }

    private static CelCompilerBuilder mixedArithmetic(CelCompilerBuilder builder) {
        for (Mixed mixed : MIXED) {
            builder.addFunctionDeclarations(CelFunctionDecl.newFunctionDeclaration(
                    mixed.function(),
                    CelOverloadDecl.newGlobalOverload(
                            mixed.name() + "_double_int64", SimpleType.DOUBLE, SimpleType.DOUBLE, SimpleType.INT),
                    CelOverloadDecl.newGlobalOverload(
                            mixed.name() + "_int64_double", SimpleType.DOUBLE, SimpleType.INT, SimpleType.DOUBLE)));
        }
        return builder;
    }

    private static List<CelFunctionBinding> mixedArithmeticBindings() {
        List<CelFunctionBinding> bindings = new ArrayList<>();
        for (Mixed mixed : MIXED) {
            DoubleBinaryOperator op = mixed.op();
            bindings.add(CelFunctionBinding.from(
                    mixed.name() + "_double_int64", Double.class, Long.class, (a, b) -> op.applyAsDouble(a, b)));
            bindings.add(CelFunctionBinding.from(
                    mixed.name() + "_int64_double", Long.class, Double.class, (a, b) -> op.applyAsDouble(a, b)));
        }
        return bindings;
    }

    /** Collects the ids of every comprehension's loop condition: it is evaluated once per iteration. */
    private static void loopConditions(CelExpr expr, BitSet out) {
        switch (expr.getKind()) {
            case SELECT -> loopConditions(expr.select().operand(), out);
            case CALL -> {
                expr.call().target().ifPresent(target -> loopConditions(target, out));
                expr.call().args().forEach(arg -> loopConditions(arg, out));
            }
            case LIST -> expr.list().elements().forEach(e -> loopConditions(e, out));
            case MAP ->
                expr.map().entries().forEach(entry -> {
                    loopConditions(entry.key(), out);
                    loopConditions(entry.value(), out);
                });
            case STRUCT -> expr.struct().entries().forEach(entry -> loopConditions(entry.value(), out));
            case COMPREHENSION -> {
                var comprehension = expr.comprehension();
                out.set(Math.toIntExact(comprehension.loopCondition().id()));
                loopConditions(comprehension.iterRange(), out);
                loopConditions(comprehension.accuInit(), out);
                loopConditions(comprehension.loopCondition(), out);
                loopConditions(comprehension.loopStep(), out);
                loopConditions(comprehension.result(), out);
            }
            default -> {
                // Identifiers and constants hold no comprehension.
            }
        }
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
