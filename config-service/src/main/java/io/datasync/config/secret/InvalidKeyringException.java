package io.datasync.config.secret;

/** The configured keyring cannot be used; the message names the problem and how to fix it, never a key's bytes. */
public class InvalidKeyringException extends RuntimeException {

    public InvalidKeyringException(String message) {
        super(message);
    }
}
