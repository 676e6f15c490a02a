package io.datasync.sync.config;

import io.datasync.sync.connector.spi.ReadLimits;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The connectors' read limits from {@code datasync.sync.read-limits.*}, checked when the service starts. */
@Configuration(proxyBeanMethods = false)
class ReadLimitsConfiguration {

    @Bean
    ReadLimits readLimits(SyncProperties properties) {
        return properties.readLimits().toLimits();
    }
}
