package io.datasync.kit.security;

import io.datasync.models.security.IdentityTokens;
import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/** Puts {@link IdentityFilter} in front of every service's API, right after the correlation id and body size filters. */
@AutoConfiguration(after = io.datasync.kit.KitAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(SecurityProperties.class)
public class SecurityAutoConfiguration {

    @Bean
    IdentityTokens identityTokens(SecurityProperties properties) {
        String secret = properties.identitySecret();
        if (secret == null || secret.isBlank()) {
            throw new IllegalStateException(SecurityProperties.IDENTITY_SECRET
                    + " is not set (environment DATASYNC_IDENTITY_SECRET): the services check the identity the gateway"
                    + " sends with it. Give every service and the gateway the same random value of at least 32"
                    + " characters, e.g. from `head -c 32 /dev/urandom | base64`; ./datasync up makes one per run"
                    + " folder.");
        }
        try {
            return new IdentityTokens(secret);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(SecurityProperties.IDENTITY_SECRET + ": " + e.getMessage(), e);
        }
    }

    @Bean
    FilterRegistrationBean<IdentityFilter> identityFilter(IdentityTokens tokens) {
        // the wall clock, not the service's Clock bean: an identity expires in real time even where tests move time
        FilterRegistrationBean<IdentityFilter> registration =
                new FilterRegistrationBean<>(new IdentityFilter(tokens, Clock.systemUTC()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }
}
