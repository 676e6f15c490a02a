package io.datasync.sync.transform.builtin;

import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.transform.spi.TransformException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A transform that changes the values of named columns one by one, each column with its own option (mask
 * {@code email: hash}, normalize {@code email: lower-trim}, convert {@code note: {from, to}}). Subclasses say what
 * a column becomes and what a non-null value becomes; nulls stay null.
 */
abstract class ColumnValueTransform<O> extends RowTransform<ColumnValueTransform.Plan<O>> {

    /** Where the named columns are in the input, with each one's option, in the same order. */
    record Plan<O>(int[] positions, List<O> options) {}

    private final Map<String, O> options;

    ColumnValueTransform(String kind, Map<String, O> options) {
        super(kind);
        if (options.isEmpty()) {
            throw new IllegalArgumentException(kind + " needs at least one column");
        }
        this.options = new LinkedHashMap<>(options);
    }

    /** The column after the transform; a {@link TransformException} when its type does not fit the option. */
    abstract Column outputColumn(Column input, O option);

    /**
     * One non-null value transformed; a {@link RowFailure} (or a {@link io.datasync.sync.types.ConversionException}
     * from a conversion it uses) when this value cannot be.
     */
    abstract Object value(Object value, O option);

    @Override
    final Bound<Plan<O>> bind(Schema input) {
        List<Column> columns = new ArrayList<>(input.columns());
        int[] positions = new int[options.size()];
        List<O> planned = new ArrayList<>(options.size());
        int n = 0;
        for (Map.Entry<String, O> entry : options.entrySet()) {
            int at = require(input, entry.getKey());
            columns.set(at, outputColumn(input.column(at), entry.getValue()));
            positions[n++] = at;
            planned.add(entry.getValue());
        }
        return new Bound<>(input, input.withColumns(columns), new Plan<>(positions, List.copyOf(planned)));
    }

    @Override
    final Object[] apply(Plan<O> plan, Object[] row) {
        Object[] out = row.clone();
        for (int n = 0; n < plan.positions().length; n++) {
            int at = plan.positions()[n];
            if (row[at] != null) {
                out[at] = value(row[at], plan.options().get(n));
            }
        }
        return out;
    }
}
