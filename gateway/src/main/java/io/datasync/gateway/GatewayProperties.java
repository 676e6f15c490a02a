package io.datasync.gateway;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The services behind the gateway ({@code datasync.gateway.*}): routes and the aggregated health check are both built
 * from this one map, so they cannot disagree.
 *
 * @param services by name, e.g. {@code config-service}
 * @param healthTimeout how long the aggregated health check waits for one service
 */
@Validated
@ConfigurationProperties("datasync.gateway")
public record GatewayProperties(
        @NotEmpty Map<String, @Valid Backend> services,
        @DefaultValue("2s") Duration healthTimeout) {

    /**
     * @param url where the service listens
     * @param path the public path prefix routed to it unchanged, e.g. {@code /api/config}
     */
    public record Backend(
            @NotNull URI url,
            @NotNull @Pattern(regexp = "/api/[a-z-]+") String path) {}
}
