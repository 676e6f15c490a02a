package io.datasync.sync.transform.builtin;

import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code drop: [a, b]}: removes columns (and drops them from the keys). A listed column the rows do not have is
 * ignored: the step's goal, the column being absent, is already met, and a source that stops sending a column must
 * not stop the job.
 */
final class DropTransform extends RowTransform<int[]> {

    private final Set<String> dropped;

    DropTransform(List<String> dropped) {
        super("drop");
        if (dropped.isEmpty()) {
            throw new IllegalArgumentException("drop needs at least one column");
        }
        this.dropped = Set.copyOf(dropped);
    }

    @Override
    Bound<int[]> bind(Schema input) {
        List<Column> columns = new ArrayList<>(input.size());
        int[] kept = new int[input.size()];
        for (int i = 0; i < input.size(); i++) {
            if (!dropped.contains(input.column(i).name())) {
                kept[columns.size()] = i;
                columns.add(input.column(i));
            }
        }
        return new Bound<>(input, input.withColumns(columns), java.util.Arrays.copyOf(kept, columns.size()));
    }

    @Override
    Object[] apply(int[] kept, Object[] row) {
        Object[] out = new Object[kept.length];
        for (int i = 0; i < kept.length; i++) {
            out[i] = row[kept[i]];
        }
        return out;
    }
}
