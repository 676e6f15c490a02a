package io.datasync.scheduler.job;

import feign.RequestInterceptor;
import io.datasync.scheduler.SchedulerProperties;
import org.springframework.context.annotation.Bean;

/** Adds the service token to every call to config-service's internal API. */
class ConfigClientConfiguration {

    static final String TOKEN_HEADER = "X-Service-Token";

    @Bean
    RequestInterceptor serviceToken(SchedulerProperties properties) {
        return template -> template.header(TOKEN_HEADER, properties.internalToken());
    }
}
