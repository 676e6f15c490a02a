package io.datasync.sync.transform.builtin;

import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.transform.spi.RowError;
import io.datasync.sync.transform.spi.Transform;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A job's transforms applied in order to each chunk; itself a {@link Transform}. Built by {@link
 * TransformRegistry#pipeline}; thread-safe like its steps, so one pipeline serves every split of a run.
 *
 * <p>Errors are reported against the pipeline's input: a row dropped by the third step has the index and key it had
 * in the chunk the source gave, whatever the steps before it renamed or filtered. A row fails at most once, at the
 * first step that cannot transform it.
 */
final class TransformPipeline implements Transform {

    private final List<Step> steps;

    /**
     * One step of the pipeline.
     *
     * @param kind the transform's kind, e.g. {@code cast}
     */
    record Step(String kind, Transform transform) {
        Step {
            if (kind == null || transform == null) {
                throw new IllegalArgumentException("a pipeline step needs a kind and a transform");
            }
        }
    }

    TransformPipeline(List<Step> steps) {
        this.steps = List.copyOf(steps);
    }

    /** The kinds of the steps, in order. */
    List<String> kinds() {
        return steps.stream().map(Step::kind).toList();
    }

    @Override
    public Schema outputSchema(Schema input) {
        Schema schema = input;
        for (Step step : steps) {
            schema = step.transform().outputSchema(schema);
        }
        return schema;
    }

    @Override
    public Result apply(Chunk chunk) {
        Chunk current = chunk;
        int[] origins = null;
        List<RowError> errors = new ArrayList<>(0);
        for (Step step : steps) {
            Result result = step.transform().apply(current);
            for (RowError error : result.errors()) {
                int original = origins == null ? error.rowIndex() : origins[error.rowIndex()];
                // The same error, at its row's index and key in the pipeline's input.
                errors.add(new RowError(
                        original,
                        RowTransform.keyOf(chunk.schema(), chunk.rows().get(original)),
                        error.transform(),
                        error.reason()));
            }
            int[] next = new int[result.chunk().size()];
            for (int i = 0; i < next.length; i++) {
                next[i] = origins == null ? result.inputRow(i) : origins[result.inputRow(i)];
            }
            origins = next;
            current = result.chunk();
        }
        if (origins == null) {
            return Result.allRows(chunk);
        }
        errors.sort(Comparator.comparingInt(RowError::rowIndex));
        return new Result(current, errors, origins);
    }
}
