package io.datasync.kit.db;

import io.datasync.kit.KitProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;

/**
 * Runs {@link DatabaseBootstrap} as soon as the data source properties are bound, which is before the pool, Liquibase
 * or anything else opens a connection.
 */
public class DatabaseBootstrapPostProcessor implements BeanPostProcessor {

    private final ObjectProvider<KitProperties> properties;

    public DatabaseBootstrapPostProcessor(ObjectProvider<KitProperties> properties) {
        this.properties = properties;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSourceProperties ds) {
            String url = ds.determineUrl();
            if (url != null && url.startsWith("jdbc:postgresql:")) {
                DatabaseBootstrap.ensureDatabase(
                        url,
                        ds.determineUsername(),
                        ds.determinePassword(),
                        properties.getObject().startupTimeout());
            }
        }
        return bean;
    }
}
