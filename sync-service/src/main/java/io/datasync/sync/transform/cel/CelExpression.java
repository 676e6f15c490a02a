package io.datasync.sync.transform.cel;

import dev.cel.bundle.CelBuilder;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.NullableType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelUnknownSet;
import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.Schema;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A compiled CEL expression over rows, from {@link CelExpressions#compile(String)}. Immutable and thread-safe: bind it
 * to a schema once, then evaluate rows from any number of threads.
 */
public final class CelExpression {

    private final String source;
    private final Set<String> fields;
    private final CelAbstractSyntaxTree parsed;
    private final CelRuntime.Program program;

    CelExpression(String source, Set<String> fields, CelAbstractSyntaxTree parsed, CelRuntime.Program program) {
        this.source = source;
        this.fields = Set.copyOf(fields);
        this.parsed = parsed;
        this.program = program;
    }

    public String source() {
        return source;
    }

    /** The columns the expression reads (its free identifiers). */
    public Set<String> fields() {
        return fields;
    }

    /**
     * The column type of the result on rows of {@code schema}: the expression is type-checked with each column typed
     * from the schema (nullable), so {@code amount * 100} over a DECIMAL is DECIMAL and over a BIGINT is BIGINT.
     * TEXT when the type depends on the values (e.g. {@code dyn} map access) or is not a column type.
     */
    public DataType resultType(Schema schema) {
        CelBuilder builder = CelExpressions.BASE.toCelBuilder();
        for (String field : fields) {
            OptionalInt index = schema.indexOf(field);
            builder.addVar(
                    field,
                    index.isPresent() ? celType(schema.column(index.getAsInt()).type()) : SimpleType.DYN);
        }
        CelValidationResult checked = builder.build().check(parsed);
        if (checked.hasError()) {
            return DataType.TEXT;
        }
        try {
            CelType type = checked.getAst().getResultType();
            return switch (type.kind()) {
                case BOOL -> DataType.BOOLEAN;
                case INT, UINT -> DataType.BIGINT;
                case DOUBLE -> DataType.DECIMAL;
                case BYTES -> DataType.BYTES;
                default -> DataType.TEXT;
            };
        } catch (CelValidationException | IllegalStateException e) {
            // Only reached when the check above reported no error; TEXT is the documented fallback.
            return DataType.TEXT;
        }
    }

    /** The expression bound to the column positions of {@code schema}; columns it lacks read as null. */
    public Bound bind(Schema schema) {
        Map<String, Integer> positions = new HashMap<>();
        for (String field : fields) {
            schema.indexOf(field).ifPresent(i -> positions.put(field, i));
        }
        return new Bound(Map.copyOf(positions));
    }

    private static CelType celType(DataType type) {
        CelType simple = switch (type) {
            case BOOLEAN -> SimpleType.BOOL;
            case INT, BIGINT -> SimpleType.INT;
            case DECIMAL, DOUBLE -> SimpleType.DOUBLE;
            case BYTES -> SimpleType.BYTES;
            default -> SimpleType.STRING;
        };
        return NullableType.create(simple);
    }

    @Override
    public String toString() {
        return source;
    }

    /** A {@link CelExpression} reading the columns of one schema. Thread-safe. */
    public final class Bound {

        private final Map<String, Integer> positions;

        private Bound(Map<String, Integer> positions) {
            this.positions = positions;
        }

        /**
         * Evaluates on one row (not changed).
         *
         * @return null, Boolean, Long, Double, String, BigInteger, byte[], or lists and maps of those
         * @throws EvaluationException when the expression fails on this row, e.g. {@code amount > 1} with a text
         *     amount
         */
        public Object evaluate(Object[] row) {
            Object result;
            try {
                result = program.eval(name -> {
                    Integer position = positions.get(name);
                    return Optional.of(CelValues.toCel(position == null ? null : row[position]));
                });
            } catch (CelEvaluationException e) {
                throw new EvaluationException(plain(e.getMessage()), e);
            } catch (RuntimeException e) {
                // The runtime throws unchecked exceptions for some inputs; they are still this row's problem.
                throw new EvaluationException(
                        e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
            }
            if (result instanceof CelUnknownSet) {
                throw new EvaluationException("the expression reads a value the row does not have", null);
            }
            return CelValues.fromCel(result);
        }

        public CelExpression expression() {
            return CelExpression.this;
        }
    }

    private static String plain(String message) {
        if (message == null) {
            return "evaluation failed";
        }
        return message.replaceFirst("^evaluation error at <input>:\\d+: ", "").replace("evaluation error: ", "");
    }

    /** An expression that could not be evaluated on a row. */
    public static final class EvaluationException extends RuntimeException {
        public EvaluationException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
