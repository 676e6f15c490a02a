package io.datasync.sync.transform.builtin;

import io.datasync.sync.transform.spi.RowError;

/**
 * Thrown inside a transform when one row cannot be transformed; caught per row and turned into a {@link RowError}.
 * Without a stack trace, so a chunk full of bad rows costs no more than the messages.
 */
final class RowFailure extends RuntimeException {

    RowFailure(String reason) {
        super(reason, null, false, false);
    }
}
