package io.datasync.sync.transform.builtin;

import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.transform.spi.RowError;
import io.datasync.sync.transform.spi.Transform;
import io.datasync.sync.transform.spi.TransformException;
import io.datasync.sync.types.ConversionException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A transform that works row by row with a plan prepared once per input schema (column positions, output schema,
 * bound expressions). The last plan is kept: all chunks of a split normally share one schema.
 *
 * @param <P> what the transform prepares for one input schema
 */
abstract class RowTransform<P> implements Transform {

    private final String kind;

    /** Replaced whole, never changed, so concurrent readers see a consistent plan. */
    private volatile Bound<P> last;

    RowTransform(String kind) {
        this.kind = kind;
    }

    /** The kind as the job definition names it, used in {@link RowError#transform()}. */
    final String kind() {
        return kind;
    }

    /**
     * Prepares for rows of {@code input}.
     *
     * @throws TransformException when the step does not fit the schema
     */
    abstract Bound<P> bind(Schema input);

    /**
     * One output row for {@code row}, a new array unless nothing changes, or null to leave the row out silently (a
     * filter).
     *
     * @throws RowFailure when the row cannot be transformed (a {@link ConversionException} from a conversion counts the
     *     same)
     */
    abstract Object[] apply(P plan, Object[] row);

    @Override
    public final Schema outputSchema(Schema input) {
        return bound(input).output();
    }

    @Override
    public Result apply(Chunk chunk) {
        Bound<P> bound = bound(chunk.schema());
        return applyRows(kind, chunk, bound.output(), row -> apply(bound.plan(), row));
    }

    /**
     * Applies {@code perRow} to every row, collecting output rows and, for each {@link RowFailure} or value that does
     * not convert ({@link ConversionException}), a {@link RowError} naming {@code kind}.
     */
    static Result applyRows(String kind, Chunk chunk, Schema output, UnaryOperator<Object[]> perRow) {
        List<Object[]> rows = new ArrayList<>(chunk.size());
        int[] inputRows = new int[chunk.size()];
        List<RowError> errors = new ArrayList<>(0);
        List<Object[]> in = chunk.rows();
        for (int i = 0; i < in.size(); i++) {
            Object[] row = in.get(i);
            try {
                Object[] out = perRow.apply(row);
                if (out != null) {
                    inputRows[rows.size()] = i;
                    rows.add(out);
                }
            } catch (RowFailure | ConversionException e) {
                errors.add(new RowError(i, keyOf(chunk.schema(), row), kind, e.getMessage()));
            }
        }
        return new Result(chunk.with(output, rows), errors, java.util.Arrays.copyOf(inputRows, rows.size()));
    }

    final Bound<P> bound(Schema input) {
        Bound<P> current = last;
        if (current != null && (current.input() == input || current.input().equals(input))) {
            return current;
        }
        Bound<P> fresh = bind(input);
        last = fresh;
        return fresh;
    }

    /** The key values of a row in the order of the schema's keys, or null when the schema has no key. */
    static Object[] keyOf(Schema schema, Object[] row) {
        if (schema.keys().isEmpty()) {
            return null;
        }
        Object[] key = new Object[schema.keys().size()];
        for (int k = 0; k < key.length; k++) {
            key[k] = row[schema.indexOf(schema.keys().get(k)).getAsInt()];
        }
        return key;
    }

    /** Whether any of the values at {@code positions} is null. */
    static boolean anyNull(int[] positions, Object[] row) {
        for (int at : positions) {
            if (row[at] == null) {
                return true;
            }
        }
        return false;
    }

    /** The position of a column the step names, or a {@link TransformException} saying it is missing. */
    final int require(Schema schema, String column) {
        return schema.indexOf(column)
                .orElseThrow(() -> new TransformException(kind + " names column '" + column
                        + "', which the rows do not have (columns: " + String.join(", ", schema.names()) + ")"));
    }

    /**
     * A plan for one input schema.
     *
     * @param input the schema it was made for
     * @param output the schema of the rows it gives
     */
    record Bound<P>(Schema input, Schema output, P plan) {}
}
