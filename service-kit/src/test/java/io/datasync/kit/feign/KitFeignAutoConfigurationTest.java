package io.datasync.kit.feign;

import static org.assertj.core.api.Assertions.assertThat;

import feign.Request;
import feign.codec.ErrorDecoder;
import io.datasync.kit.KitProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Every Feign client of a service gets the kit's decoder, timeouts and correlation ids, unless the service says else. */
class KitFeignAutoConfigurationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(KitProperties.class)
    static class Service {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KitFeignAutoConfiguration.class))
            .withUserConfiguration(Service.class)
            .withPropertyValues(
                    "datasync.service.name=sync-service",
                    "datasync.service.api-base=/api/sync",
                    "datasync.service.database=datasync_sync",
                    "datasync.service.feign.connect-timeout=2s",
                    "datasync.service.feign.read-timeout=10s");

    @Test
    void providesTheDecoderTimeoutsFailuresAndCorrelationIds() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(ServiceErrorDecoder.class);
            assertThat(context).hasSingleBean(ServiceCallFailures.class);
            assertThat(context).hasSingleBean(CorrelationIdInterceptor.class);
            Request.Options options = context.getBean(Request.Options.class);
            assertThat(options.connectTimeoutMillis()).isEqualTo(2000);
            assertThat(options.readTimeoutMillis()).isEqualTo(10_000);
        });
    }

    @Test
    void aServicesOwnDecoderOrOptionsWin() {
        runner.withUserConfiguration(Own.class).run(context -> {
            assertThat(context).doesNotHaveBean(ServiceErrorDecoder.class);
            assertThat(context.getBean(Request.Options.class).readTimeoutMillis())
                    .isEqualTo(1);
        });
    }

    @Test
    void aTimeoutThatIsNotPositiveStopsTheStart() {
        runner.withPropertyValues("datasync.service.feign.read-timeout=0s")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("read-timeout must be positive"));
        runner.withPropertyValues("datasync.service.feign.connect-timeout=")
                .run(context -> assertThat(context).hasFailed());
    }

    @Configuration(proxyBeanMethods = false)
    static class Own {
        @Bean
        ErrorDecoder ownDecoder() {
            return new ErrorDecoder.Default();
        }

        @Bean
        Request.Options ownOptions() {
            return new Request.Options(
                    1,
                    java.util.concurrent.TimeUnit.MILLISECONDS,
                    1,
                    java.util.concurrent.TimeUnit.MILLISECONDS,
                    false);
        }
    }
}
