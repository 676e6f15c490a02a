package io.datasync.sync.transform;

import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.transform.cel.CelExpression;
import io.datasync.sync.transform.cel.CelExpressions;

/**
 * {@code filter: "status != 'test'"}: keeps the rows a CEL condition is {@code true} on and leaves out, silently,
 * those it is {@code false} or null on. A condition that fails on a row (e.g. {@code amount > 0} with a null amount)
 * or gives something else than a boolean drops the row as an error, because nobody decided about it.
 */
final class FilterTransform extends RowTransform<CelExpression.Bound> {

    private final CelExpression condition;

    /**
     * @throws CelExpressions.InvalidExpressionException when the condition does not compile
     */
    FilterTransform(String condition) {
        super("filter");
        this.condition = CelExpressions.compile(condition);
    }

    @Override
    Bound<CelExpression.Bound> bind(Schema input) {
        for (String field : condition.fields()) {
            if (input.indexOf(field).isEmpty()) {
                throw new TransformException("filter " + condition + " reads '" + field + "', which the rows do not"
                        + " have (columns: " + String.join(", ", input.names()) + ")");
            }
        }
        return new Bound<>(input, input, condition.bind(input));
    }

    @Override
    Object[] apply(CelExpression.Bound bound, Object[] row) {
        Object result;
        try {
            result = bound.evaluate(row);
        } catch (CelExpression.EvaluationException e) {
            throw new RowFailure("filter " + condition + " failed: " + e.getMessage());
        }
        if (Boolean.TRUE.equals(result)) {
            return row;
        }
        if (result == null || Boolean.FALSE.equals(result)) {
            return null;
        }
        throw new RowFailure("filter " + condition + " gave " + Conversions.show(result) + ", not true or false");
    }
}
