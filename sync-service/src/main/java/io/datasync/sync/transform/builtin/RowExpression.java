package io.datasync.sync.transform.builtin;

import io.datasync.kit.cel.CelExpression;
import io.datasync.kit.cel.ValueType;
import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.Schema;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A CEL expression (compiled by the platform's one CEL environment, {@link io.datasync.kit.cel.CelExpressions})
 * bound to the column positions of one schema, so a row is read by index instead of by name. Immutable and
 * thread-safe: bind once per schema, then evaluate rows from any number of threads.
 */
final class RowExpression {

    private final CelExpression expression;
    private final Map<String, Integer> positions;

    private RowExpression(CelExpression expression, Map<String, Integer> positions) {
        this.expression = expression;
        this.positions = positions;
    }

    /** {@code expression} reading the columns of {@code schema}; columns the schema lacks read as null. */
    static RowExpression bind(CelExpression expression, Schema schema) {
        Map<String, Integer> positions = new HashMap<>();
        for (String field : expression.fields()) {
            schema.indexOf(field).ifPresent(i -> positions.put(field, i));
        }
        return new RowExpression(expression, Map.copyOf(positions));
    }

    /**
     * The column type of the expression's result on rows of {@code schema}: the expression is type-checked with each
     * column typed from the schema (nullable), so {@code amount * 100} over a DECIMAL is DECIMAL and over a BIGINT is
     * BIGINT. TEXT when the type depends on the values (e.g. {@code dyn} map access) or is not a column type.
     */
    static DataType resultType(CelExpression expression, Schema schema) {
        Map<String, ValueType> types = new HashMap<>();
        for (String field : expression.fields()) {
            OptionalInt index = schema.indexOf(field);
            if (index.isPresent()) {
                types.put(field, valueType(schema.column(index.getAsInt()).type()));
            }
        }
        return switch (expression.resultType(types)) {
            case BOOL -> DataType.BOOLEAN;
            case INT, UINT -> DataType.BIGINT;
            case DOUBLE -> DataType.DECIMAL;
            case BYTES -> DataType.BYTES;
            default -> DataType.TEXT;
        };
    }

    private static ValueType valueType(DataType type) {
        return switch (type) {
            case BOOLEAN -> ValueType.BOOL;
            case INT, BIGINT -> ValueType.INT;
            case DECIMAL, DOUBLE -> ValueType.DOUBLE;
            case BYTES -> ValueType.BYTES;
            // Dates, times, UUIDs and JSON reach CEL as text.
            default -> ValueType.STRING;
        };
    }

    /**
     * Evaluates on one row (not changed).
     *
     * @return null, Boolean, Long, Double, String, BigInteger, byte[], or lists and maps of those
     * @throws CelExpression.EvaluationException when the expression fails on this row, e.g. {@code amount > 1} with
     *     a text amount
     */
    Object evaluate(Object[] row) {
        return expression.evaluate(name -> {
            Integer position = positions.get(name);
            return position == null ? null : row[position];
        });
    }

    CelExpression expression() {
        return expression;
    }

    @Override
    public String toString() {
        return expression.source();
    }
}
