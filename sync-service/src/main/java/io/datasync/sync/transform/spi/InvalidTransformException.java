package io.datasync.sync.transform.spi;

import io.datasync.models.problem.FieldError;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.SyncErrorCode;
import java.util.List;
import java.util.stream.Collectors;

/** {@code SYNC-031}: transform steps that cannot be built, with every problem found, each pointing at the option at fault. */
public final class InvalidTransformException extends ConnectorException {

    private final List<FieldError> errors;

    public InvalidTransformException(List<FieldError> errors) {
        super(
                SyncErrorCode.TRANSFORM_INVALID,
                errors.stream().map(e -> e.pointer() + ": " + e.message()).collect(Collectors.joining("; ")),
                null);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
