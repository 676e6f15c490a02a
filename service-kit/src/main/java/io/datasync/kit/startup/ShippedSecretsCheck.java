package io.datasync.kit.startup;

import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * Refuses to start a service outside local mode with development or missing secrets ({@link ShippedSecrets}); in
 * local mode it allows them and says so in one WARN line.
 *
 * <p>It checks when the context refreshes, before any bean exists: after every initializer and test property source
 * had its say, and before the database bootstrap or the pool open a connection with a password that is about to be
 * refused anyway. Only DataSync services ({@code datasync.service.name} set) are checked.
 */
public class ShippedSecretsCheck implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final Logger log = LoggerFactory.getLogger(ShippedSecretsCheck.class);

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        context.addBeanFactoryPostProcessor(beanFactory -> check(environment));
    }

    /** Throws {@link UnsafeSettingException} naming every unsafe setting, or warns once in local mode. */
    static void check(ConfigurableEnvironment environment) {
        if (!environment.containsProperty("datasync.service.name")) {
            return;
        }
        List<UnsafeSetting> unsafe = new java.util.ArrayList<>(ShippedSecrets.find(environment));
        SpringFactoriesLoader.forDefaultResourceLocation(ShippedSecretsCheck.class.getClassLoader())
                .load(SecretSettings.class)
                .forEach(settings -> unsafe.addAll(settings.find(environment)));
        if (unsafe.isEmpty()) {
            return;
        }
        if (!ShippedSecrets.local(environment)) {
            throw new UnsafeSettingException(unsafe);
        }
        List<UnsafeSetting> unusable = ShippedSecrets.unusable(environment);
        if (!unusable.isEmpty()) {
            throw new UnsafeSettingException("Refusing to start with a secret no mode can use:", unusable);
        }
        log.warn(
                "Local mode (DATASYNC_SECURITY_MODE=local): running with development secrets, allowed only on your own"
                        + " machine: {}",
                unsafe.stream().map(s -> s.property() + " " + s.problem()).collect(Collectors.joining(", ")));
    }
}
