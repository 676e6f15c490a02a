package io.datasync.sync.config;

import feign.RequestInterceptor;
import io.datasync.kit.web.ServiceToken;
import org.springframework.context.annotation.Bean;

/** Adds the service token to every call to config-service's internal API. */
class ConfigClientConfiguration {

    @Bean
    RequestInterceptor serviceToken(SyncProperties properties) {
        return template -> template.header(ServiceToken.HEADER, properties.internalToken());
    }
}
