package io.datasync.sync.connector.spi;

import io.datasync.models.option.Options;
import io.datasync.models.problem.FieldError;
import java.util.List;

/**
 * {@code SYNC-001}: a job's or connection's options do not satisfy the connector's declaration, with every problem and
 * its JSON pointer. config-service refuses such jobs at save; this catches versions saved before a rule existed.
 */
public final class InvalidOptionsException extends ConnectorException {

    private final List<FieldError> errors;

    public InvalidOptionsException(List<FieldError> errors) {
        super(SyncErrorCode.INVALID_OPTIONS, false, "invalid connector options: " + describe(errors), null);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** Parses options against their declaration, turning every problem into this exception. */
    public static Options.Values parse(Options options, Object raw, String pointer) {
        try {
            return options.parse(raw, pointer);
        } catch (Options.InvalidOptionsException e) {
            throw new InvalidOptionsException(e.errors());
        }
    }

    private static String describe(List<FieldError> errors) {
        StringBuilder b = new StringBuilder();
        for (FieldError e : errors) {
            b.append(b.isEmpty() ? "" : "; ").append(e.pointer()).append(": ").append(e.message());
        }
        return b.toString();
    }
}
