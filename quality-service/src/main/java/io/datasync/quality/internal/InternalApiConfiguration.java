package io.datasync.quality.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts every handler under {@code /internal/**}, present and future, behind the service token. */
@Configuration(proxyBeanMethods = false)
public class InternalApiConfiguration implements WebMvcConfigurer {

    /** The paths the token guards. */
    public static final String PATHS = "/internal/**";

    private static final Logger log = LoggerFactory.getLogger(InternalApiConfiguration.class);

    private final InternalProperties properties;

    InternalApiConfiguration(InternalProperties properties) {
        this.properties = properties;
        if (properties.token().isEmpty()) {
            log.warn(
                    "No internal service token is configured (DATASYNC_INTERNAL_TOKEN): the internal API {} is "
                            + "closed and sync-service's quality gate cannot load rule sets",
                    PATHS);
        }
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new ServiceTokenInterceptor(properties.token())).addPathPatterns(PATHS);
    }
}
