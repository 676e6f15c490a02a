package io.datasync.kit.cel;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.CelType;
import dev.cel.common.types.NullableType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelUnknownSet;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A compiled CEL expression over records, from {@link CelExpressions#compile(String)}. Immutable and thread-safe;
 * evaluate it as often and from as many threads as needed.
 *
 * <p>Two forms of result: {@link #evaluate} gives plain Java values, as a row holds them (byte[], Double NaN, …);
 * {@link #evaluateToJson} gives the same value made JSON-safe, for an API answer. Both read the record the same way
 * ({@link CelValues#toCel(Object)}), so a preview and a run agree.
 *
 * <p>Every evaluation is bounded by the expression's {@link #limits()}; a breach is a {@link LimitExceededException},
 * never an {@link OutOfMemoryError} or a thread that does not come back.
 */
public final class CelExpression {

    private final String source;
    private final Set<String> fields;
    private final String resultType;
    private final CelAbstractSyntaxTree parsed;
    private final CelExpr checked;
    private final CelRuntime.Program program;
    private final List<String> fieldOrder;
    private final BitSet loopConditions;
    /** Null for the process's limits at the time of each evaluation. */
    private final CelLimits limits;

    CelExpression(
            String source,
            Set<String> fields,
            String resultType,
            CelAbstractSyntaxTree parsed,
            CelExpr checked,
            CelRuntime.Program program,
            BitSet loopConditions,
            CelLimits limits) {
        this.source = source;
        this.fields = Set.copyOf(fields);
        this.fieldOrder = List.copyOf(fields);
        this.resultType = resultType;
        this.parsed = parsed;
        this.checked = checked;
        this.program = program;
        this.loopConditions = loopConditions;
        this.limits = limits;
    }

    /**
     * This expression evaluated within {@code other} limits, or the process's when null; the compiled program is
     * shared.
     */
    CelExpression withLimits(CelLimits other) {
        return Objects.equals(other, limits)
                ? this
                : new CelExpression(source, fields, resultType, parsed, checked, program, loopConditions, other);
    }

    /**
     * What one evaluation may build and how long it may take: those given to {@link CelExpressions#compile(String,
     * CelLimits)}, else the process's at the time of the evaluation ({@link CelExpressions#limits()}).
     */
    public CelLimits limits() {
        return limits != null ? limits : CelExpressions.limits();
    }

    /** The expression's text. */
    public String source() {
        return source;
    }

    /** The top-level record fields the expression reads (its free identifiers). */
    public Set<String> fields() {
        return fields;
    }

    /**
     * The type CEL inferred for the result with every field {@code dyn}: {@code bool}, {@code int}, {@code string},
     * … or {@code dyn} when it depends on field values.
     */
    public String resultType() {
        return resultType;
    }

    /**
     * The type of the result when the fields have known types: the expression is checked again with each field in
     * {@code fieldTypes} declared as that type or null ({@code amount * 100} with an INT amount is INT, with a DOUBLE
     * amount DOUBLE). Fields not in the map stay {@code dyn}. {@link ValueType#DYN} when the type depends on the
     * values, is none of the simple types, or the typed check fails.
     */
    public ValueType resultType(Map<String, ValueType> fieldTypes) {
        CelCompilerBuilder builder = CelExpressions.COMPILER.toCompilerBuilder();
        for (String field : fields) {
            builder.addVar(field, celType(fieldTypes.getOrDefault(field, ValueType.DYN)));
        }
        CelValidationResult result = builder.build().check(parsed);
        if (result.hasError()) {
            return ValueType.DYN;
        }
        try {
            return switch (result.getAst().getResultType().kind()) {
                case BOOL -> ValueType.BOOL;
                case INT -> ValueType.INT;
                case UINT -> ValueType.UINT;
                case DOUBLE -> ValueType.DOUBLE;
                case STRING -> ValueType.STRING;
                case BYTES -> ValueType.BYTES;
                default -> ValueType.DYN;
            };
        } catch (CelValidationException | IllegalStateException e) {
            // Only reached when the check above reported no error; DYN is the documented fallback.
            return ValueType.DYN;
        }
    }

    /**
     * The checked syntax tree, for analyses of what an expression compares (e.g. the constants a field is compared
     * with). Immutable.
     */
    public CelExpr syntaxTree() {
        return checked;
    }

    /**
     * Evaluates against one record given as a lookup: {@code values} is asked once for each field the expression
     * reads (only those), and null means the field is null or missing.
     *
     * @return the result as a plain Java value, see {@link CelValues#toJava(Object)}
     * @throws LimitExceededException when the evaluation breaks one of its {@link #limits()}
     * @throws EvaluationException when the expression fails on this record, e.g. {@code amount > 1} with a text
     *     amount
     */
    public Object evaluate(Function<String, ?> values) {
        Evaluation evaluation = new Evaluation(limits(), loopConditions);
        evaluation.begin();
        Object[] read = new Object[fieldOrder.size()];
        evaluation.fieldValues(read);
        Object result;
        Evaluation previous = evaluation.enter();
        try {
            result = program.trace(name -> Optional.ofNullable(field(name, values, read)), evaluation);
        } catch (CelEvaluationException e) {
            evaluation.throwIfBroken();
            throw new EvaluationException(plain(e.getMessage()), e);
        } catch (LimitExceededException e) {
            throw e;
        } catch (RuntimeException e) {
            evaluation.throwIfBroken();
            // The runtime throws unchecked exceptions for some bad inputs; they are still this record's problem.
            throw new EvaluationException(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        } finally {
            Evaluation.exit(previous);
        }
        // A breach the interpreter turned into a value and then discarded (e.g. `broken || true`) still counts.
        evaluation.throwIfBroken();
        if (result instanceof CelUnknownSet) {
            throw new EvaluationException("the expression reads a value the record does not have", null);
        }
        evaluation.checkResult(result);
        try {
            return CelValues.toJava(result);
        } catch (IllegalArgumentException e) {
            throw new EvaluationException(e.getMessage(), e);
        }
    }

    /**
     * A field's value as CEL reads it, converted once per evaluation: the interpreter asks again every time the name
     * is evaluated (in a comprehension, on every iteration), and converting copies lists and maps.
     */
    private Object field(String name, Function<String, ?> values, Object[] read) {
        int index = fieldOrder.indexOf(name);
        if (index < 0) {
            return null;
        }
        if (read[index] == null) {
            read[index] = CelValues.toCel(values.apply(name));
        }
        return read[index];
    }

    /**
     * Evaluates against one record. A field the record lacks is {@code null}, as a JSON record would have it.
     *
     * @return the result as a plain Java value, see {@link CelValues#toJava(Object)}
     * @throws EvaluationException when the expression fails on this record
     */
    public Object evaluate(Map<String, ?> record) {
        return evaluate(record::get);
    }

    /**
     * Evaluates against one record, as {@link #evaluate(Map)}, and gives the result JSON-safe (see
     * {@link CelValues#toJson(Object)}): for previews and other API answers.
     *
     * @throws EvaluationException when the expression fails on this record
     */
    public Object evaluateToJson(Map<String, ?> record) {
        return CelValues.jsonSafe(evaluate(record));
    }

    /**
     * Whether a condition holds on a record: only a result of {@code true} does. A failure or any other result
     * (including {@code null}) does not hold, so a condition never matches by accident.
     *
     * @throws LimitExceededException when the evaluation breaks a limit: that is not "does not hold", but an
     *     expression that must be stopped
     */
    public boolean test(Function<String, ?> values) {
        try {
            return Boolean.TRUE.equals(evaluate(values));
        } catch (LimitExceededException e) {
            throw e;
        } catch (EvaluationException e) {
            return false;
        }
    }

    /** {@link #test(Function)} on a record given as a map. */
    public boolean test(Map<String, ?> record) {
        return test(record::get);
    }

    private static CelType celType(ValueType type) {
        return switch (type) {
            case BOOL -> NullableType.create(SimpleType.BOOL);
            case INT -> NullableType.create(SimpleType.INT);
            case UINT -> NullableType.create(SimpleType.UINT);
            case DOUBLE -> NullableType.create(SimpleType.DOUBLE);
            case STRING -> NullableType.create(SimpleType.STRING);
            case BYTES -> NullableType.create(SimpleType.BYTES);
            case DYN -> SimpleType.DYN;
        };
    }

    /** Longest error message kept: a failing function's message quotes its arguments, which may be long texts. */
    static final int MAX_MESSAGE_LENGTH = 1000;

    private static String plain(String message) {
        if (message == null) {
            return "evaluation failed";
        }
        String plain =
                message.replaceFirst("^evaluation error at <input>:\\d+: ", "").replace("evaluation error: ", "");
        return plain.length() > MAX_MESSAGE_LENGTH ? plain.substring(0, MAX_MESSAGE_LENGTH) + "…" : plain;
    }

    @Override
    public String toString() {
        return source;
    }

    /** An expression that could not be evaluated on a record. */
    public static class EvaluationException extends RuntimeException {
        public EvaluationException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * An evaluation that broke one of its {@link CelLimits}: the message says which, with its setting, e.g. {@code
     * the expression built a string longer than 1048576 characters (datasync.service.cel.max-string-length)}. Unlike
     * other evaluation failures it is never a matter of the record's values being null or of a condition not holding:
     * the expression was stopped.
     */
    public static final class LimitExceededException extends EvaluationException {

        private final String setting;

        public LimitExceededException(String message, String setting) {
            super(message, null);
            this.setting = setting;
        }

        /** The setting of the limit, e.g. {@code datasync.service.cel.time-limit}. */
        public String setting() {
            return setting;
        }
    }
}
