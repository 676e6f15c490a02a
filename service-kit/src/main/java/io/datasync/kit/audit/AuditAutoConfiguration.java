package io.datasync.kit.audit;

import io.datasync.kit.KitProperties;
import io.datasync.kit.outbox.Outbox;
import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Puts {@link AuditPublishingFilter} right inside the identity filter of every servlet service with an outbox.
 * config-service turns it off ({@code datasync.audit.publish=false}): it writes its audit rows itself, in the
 * transaction of each change.
 */
@AutoConfiguration(
        after = {io.datasync.kit.KitAutoConfiguration.class, io.datasync.kit.security.SecurityAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(name = "datasync.audit.publish", havingValue = "true", matchIfMissing = true)
@ConditionalOnBean(Outbox.class)
public class AuditAutoConfiguration {

    @Bean
    FilterRegistrationBean<AuditPublishingFilter> auditPublishingFilter(
            Outbox outbox, TransactionTemplate transactions, KitProperties properties) {
        FilterRegistrationBean<AuditPublishingFilter> registration =
                new FilterRegistrationBean<>(new AuditPublishingFilter(
                        outbox, transactions, properties.name(), properties.apiBase(), Clock.systemUTC()));
        // after IdentityFilter (HIGHEST_PRECEDENCE + 2), so the caller is known when the answer is in
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
        return registration;
    }
}
