package io.datasync.sync.transform.spi;

import java.util.Arrays;

/**
 * A row a transform could not process, dropped from the output with the reason. Bad data never fails a run: it
 * becomes one of these, for the quality gate and the run report.
 *
 * @param rowIndex the row's position in the chunk given to the transform (for a pipeline: to the pipeline)
 * @param key the row's key column values in the order of {@code schema.keys()}, null when the schema has no key
 * @param transform the kind of transform that dropped the row, e.g. {@code cast}
 * @param reason what was wrong, in words an operator can act on, e.g. {@code cannot cast 'abc' to int: …}
 */
public record RowError(int rowIndex, Object[] key, String transform, String reason) {

    public RowError {
        if (rowIndex < 0) {
            throw new IllegalArgumentException("rowIndex must not be negative: " + rowIndex);
        }
        if (transform == null || transform.isBlank()) {
            throw new IllegalArgumentException("transform must not be blank");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("reason must not be blank");
        }
        key = key == null ? null : key.clone();
    }

    /** A copy: the error is immutable like the rows it describes. */
    @Override
    public Object[] key() {
        return key == null ? null : key.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RowError that
                && rowIndex == that.rowIndex
                && Arrays.equals(key, that.key)
                && transform.equals(that.transform)
                && reason.equals(that.reason);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * rowIndex + Arrays.hashCode(key)) + transform.hashCode()) + reason.hashCode();
    }

    @Override
    public String toString() {
        return "RowError[row " + rowIndex + ", key " + Arrays.toString(key) + ", " + transform + ": " + reason + "]";
    }
}
