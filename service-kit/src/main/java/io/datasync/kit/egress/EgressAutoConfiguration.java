package io.datasync.kit.egress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/** Binds {@code datasync.egress.*} and provides the {@link EgressGuard} in every service that has the kit. */
@AutoConfiguration
@EnableConfigurationProperties(EgressProperties.class)
public class EgressAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EgressAutoConfiguration.class);

    /** The guard, knowing the platform's database server from {@code spring.datasource.url} unless set. */
    @Bean
    @ConditionalOnMissingBean
    EgressGuard egressGuard(EgressProperties properties, Environment environment) {
        String dnsProblem = EgressGuard.dnsCacheProblem();
        if (dnsProblem != null) {
            log.warn(dnsProblem);
        }
        return new EgressGuard(properties.toPolicy(environment.getProperty("spring.datasource.url")));
    }
}
