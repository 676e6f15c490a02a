package io.datasync.gateway;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * {@code /actuator/health/services}: the readiness of every service behind the gateway, one component each, so one
 * call tells an operator (and {@code ./datasync up}) whether the whole suite is ready. Kept out of the gateway's own
 * readiness group: a down service must not take the gateway out of rotation.
 */
@Configuration(proxyBeanMethods = false)
class ServicesHealth {

    @Bean
    CompositeReactiveHealthContributor backends(GatewayProperties properties) {
        WebClient client = WebClient.create();
        Map<String, BackendReadiness> indicators = new LinkedHashMap<>();
        properties
                .services()
                .forEach((name, backend) -> indicators.put(
                        name, new BackendReadiness(client, backend.url() + "/actuator/health/readiness", properties)));
        return CompositeReactiveHealthContributor.fromMap(indicators);
    }

    /** UP when the service's readiness endpoint answers 200 within the timeout. */
    static final class BackendReadiness extends AbstractReactiveHealthIndicator {

        private final WebClient client;
        private final String url;
        private final GatewayProperties properties;

        BackendReadiness(WebClient client, String url, GatewayProperties properties) {
            super(e -> "readiness check of " + url + " failed: " + e.getMessage());
            this.client = client;
            this.url = url;
            this.properties = properties;
        }

        @Override
        protected Mono<Health> doHealthCheck(Health.Builder builder) {
            return client.get()
                    .uri(url)
                    .exchangeToMono(response -> Mono.just(
                            response.statusCode().is2xxSuccessful()
                                    ? builder.up().withDetail("url", url).build()
                                    : builder.down()
                                            .withDetail("url", url)
                                            .withDetail(
                                                    "status",
                                                    response.statusCode().value())
                                            .build()))
                    .timeout(properties.healthTimeout())
                    .onErrorResume(e -> Mono.just(builder.down()
                            .withDetail("url", url)
                            .withDetail("error", String.valueOf(e.getMessage()))
                            .build()));
        }
    }
}
