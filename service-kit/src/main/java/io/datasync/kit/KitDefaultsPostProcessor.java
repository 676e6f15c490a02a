package io.datasync.kit;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Adds {@code datasync-kit-defaults.properties} as the lowest-precedence property source, so every service gets the
 * same database, Kafka, actuator and error settings and its own {@code application.yml} holds only what differs.
 */
public class KitDefaultsPostProcessor implements EnvironmentPostProcessor {

    static final String RESOURCE = "datasync-kit-defaults.properties";
    private static final String DEFAULT_PROPERTIES = "defaultProperties";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        ResourcePropertySource defaults;
        try {
            defaults = new ResourcePropertySource("datasyncKitDefaults", new ClassPathResource(RESOURCE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        MutablePropertySources sources = environment.getPropertySources();
        // Below everything the application sets, SpringApplication's own default properties included.
        if (sources.contains(DEFAULT_PROPERTIES)) {
            sources.addAfter(DEFAULT_PROPERTIES, defaults);
        } else {
            sources.addLast(defaults);
        }
    }
}
