package io.datasync.kit.openapi;

import io.datasync.kit.KitProperties;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/**
 * The frame of each service's spec: its name, and how a caller authenticates at the gateway — a bearer JWT or an API
 * key — since that is the only way in. The server is {@code /}: the gateway routes {@code /api/<service>/**}
 * unchanged, so "try it out" in the gateway's Swagger UI calls through the gateway with the caller's login.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(OpenAPI.class)
public class OpenApiAutoConfiguration {

    /** The name of the bearer-token scheme in every spec. */
    public static final String BEARER = "bearer";

    /** The name of the API-key scheme in every spec. */
    public static final String API_KEY = "apiKey";

    @Bean
    OpenAPI datasyncOpenApi(KitProperties kit) {
        return new OpenAPI()
                .info(new Info()
                        .title("DataSync " + kit.name())
                        .version("v1")
                        .description("The public API of " + kit.name() + " under " + kit.apiBase()
                                + ", reached through the gateway. Errors are RFC 9457 problem details"
                                + " (application/problem+json) with a stable `code`."))
                .addServersItem(new Server().url("/").description("the gateway"))
                .components(new Components()
                        .addSecuritySchemes(
                                BEARER,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT")
                                        .description("A JWT with one of the roles viewer, operator, admin; locally"
                                                + " from `./datasync token <role>`"))
                        .addSecuritySchemes(
                                API_KEY,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.APIKEY)
                                        .in(SecurityScheme.In.HEADER)
                                        .name("X-API-Key")
                                        .description("An API key from POST /api/config/api-keys")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER))
                .addSecurityItem(new SecurityRequirement().addList(API_KEY));
    }
}
