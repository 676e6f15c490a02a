package io.datasync.kit.startup;

import java.util.List;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * A service's own secret settings that only a local run may leave as they are (config-service: its keyring),
 * registered in {@code META-INF/spring.factories}; {@link ShippedSecretsCheck} adds what they find to the kit's own
 * findings, so a refused start names every unsafe setting at once instead of one per attempt.
 */
public interface SecretSettings {

    /** The unsafe settings in {@code environment}, empty when there are none. */
    List<UnsafeSetting> find(ConfigurableEnvironment environment);
}
