package io.datasync.gateway;

import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Two routes per service: {@code /api/<service>/**}, forwarded with its path unchanged, and {@code GET
 * /openapi/<service-name>}, its OpenAPI spec ({@code /v3/api-docs}) for the Swagger UI. Nothing else is routed.
 */
@Configuration(proxyBeanMethods = false)
class Routes {

    @Bean
    RouteLocator serviceRoutes(RouteLocatorBuilder builder, GatewayProperties properties) {
        RouteLocatorBuilder.Builder routes = builder.routes();
        properties
                .services()
                .forEach((name, backend) -> routes.route(
                        name,
                        r -> r.path(backend.path(), backend.path() + "/**").uri(backend.url())));
        properties
                .services()
                .forEach((name, backend) -> routes.route(
                        name + "-openapi",
                        r -> r.method(HttpMethod.GET)
                                .and()
                                .path("/openapi/" + name)
                                .filters(f -> f.setPath("/v3/api-docs"))
                                .uri(backend.url())));
        return routes.build();
    }
}
