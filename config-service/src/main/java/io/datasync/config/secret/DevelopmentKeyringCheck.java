package io.datasync.config.secret;

import io.datasync.kit.startup.ShippedSecrets;
import io.datasync.kit.startup.UnsafeSetting;
import io.datasync.kit.startup.UnsafeSettingException;
import java.security.MessageDigest;
import java.util.List;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Refuses to start config-service outside local mode when connection secrets would be encrypted under the
 * {@linkplain Keyring#development() development key}: no key configured, or the development key (or a key marked as
 * published, like the local overlay's {@code local-only} key) configured as the active one. Keeping it as a later, decrypt-only entry while rotating away from it stays allowed.
 *
 * <p>It checks when the context refreshes, before any bean exists, like the service kit's check of the other secrets,
 * so the refusal comes before a connection to PostgreSQL or Kafka is tried and is reported the same way.
 */
public class DevelopmentKeyringCheck implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final String SETTING = "datasync.config.secrets.keys";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        context.addBeanFactoryPostProcessor(beanFactory -> check(environment));
    }

    /** Throws {@link UnsafeSettingException} naming DATASYNC_CONFIG_KEYS when production would use the development key. */
    static void check(ConfigurableEnvironment environment) {
        if (ShippedSecrets.local(environment)) {
            return; // SecretsConfiguration warns on every local start that uses the development key
        }
        SecretsProperties properties =
                Binder.get(environment).bindOrCreate("datasync.config.secrets", SecretsProperties.class);
        String problem = problem(Keyring.from(properties));
        if (problem != null) {
            throw new UnsafeSettingException(List.of(new UnsafeSetting(
                    SETTING + " / datasync.config.secrets.keys-file",
                    "DATASYNC_CONFIG_KEYS / DATASYNC_CONFIG_KEYS_FILE",
                    problem,
                    "configure a key made with `openssl rand -base64 32`, e.g. DATASYNC_CONFIG_KEYS=\"k1:$(openssl rand"
                            + " -base64 32)\" (`./datasync secrets` prints one); to keep secrets stored under the"
                            + " development key, list it after the new key (\"k1:<new>," + Keyring.DEVELOPMENT_KEY_ID
                            + ":…\"), POST /api/config/keys/rotate, then drop it")));
        }
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
