package io.datasync.kit.internal;

import io.datasync.kit.KitAutoConfiguration;
import io.datasync.kit.KitProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts every handler under {@value #PATHS}, present and future, behind the service token, in each service that
 * declares its {@link InternalApiProperties}.
 */
@AutoConfiguration(after = KitAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean(InternalApiProperties.class)
public class InternalApiAutoConfiguration {

    /** The paths the token guards. */
    public static final String PATHS = "/internal/**";

    private static final Logger log = LoggerFactory.getLogger(InternalApiAutoConfiguration.class);

    /** The token check, refusing everything (and saying so at start) when the service has no token configured. */
    @Bean
    ServiceTokenInterceptor internalServiceTokenInterceptor(InternalApiProperties properties, KitProperties kit) {
        if (properties.getToken().isEmpty()) {
            log.warn(
                    "No internal service token is configured ({}): the internal API {} is closed and {}",
                    InternalApiProperties.ENVIRONMENT_VARIABLE,
                    PATHS,
                    properties.whenClosed());
        }
        return new ServiceTokenInterceptor(
                properties.getToken(),
                kit.name() + " has no service token configured (" + properties.tokenProperty() + " / "
                        + InternalApiProperties.ENVIRONMENT_VARIABLE + ")");
    }

    @Bean
    WebMvcConfigurer internalApiPaths(ServiceTokenInterceptor interceptor) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(interceptor).addPathPatterns(PATHS);
            }
        };
    }
}
