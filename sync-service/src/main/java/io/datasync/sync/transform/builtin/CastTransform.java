package io.datasync.sync.transform.builtin;

import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.types.CastType;
import io.datasync.sync.types.ConversionException;
import io.datasync.sync.types.Conversions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code cast: {amount: decimal(12,2)}}: converts columns to a type (see {@link Conversions} for the rules). A value
 * that does not convert drops its row with {@code cannot cast 'abc' to int: not a number}.
 */
final class CastTransform extends RowTransform<CastTransform.Plan> {

    private final Map<String, CastType> casts;

    CastTransform(Map<String, String> casts) {
        super("cast");
        if (casts.isEmpty()) {
            throw new IllegalArgumentException("cast needs at least one column");
        }
        this.casts = new LinkedHashMap<>();
        casts.forEach((column, type) -> this.casts.put(column, CastType.parse(type)));
    }

    record Plan(int[] positions, CastType[] types, Column[] targets) {}

    @Override
    Bound<Plan> bind(Schema input) {
        List<Column> columns = new ArrayList<>(input.columns());
        int[] positions = new int[casts.size()];
        CastType[] types = new CastType[casts.size()];
        Column[] targets = new Column[casts.size()];
        int c = 0;
        for (Map.Entry<String, CastType> cast : casts.entrySet()) {
            int at = require(input, cast.getKey());
            positions[c] = at;
            types[c] = cast.getValue();
            targets[c] = cast.getValue().applyTo(input.column(at));
            columns.set(at, targets[c]);
            c++;
        }
        return new Bound<>(input, input.withColumns(columns), new Plan(positions, types, targets));
    }

    @Override
    Object[] apply(Plan plan, Object[] row) {
        Object[] out = row.clone();
        for (int c = 0; c < plan.positions().length; c++) {
            int at = plan.positions()[c];
            try {
                out[at] = Conversions.to(row[at], plan.targets()[c]);
            } catch (ConversionException e) {
                throw new RowFailure("cannot cast " + Conversions.show(row[at]) + " to " + plan.types()[c].spelled()
                        + " (column " + plan.targets()[c].name() + "): " + e.getMessage());
            }
        }
        return out;
    }
}
