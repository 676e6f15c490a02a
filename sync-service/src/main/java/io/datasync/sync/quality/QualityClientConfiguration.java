package io.datasync.sync.quality;

import feign.RequestInterceptor;
import io.datasync.kit.web.ServiceToken;
import io.datasync.sync.config.SyncProperties;
import org.springframework.context.annotation.Bean;

/** Adds the service token to every call to quality-service's internal API. */
class QualityClientConfiguration {

    @Bean
    RequestInterceptor qualityServiceToken(SyncProperties properties) {
        return template -> template.header(ServiceToken.HEADER, properties.internalToken());
    }
}
