package io.datasync.sync.transform.spi;

import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.Schema;
import java.util.List;

/**
 * One step between a source and a sink, declared once per job and applied to every chunk.
 *
 * <ol>
 *   <li>Created from a job's {@link io.datasync.models.job.TransformStep} by the {@link
 *       io.datasync.sync.transform.builtin.TransformRegistry}; a config it cannot use fails there, never later.
 *   <li>{@link #outputSchema} tells the engine (and the sink, before the first row) the shape of the rows it will
 *       give for rows of an input schema. It is computed once per input schema and cached by the transform.
 *   <li>{@link #apply} runs on each chunk.
 * </ol>
 *
 * <p>Threading: a transform is immutable after construction apart from caches that do not change its results, so
 * one instance serves every split of a run concurrently.
 *
 * <p>Rows are immutable by contract: a transform never changes the arrays of its input chunk. It builds one new
 * {@code Object[]} per output row it changes, and may pass on the input arrays of rows it leaves as they are.
 */
public interface Transform {

    /**
     * The schema of the rows {@link #apply} gives for rows of {@code input}.
     *
     * @throws TransformException when the step does not fit the schema, e.g. it names a column the rows lack
     */
    Schema outputSchema(Schema input);

    /**
     * Transforms one chunk. Bad data never throws: a row that cannot be transformed is left out of the output and
     * reported as a {@link RowError}.
     *
     * @throws TransformException when the step does not fit the chunk's schema, or what it depends on (a rule set) is
     *     not available: a problem of the job, not of a row
     */
    Result apply(Chunk chunk);

    /**
     * {@link #apply(Chunk)} for a chunk the engine names: the same chunk of the same run (read again after a crash)
     * has the same {@code chunkId}, so a step with effects outside the chunk (the quality gate's quarantine) can make
     * them once.
     */
    default Result apply(Chunk chunk, String chunkId) {
        return apply(chunk);
    }

    /**
     * Called once a batch run has read and transformed every row, before the sink finishes (e.g. swaps in an
     * overwritten table): a step with run-wide limits (the quality gate's {@code maxErrorRatio}) checks them now, and
     * fails the run by throwing.
     */
    default void finish() {}

    /**
     * What a transform made of a chunk.
     *
     * @param chunk the output rows under {@link #outputSchema}, in input order
     * @param errors the input rows left out because they could not be transformed, by input index
     * @param inputRows for each output row, the index of the input row it came from (increasing)
     */
    record Result(Chunk chunk, List<RowError> errors, int[] inputRows) {

        public Result {
            errors = List.copyOf(errors);
            inputRows = inputRows.clone();
            if (inputRows.length != chunk.size()) {
                throw new IllegalArgumentException(
                        inputRows.length + " input row indexes for " + chunk.size() + " output rows");
            }
        }

        /** A result that kept every row, with new values or not. */
        public static Result allRows(Chunk chunk) {
            int[] identity = new int[chunk.size()];
            for (int i = 0; i < identity.length; i++) {
                identity[i] = i;
            }
            return new Result(chunk, List.of(), identity);
        }

        /** A copy, so the result stays immutable. */
        @Override
        public int[] inputRows() {
            return inputRows.clone();
        }

        /** The input index of output row {@code outputRow}, without copying. */
        public int inputRow(int outputRow) {
            return inputRows[outputRow];
        }
    }
}
