package io.datasync.config.secret;

import io.datasync.kit.startup.SecretSettings;
import io.datasync.kit.startup.ShippedSecrets;
import io.datasync.kit.startup.UnsafeSetting;
import java.security.MessageDigest;
import java.util.List;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Refuses to start config-service outside local mode when connection secrets would be encrypted under the
 * {@linkplain Keyring#development() development key}: no key configured, or the development key (or a key marked as
 * published, like the local overlay's {@code local-only} key) configured as the active one. Keeping it as a later, decrypt-only entry while rotating away from it stays allowed.
 *
 * <p>The service kit's {@code ShippedSecretsCheck} asks it when the context refreshes, before any bean exists, so the
 * refusal comes before a connection to PostgreSQL or Kafka is tried and names it with the kit's other findings.
 */
public class DevelopmentKeyringCheck implements SecretSettings {

    static final String SETTING = "datasync.config.secrets.keys";

    /** DATASYNC_CONFIG_KEYS when it would make production use the development key; the kit refuses or warns. */
    @Override
    public List<UnsafeSetting> find(ConfigurableEnvironment environment) {
        if (ShippedSecrets.local(environment)) {
            return List.of(); // SecretsConfiguration warns on every local start that uses the development key
        }
        SecretsProperties properties =
                Binder.get(environment).bindOrCreate("datasync.config.secrets", SecretsProperties.class);
        String problem;
        try {
            problem = problem(Keyring.from(properties));
        } catch (RuntimeException e) {
            return List.of(); // a malformed keyring is refused with its own message when the keyring bean is made
        }
        if (problem != null) {
            return List.of(new UnsafeSetting(
                    SETTING + " / datasync.config.secrets.keys-file",
                    "DATASYNC_CONFIG_KEYS / DATASYNC_CONFIG_KEYS_FILE",
                    problem,
                    "configure a key made with `openssl rand -base64 32`, e.g. DATASYNC_CONFIG_KEYS=\"k1:$(openssl rand"
                            + " -base64 32)\" (`./datasync secrets` prints one); to keep secrets stored under the"
                            + " development key, list it after the new key (\"k1:<new>," + Keyring.DEVELOPMENT_KEY_ID
                            + ":…\"), POST /api/config/keys/rotate, then drop it"));
        }
        return List.of();
    }

    /** What is wrong with the keyring for production, or null. */
    static String problem(Keyring keyring) {
        if (keyring.isDevelopment()) {
            return "is not set, so connection secrets would be encrypted under the development key that anyone with"
                    + " the DataSync source can derive";
        }
        byte[] development = Keyring.development()
                .key(Keyring.DEVELOPMENT_KEY_ID)
                .orElseThrow()
                .getEncoded();
        if (MessageDigest.isEqual(keyring.activeKey().getEncoded(), development)) {
            return "makes the published development key the active key ('" + keyring.activeKeyId() + "')";
        }
        if (ShippedSecrets.published(keyring.activeKeyId())) {
            // e.g. the key of the local Kubernetes overlay, id 'local-only': published with the code base
            return "makes a key published with DataSync the active key ('" + keyring.activeKeyId() + "')";
        }
        return null;
    }
}
