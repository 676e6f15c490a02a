package io.datasync.config.secret;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a bad keyring at start into one paragraph that says what is wrong and how to fix it. */
class InvalidKeyringFailureAnalyzer extends AbstractFailureAnalyzer<InvalidKeyringException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidKeyringException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Give keys as comma-separated id:base64 entries of 32 random bytes, the active (newest) key first, "
                        + "e.g. DATASYNC_CONFIG_KEYS=\"k2:$(openssl rand -base64 32),k1:<old key>\", or one entry "
                        + "per line in the file named by DATASYNC_CONFIG_KEYS_FILE. Configure neither for a local "
                        + "development key.",
                cause);
    }
}
