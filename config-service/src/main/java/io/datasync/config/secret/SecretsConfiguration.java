package io.datasync.config.secret;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the keyring once at start, so a bad key fails the start rather than the first request that needs a secret.
 *
 * <p>Without any configured key a local run ({@code DATASYNC_SECURITY_MODE=local}, as {@code ./datasync up} sets)
 * uses a development key instead of refusing to start: a start that fails for a missing key there would push people
 * to paste real keys into scripts. The development key is derived from a constant in this code base, so it protects
 * nothing; the service says so at WARN on every start, with what to configure instead. Outside local mode
 * {@link DevelopmentKeyringCheck} refuses to start before this runs.
 */
@Configuration(proxyBeanMethods = false)
public class SecretsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecretsConfiguration.class);

    @Bean
    Keyring keyring(SecretsProperties properties) {
        Keyring keyring = Keyring.from(properties);
        if (keyring.isDevelopment()) {
            log.warn(
                    "Connection secrets are protected by the DEVELOPMENT key '{}', which anyone with the DataSync "
                            + "source can derive. Configure real keys before storing real credentials: "
                            + "DATASYNC_CONFIG_KEYS=\"k1:<openssl rand -base64 32>\" or a file of id:base64 lines in "
                            + "DATASYNC_CONFIG_KEYS_FILE. To keep secrets already stored under the development key, "
                            + "list it after the new key (\"k1:<new>,{}\"), POST /api/config/keys/rotate, then drop it.",
                    Keyring.DEVELOPMENT_KEY_ID,
                    Keyring.developmentEntry());
        } else {
            log.info("Connection secrets are encrypted under key '{}'; keyring {}", keyring.activeKeyId(), keyring);
        }
        return keyring;
    }

    @Bean
    SecretCipher secretCipher(Keyring keyring) {
        return new SecretCipher(keyring);
    }
}
