package io.datasync.kit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.kit.KitProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;

/** A service names its own token setting; the kit guards {@code /internal/**} with what is set there. */
class InternalApiAutoConfigurationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(KitProperties.class)
    static class Service {}

    @Configuration(proxyBeanMethods = false)
    static class WithInternalApi {
        @Bean
        @ConfigurationProperties("datasync.test.internal")
        InternalApiProperties internalApiProperties() {
            return new InternalApiProperties("datasync.test.internal", "nobody can call it");
        }
    }

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(InternalApiAutoConfiguration.class))
            .withUserConfiguration(Service.class)
            .withPropertyValues(
                    "datasync.service.name=test-service",
                    "datasync.service.api-base=/api/test",
                    "datasync.service.database=datasync_test");

    @Test
    void bindsTheTokenUnderTheServicesOwnPrefix() {
        runner.withUserConfiguration(WithInternalApi.class)
                .withPropertyValues("datasync.test.internal.token=  s3cret  ")
                .run(context -> {
                    assertThat(context.getBean(InternalApiProperties.class).getToken())
                            .isEqualTo("s3cret");
                    HandlerInterceptor check = context.getBean(ServiceTokenInterceptor.class);
                    assertThat(check.preHandle(request("s3cret"), new MockHttpServletResponse(), new Object()))
                            .isTrue();
                    assertThatThrownBy(() ->
                                    check.preHandle(request("other"), new MockHttpServletResponse(), new Object()))
                            .hasMessageContaining("a valid X-Service-Token header is required");
                });
    }

    @Test
    void aClosedInternalApiNamesTheServiceAndItsSetting() {
        runner.withUserConfiguration(WithInternalApi.class)
                .run(context -> assertThatThrownBy(() -> context.getBean(ServiceTokenInterceptor.class)
                                .preHandle(request("anything"), new MockHttpServletResponse(), new Object()))
                        .hasMessage("the internal API is closed: test-service has no service token configured "
                                + "(datasync.test.internal.token / DATASYNC_INTERNAL_TOKEN)"));
    }

    @Test
    void aServiceWithoutAnInternalApiGetsNoCheck() {
        runner.run(context -> assertThat(context).doesNotHaveBean(ServiceTokenInterceptor.class));
    }

    private static MockHttpServletRequest request(String token) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/internal/things/x");
        request.addHeader(ServiceTokenInterceptor.HEADER, token);
        return request;
    }
}
