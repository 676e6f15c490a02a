package io.datasync.gateway.ratelimit;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The per-principal rate limit ({@code datasync.gateway.rate-limit.*}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitConfiguration.Settings.class)
public class RateLimitConfiguration {

    /**
     * @param replenish calls per second a principal may make over time (DATASYNC_GATEWAY_RATE_LIMIT_REPLENISH)
     * @param burst calls a principal may make at once (DATASYNC_GATEWAY_RATE_LIMIT_BURST)
     */
    @ConfigurationProperties("datasync.gateway.rate-limit")
    public record Settings(
            @DefaultValue("50") int replenish,
            @DefaultValue("100") int burst) {
        public Settings {
            if (replenish < 1) {
                throw new IllegalArgumentException(
                        "DATASYNC_GATEWAY_RATE_LIMIT_REPLENISH (datasync.gateway.rate-limit.replenish) must be at least 1"
                                + ", was " + replenish);
            }
            if (burst < replenish) {
                throw new IllegalArgumentException(
                        "DATASYNC_GATEWAY_RATE_LIMIT_BURST (datasync.gateway.rate-limit.burst)"
                                + " must be at least the replenish rate " + replenish + ", was " + burst);
            }
        }
    }

    /** Replaces the gateway's default limiter; it finds its Redis template and script in the context. */
    @Bean
    RedisRateLimiter redisRateLimiter(Settings settings) {
        return new RedisRateLimiter(settings.replenish(), settings.burst());
    }

    /**
     * The filter for the security chain. Not a bean: WebFlux would also run every WebFilter bean outside the chain,
     * before authentication, and count each call twice.
     */
    public static PrincipalRateLimit filter(RedisRateLimiter limiter, Settings settings, MeterRegistry meters) {
        return new PrincipalRateLimit(limiter, settings.replenish(), meters);
    }
}
