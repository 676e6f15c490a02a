package io.datasync.config.secret;

/**
 * A stored secret cannot be decrypted: its key id is not in the keyring, or it was tampered with or moved to another
 * connection or setting. The message names the key id and never the value.
 */
public class SecretDecryptionException extends RuntimeException {

    public SecretDecryptionException(String message) {
        super(message);
    }

    public SecretDecryptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
