package io.datasync.sync.transform.builtin;

import io.datasync.kit.cel.CelExpression;
import io.datasync.kit.cel.CelExpressions;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.transform.spi.TransformException;
import io.datasync.sync.types.Conversions;

/**
 * {@code filter: "status != 'test'"}: keeps the rows a CEL condition is {@code true} on and leaves out, silently,
 * those it is {@code false} or null on. A condition that fails where a column it reads is null ({@code amount > 0}
 * with no amount) is null, as in a SQL {@code WHERE}: the row is left out. Any other failure (e.g. {@code amount > 0}
 * with a text amount, or a broken CEL limit) or a result that is not a boolean drops the row as an error, because
 * nobody decided about it.
 */
final class FilterTransform extends RowTransform<FilterTransform.Plan> {

    private final CelExpression condition;

    /**
     * @throws CelExpressions.InvalidExpressionException when the condition does not compile
     */
    FilterTransform(String condition) {
        super("filter");
        this.condition = CelExpressions.compile(condition);
    }

    /** @param reads the positions of the columns the condition reads */
    record Plan(RowExpression condition, int[] reads) {}

    @Override
    Bound<Plan> bind(Schema input) {
        for (String field : condition.fields()) {
            if (input.indexOf(field).isEmpty()) {
                throw new TransformException("filter " + condition + " reads '" + field + "', which the rows do not"
                        + " have (columns: " + String.join(", ", input.names()) + ")");
            }
        }
        int[] reads = condition.fields().stream()
                .mapToInt(field -> input.indexOf(field).getAsInt())
                .toArray();
        return new Bound<>(input, input, new Plan(RowExpression.bind(condition, input), reads));
    }

    @Override
    Object[] apply(Plan plan, Object[] row) {
        Object result;
        try {
            result = plan.condition().evaluate(row);
        } catch (CelExpression.EvaluationException e) {
            // A broken CEL limit is never a missing value: the row is rejected with it.
            if (!(e instanceof CelExpression.LimitExceededException) && anyNull(plan.reads(), row)) {
                return null;
            }
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
