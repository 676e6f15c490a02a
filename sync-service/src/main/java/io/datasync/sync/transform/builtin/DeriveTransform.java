package io.datasync.sync.transform.builtin;

import io.datasync.kit.cel.CelExpression;
import io.datasync.kit.cel.CelExpressions;
import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.transform.spi.TransformException;
import io.datasync.sync.types.ConversionException;
import io.datasync.sync.types.Conversions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * {@code derive: {total_cents: "amount * 100"}}: sets columns to the value of a CEL expression, adding them at the end
 * or replacing them where they are.
 *
 * <p>The column's type is inferred once per schema, before any row, because the sink needs it up front: the
 * expression is type-checked with the columns' types ({@link RowExpression#resultType}), giving BOOLEAN, BIGINT
 * (integers), DECIMAL (doubles; CEL computes in double precision, so {@code cast} to a {@code decimal(p,s)} afterwards
 * fixes the scale), BYTES or TEXT; TEXT whenever the type depends on the values.
 *
 * <p>Every expression reads the row as it came in, as rule sets do: two columns derived in one step do not see each
 * other (use two steps to chain). An expression that fails on a row where a column it reads is null gives null, as
 * SQL's NULL propagation does ({@code amount * 100} with no amount has no value); any other failure, e.g. arithmetic
 * on text or a broken CEL limit, drops the row with the reason. A column named in an expression that the rows lack is
 * the job's error.
 */
final class DeriveTransform extends RowTransform<DeriveTransform.Plan> {

    private final Map<String, CelExpression> expressions;

    /**
     * @throws CelExpressions.InvalidExpressionException when an expression does not compile
     */
    DeriveTransform(Map<String, String> expressions) {
        super("derive");
        if (expressions.isEmpty()) {
            throw new IllegalArgumentException("derive needs at least one column");
        }
        this.expressions = new LinkedHashMap<>();
        expressions.forEach((column, source) -> this.expressions.put(column, CelExpressions.compile(source)));
    }

    /** @param reads per expression, the positions of the columns it reads */
    record Plan(int outputSize, int[] positions, Column[] targets, RowExpression[] expressions, int[][] reads) {}

    @Override
    Bound<Plan> bind(Schema input) {
        List<Column> columns = new ArrayList<>(input.columns());
        int[] positions = new int[expressions.size()];
        Column[] targets = new Column[expressions.size()];
        RowExpression[] bound = new RowExpression[expressions.size()];
        int[][] reads = new int[expressions.size()][];
        int n = 0;
        for (Map.Entry<String, CelExpression> entry : expressions.entrySet()) {
            CelExpression expression = entry.getValue();
            expression.fields().forEach(field -> requireRead(input, entry.getKey(), field));
            reads[n] = expression.fields().stream()
                    .mapToInt(field -> input.indexOf(field).getAsInt())
                    .toArray();
            DataType type = RowExpression.resultType(expression, input);
            Column target = new Column(entry.getKey(), type, true, 0, 0);
            OptionalInt existing = input.indexOf(entry.getKey());
            if (existing.isPresent()) {
                positions[n] = existing.getAsInt();
                columns.set(positions[n], target);
            } else {
                positions[n] = columns.size();
                columns.add(target);
            }
            targets[n] = target;
            bound[n] = RowExpression.bind(expression, input);
            n++;
        }
        return new Bound<>(
                input, input.withColumns(columns), new Plan(columns.size(), positions, targets, bound, reads));
    }

    private void requireRead(Schema input, String column, String field) {
        if (input.indexOf(field).isEmpty()) {
            throw new TransformException("derive " + column + " reads '" + field + "', which the rows do not have"
                    + " (columns: " + String.join(", ", input.names()) + ")");
        }
    }

    @Override
    Object[] apply(Plan plan, Object[] row) {
        Object[] out = java.util.Arrays.copyOf(row, plan.outputSize());
        for (int n = 0; n < plan.positions().length; n++) {
            Column target = plan.targets()[n];
            Object value;
            try {
                value = plan.expressions()[n].evaluate(row);
            } catch (CelExpression.EvaluationException e) {
                // A broken CEL limit is never a missing value: the row is rejected with it.
                if (!(e instanceof CelExpression.LimitExceededException) && anyNull(plan.reads()[n], row)) {
                    // SQL's rule: an expression over a missing value has no value; not the row's fault.
                    out[plan.positions()[n]] = null;
                    continue;
                }
                throw new RowFailure("derive " + target.name() + " = " + plan.expressions()[n].expression()
                        + " failed: " + e.getMessage());
            }
            try {
                out[plan.positions()[n]] = Conversions.to(value, target);
            } catch (ConversionException e) {
                throw new RowFailure("derive " + target.name() + " gave " + Conversions.show(value) + ", not a "
                        + target.type() + ": " + e.getMessage());
            }
        }
        return out;
    }
}
