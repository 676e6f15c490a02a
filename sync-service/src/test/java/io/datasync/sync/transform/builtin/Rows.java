package io.datasync.sync.transform.builtin;

import io.datasync.models.job.TransformStep;
import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.Column;
import io.datasync.sync.connector.spi.DataType;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.transform.spi.Transform;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds schemas, chunks and transforms for tests in few words. */
final class Rows {

    static final TransformRegistry REGISTRY = new TransformRegistry(name -> Optional.empty());

    private Rows() {}

    /** A schema from {@code "name:TYPE"} specs; the first column is the key. */
    static Schema schema(String... specs) {
        List<Column> columns = new ArrayList<>();
        for (String spec : specs) {
            String[] parts = spec.split(":");
            columns.add(Column.of(parts[0], DataType.valueOf(parts[1])));
        }
        return new Schema(columns, List.of(columns.get(0).name()));
    }

    static Chunk chunk(Schema schema, Object[]... rows) {
        return new Chunk(schema, Arrays.asList(rows), Position.START, 0);
    }

    static Object[] row(Object... values) {
        return values;
    }

    /** A transform of one kind built through the registry, as the engine builds it. */
    static Transform transform(String kind, Object config) {
        return REGISTRY.create(new TransformStep(kind, config), "/transforms/0");
    }

    static Transform transform(Map<String, Object> step) {
        return REGISTRY.create(TransformStep.fromObject(step), "/transforms/0");
    }

    /** The only output row. */
    static Object[] only(Transform.Result result) {
        if (result.chunk().size() != 1) {
            throw new AssertionError("expected one row, got " + result.chunk().size() + "; errors " + result.errors());
        }
        return result.chunk().rows().get(0);
    }

    /** The only error's reason. */
    static String onlyError(Transform.Result result) {
        if (result.errors().size() != 1) {
            throw new AssertionError("expected one error, got " + result.errors());
        }
        return result.errors().get(0).reason();
    }
}
