package io.datasync.config.audit;

import java.time.Clock;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.function.SingletonSupplier;

/**
 * Wraps every {@link Audited} handler in {@link AuditRecording}. The advisor is an infrastructure bean so that the
 * auto-proxy creator that already applies {@code @Transactional} applies it too; its collaborators are looked up
 * lazily, at the first audited request, so the advisor can be created before them.
 */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static Advisor auditAdvisor(
            ObjectProvider<AuditLog> log,
            ObjectProvider<TransactionTemplate> transactions,
            ObjectProvider<Clock> clock,
            @Value("${spring.application.name:config-service}") String service) {
        SingletonSupplier<AuditRecording> recording = SingletonSupplier.of(
                () -> new AuditRecording(log.getObject(), transactions.getObject(), clock.getObject(), service));
        MethodInterceptor lazy = invocation -> recording.obtain().invoke(invocation);
        return new DefaultPointcutAdvisor(AnnotationMatchingPointcut.forMethodAnnotation(Audited.class), lazy);
    }
}
