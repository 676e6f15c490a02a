package io.datasync.sync.transform;

/**
 * A transform that cannot run at all: its config does not fit the rows' schema, or a rule set it needs is not
 * available. Unlike bad data (a {@link RowError}), this is the job's problem and stops the chunk.
 */
public class TransformException extends RuntimeException {

    public TransformException(String message) {
        super(message);
    }

    public TransformException(String message, Throwable cause) {
        super(message, cause);
    }
}
