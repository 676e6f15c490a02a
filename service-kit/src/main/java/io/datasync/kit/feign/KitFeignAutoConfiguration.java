package io.datasync.kit.feign;

import feign.Capability;
import feign.Request;
import feign.RequestInterceptor;
import feign.codec.ErrorDecoder;
import io.datasync.kit.KitAutoConfiguration;
import io.datasync.kit.KitProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Sets up every Feign client of a service that has Feign: Spring Cloud OpenFeign takes an {@link ErrorDecoder},
 * {@link Request.Options}, {@link Capability} and {@link RequestInterceptor} beans of the application context for every
 * client (a client's own configuration class may still override the first two).
 */
@AutoConfiguration(after = KitAutoConfiguration.class)
@ConditionalOnClass(name = "feign.Feign")
@EnableConfigurationProperties(FeignProperties.class)
public class KitFeignAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(ErrorDecoder.class)
    ServiceErrorDecoder serviceErrorDecoder(KitProperties kit) {
        return new ServiceErrorDecoder(kit.name());
    }

    @Bean
    ServiceCallFailures serviceCallFailures(FeignProperties properties) {
        return new ServiceCallFailures(properties);
    }

    @Bean
    CorrelationIdInterceptor correlationIdInterceptor() {
        return new CorrelationIdInterceptor();
    }

    @Bean
    @ConditionalOnMissingBean(Request.Options.class)
    Request.Options feignOptions(FeignProperties properties) {
        return properties.options();
    }
}
