package io.datasync.sync.types;

/**
 * A value that does not convert to a column's type, with why not in words an operator can act on (e.g. {@code not a
 * whole number}). Without a stack trace, so a chunk full of bad values costs no more than the messages.
 */
public final class ConversionException extends RuntimeException {

    public ConversionException(String reason) {
        super(reason, null, false, false);
    }
}
