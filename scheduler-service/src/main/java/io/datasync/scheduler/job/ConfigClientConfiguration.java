package io.datasync.scheduler.job;

import feign.RequestInterceptor;
import io.datasync.kit.web.ServiceToken;
import io.datasync.scheduler.SchedulerProperties;
import org.springframework.context.annotation.Bean;

/** Adds the service token to every call to config-service's internal API. */
class ConfigClientConfiguration {

    @Bean
    RequestInterceptor serviceToken(SchedulerProperties properties) {
        return template -> template.header(ServiceToken.HEADER, properties.internalToken());
    }
}
