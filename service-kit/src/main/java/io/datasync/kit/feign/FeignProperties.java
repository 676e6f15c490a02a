package io.datasync.kit.feign;

import feign.Request;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How long a service waits for another one it calls ({@code datasync.service.feign.*}; defaults in
 * {@code datasync-kit-defaults.properties}). Redirects are not followed: an internal API never redirects, and
 * following one could take a call, and its service token, elsewhere.
 *
 * @param connectTimeout how long to wait for the TCP connection
 * @param readTimeout how long to wait for the answer once connected; past it the call fails with a 503 naming the
 *     called service
 */
@Validated
@ConfigurationProperties("datasync.service.feign")
public record FeignProperties(
        @NotNull Duration connectTimeout, @NotNull Duration readTimeout) {

    public FeignProperties {
        positive(connectTimeout, "connect-timeout");
        positive(readTimeout, "read-timeout");
    }

    private static void positive(Duration value, String name) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw new IllegalArgumentException("datasync.service.feign." + name + " must be positive, was " + value);
        }
    }

    /** Feign's options for these timeouts. */
    public Request.Options options() {
        return new Request.Options(
                connectTimeout.toMillis(), TimeUnit.MILLISECONDS, readTimeout.toMillis(), TimeUnit.MILLISECONDS, false);
    }
}
