package io.datasync.kit.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the services trust the gateway ({@code datasync.security.*}).
 *
 * @param identitySecret the secret the gateway signs callers' identities with and the services check them with
 *     ({@code DATASYNC_IDENTITY_SECRET}); at least 32 bytes. A service does not start without it.
 * @param mode {@code production} (the default) or {@code local}: only a local run may use the development values
 *     that ship with the code base
 */
@ConfigurationProperties("datasync.security")
public record SecurityProperties(
        String identitySecret, @DefaultValue("production") String mode) {

    /** The setting naming the identity secret, for messages. */
    public static final String IDENTITY_SECRET = "datasync.security.identity-secret";

    public boolean local() {
        return "local".equalsIgnoreCase(mode);
    }
}
