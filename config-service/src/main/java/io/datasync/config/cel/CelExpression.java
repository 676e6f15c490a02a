package io.datasync.config.cel;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelUnknownSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compiled CEL expression over records, from {@link CelExpressions#compile(String)}. Immutable and thread-safe;
 * evaluate it as often and from as many threads as needed.
 */
public final class CelExpression {

    private final String source;
    private final Set<String> fields;
    private final String resultType;
    private final Map<String, List<Object>> comparedLiterals;
    private final CelRuntime.Program program;

    CelExpression(
            String source,
            Set<String> fields,
            String resultType,
            Map<String, List<Object>> comparedLiterals,
            CelRuntime.Program program) {
        this.source = source;
        this.fields = Set.copyOf(fields);
        this.resultType = resultType;
        this.comparedLiterals = comparedLiterals;
        this.program = program;
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
     * The type CEL inferred for the result: {@code bool}, {@code int}, {@code string}, … or {@code dyn} when it
     * depends on field values.
     */
    public String resultType() {
        return resultType;
    }

    /**
     * The constants each field is compared with, by field path ({@code amount}, {@code customer.tier}); a
     * {@code null} element is the {@code null} constant. Used to build records near the condition's edges.
     */
    public Map<String, List<Object>> comparedLiterals() {
        return comparedLiterals;
    }

    /**
     * Evaluates against one record. A field the record lacks is {@code null}, as a JSON record would have it.
     *
     * @param record field values as JSON gives them (numbers, text, booleans, null, lists, objects)
     * @return the result as a JSON-ready value (see {@link CelValues#fromCel(Object)})
     * @throws EvaluationException when the expression fails on this record, e.g. {@code amount > 1} with a text
     *     amount
     */
    public Object evaluate(Map<String, ?> record) {
        Map<String, Object> activation = new HashMap<>();
        for (String field : fields) {
            activation.put(field, CelValues.toCel(record.get(field)));
        }
        Object result;
        try {
            result = program.eval(activation);
        } catch (CelEvaluationException e) {
            throw new EvaluationException(plain(e.getMessage()), e);
        } catch (RuntimeException e) {
            // The runtime throws unchecked exceptions for some bad inputs; they are still this record's problem.
            throw new EvaluationException(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        }
        if (result instanceof CelUnknownSet) {
            throw new EvaluationException("the expression reads a value the record does not have", null);
        }
        try {
            return CelValues.fromCel(result);
        } catch (IllegalArgumentException e) {
            throw new EvaluationException(e.getMessage(), e);
        }
    }

    /**
     * Whether a condition holds on a record: only a result of {@code true} does. A failure or any other result
     * (including {@code null}) does not hold, so a condition never matches by accident.
     */
    public boolean test(Map<String, ?> record) {
        try {
            return Boolean.TRUE.equals(evaluate(record));
        } catch (EvaluationException e) {
            return false;
        }
    }

    private static String plain(String message) {
        if (message == null) {
            return "evaluation failed";
        }
        return message.replaceFirst("^evaluation error at <input>:\\d+: ", "").replace("evaluation error: ", "");
    }

    @Override
    public String toString() {
        return source;
    }

    /** An expression that could not be evaluated on a record. */
    public static final class EvaluationException extends RuntimeException {
        public EvaluationException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
