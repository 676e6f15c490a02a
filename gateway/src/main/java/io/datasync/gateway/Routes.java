package io.datasync.gateway;

import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One route per service: {@code /api/<service>/**}, forwarded with its path unchanged. Nothing else is routed. */
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
        return routes.build();
    }
}
