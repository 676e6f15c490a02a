package io.datasync.sync.transform.builtin;

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
 * {@code defaults: {country: CN}}: fills null values. The default is converted once to the column's type (a default
 * that does not fit is the job's error, not a row's). A column the rows lack is added as TEXT holding the default's
 * text, so {@code defaults: {tier: null}} declares a column for a later step, e.g. a rule that sets it.
 */
final class DefaultsTransform extends RowTransform<DefaultsTransform.Plan> {

    private final Map<String, Object> defaults;

    DefaultsTransform(Map<String, Object> defaults) {
        super("defaults");
        if (defaults.isEmpty()) {
            throw new IllegalArgumentException("defaults needs at least one column");
        }
        // LinkedHashMap: a null default is allowed (it only declares the column).
        this.defaults = new LinkedHashMap<>(defaults);
    }

    /**
     * @param positions where each default goes in the output row
     * @param values the defaults, converted to the columns' types
     */
    record Plan(int inputSize, int outputSize, int[] positions, Object[] values) {}

    @Override
    Bound<Plan> bind(Schema input) {
        List<Column> columns = new ArrayList<>(input.columns());
        int[] positions = new int[defaults.size()];
        Object[] values = new Object[defaults.size()];
        int d = 0;
        for (Map.Entry<String, Object> entry : defaults.entrySet()) {
            OptionalInt existing = input.indexOf(entry.getKey());
            if (existing.isPresent()) {
                Column column = input.column(existing.getAsInt());
                positions[d] = existing.getAsInt();
                try {
                    values[d] = Conversions.to(entry.getValue(), column);
                } catch (ConversionException e) {
                    throw new TransformException("the default " + Conversions.show(entry.getValue()) + " of column '"
                            + column.name() + "' does not fit its type " + column.type() + ": " + e.getMessage());
                }
            } else {
                positions[d] = columns.size();
                columns.add(Column.of(entry.getKey(), DataType.TEXT));
                values[d] = entry.getValue() == null ? null : Conversions.text(entry.getValue());
            }
            d++;
        }
        return new Bound<>(
                input, input.withColumns(columns), new Plan(input.size(), columns.size(), positions, values));
    }

    @Override
    Object[] apply(Plan plan, Object[] row) {
        Object[] out = java.util.Arrays.copyOf(row, plan.outputSize());
        for (int d = 0; d < plan.positions().length; d++) {
            int at = plan.positions()[d];
            if (out[at] == null) {
                out[at] = plan.values()[d];
            }
        }
        return out;
    }
}
