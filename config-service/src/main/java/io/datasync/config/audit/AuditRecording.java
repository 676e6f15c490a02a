package io.datasync.config.audit;

import io.datasync.kit.correlation.Correlation;
import io.datasync.kit.security.CurrentIdentity;
import io.datasync.models.security.Identity;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Runs an {@link Audited} handler in a transaction that its services join, and adds the audit row (and any further
 * rows the services noted in the {@link AuditTrail}) before that transaction commits: a change is never committed
 * without its audit row, and a refused request (an exception) leaves neither.
 */
final class AuditRecording implements MethodInterceptor {

    private final AuditLog log;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final String service;

    AuditRecording(AuditLog log, TransactionTemplate transactions, Clock clock, String service) {
        this.log = log;
        this.transactions = transactions;
        this.clock = clock;
        this.service = service;
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        Audited audited = AnnotatedElementUtils.findMergedAnnotation(invocation.getMethod(), Audited.class);
        if (audited == null) {
            return invocation.proceed();
        }
        AuditTrail.Notes previous = AuditTrail.open();
        try {
            return transactions.execute(status -> {
                Object result = proceed(invocation);
                record(audited, AuditTrail.current());
                return result;
            });
        } catch (Failure f) {
            throw f.getCause();
        } finally {
            AuditTrail.close(previous);
        }
    }

    private static Object proceed(MethodInvocation invocation) {
        try {
            return invocation.proceed();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new Failure(t);
        }
    }

    private void record(Audited audited, AuditTrail.Notes notes) {
        HttpServletRequest request = request();
        String method = request == null ? "?" : request.getMethod();
        String path = request == null ? "?" : request.getRequestURI();
        String resourceId = notes.resourceId != null ? notes.resourceId : pathId(request);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Identity who = CurrentIdentity.get().orElse(null);
        String correlationId = Correlation.current();
        if (!notes.unchanged) {
            log.add(entry(
                    now,
                    who,
                    audited.action(),
                    audited.resource(),
                    resourceId,
                    method,
                    path,
                    notes.beforeVersion,
                    notes.afterVersion,
                    correlationId));
        }
        for (AuditTrail.Change c : notes.more) {
            log.add(entry(
                    now,
                    who,
                    c.action(),
                    c.resourceType(),
                    c.resourceId(),
                    method,
                    path,
                    c.beforeVersion(),
                    c.afterVersion(),
                    correlationId));
        }
    }

    private AuditLog.NewEntry entry(
            Instant now,
            Identity who,
            String action,
            String resourceType,
            String resourceId,
            String method,
            String path,
            Long before,
            Long after,
            String correlationId) {
        return new AuditLog.NewEntry(
                now,
                service,
                who == null ? CurrentIdentity.subject() : who.subject(),
                who == null ? null : who.role().wireName(),
                who == null ? null : who.via().wireName(),
                who == null ? null : who.apiKeyId(),
                action,
                resourceType,
                resourceId,
                method,
                path,
                before,
                after,
                Correlation.valid(correlationId) ? correlationId : null,
                null);
    }

    private static HttpServletRequest request() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest()
                : null;
    }

    /** The {@code {id}} of the handler's path, for handlers whose service noted no id. */
    @SuppressWarnings("unchecked")
    private static String pathId(HttpServletRequest request) {
        if (request == null
                || !(request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> vars)) {
            return null;
        }
        return ((Map<String, String>) vars).get("id");
    }

    /** Carries a checked exception of the handler out of the transaction callback. */
    private static final class Failure extends RuntimeException {
        Failure(Throwable cause) {
            super(cause);
        }
    }
}
