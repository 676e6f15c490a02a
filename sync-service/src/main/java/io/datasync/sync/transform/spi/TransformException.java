package io.datasync.sync.transform.spi;

import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.SyncErrorCode;

/**
 * A transform that cannot run at all: its config does not fit the rows' schema, or a rule set it needs is not
 * available. Unlike bad data (a {@link RowError}), this is the job's problem and stops the chunk: {@code SYNC-030}.
 */
public class TransformException extends ConnectorException {

    public TransformException(String message) {
        super(SyncErrorCode.TRANSFORM_MISFIT, message, null);
    }

    public TransformException(String message, Throwable cause) {
        super(SyncErrorCode.TRANSFORM_MISFIT, message, cause);
    }
}
