package io.datasync.quality.internal;

import io.datasync.kit.internal.InternalApiProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Names this service's internal-API token setting ({@code datasync.quality.internal.token}, from
 * {@code DATASYNC_INTERNAL_TOKEN}); the kit's {@link io.datasync.kit.internal.InternalApiAutoConfiguration} puts
 * {@code /internal/**} behind it.
 */
@Configuration(proxyBeanMethods = false)
public class InternalApiConfiguration {

    /** The internal API's settings: {@code token}, what sync-service's quality gate must send in {@code X-Service-Token}. */
    static final String PREFIX = "datasync.quality.internal";

    @Bean
    @ConfigurationProperties(PREFIX)
    InternalApiProperties internalApiProperties() {
        return new InternalApiProperties(PREFIX, "sync-service's quality gate cannot load rule sets");
    }
}
