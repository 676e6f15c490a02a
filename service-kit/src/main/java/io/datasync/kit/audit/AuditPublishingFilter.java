package io.datasync.kit.audit;

import io.datasync.kit.correlation.Correlation;
import io.datasync.kit.outbox.Outbox;
import io.datasync.kit.security.CurrentIdentity;
import io.datasync.models.event.AuditEvent.AuditRecorded;
import io.datasync.models.security.Identity;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;

/**
 * After a 2xx answer to a mutating request under {@code /api}, appends an {@link AuditRecorded} event to the outbox,
 * which relays it to config-service's audit log. It runs inside the identity filter, so the caller is known. The
 * event is appended in its own transaction after the handler's committed: a failure to record it is logged and never
 * turns a done change into an error. Handlers marked {@link NotAudited}, and the kit's outbox probe, are skipped.
 */
public class AuditPublishingFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(AuditPublishingFilter.class);

    /** The kit's own diagnostic endpoint under every API base: it publishes a probe event and changes nothing. */
    static final String PROBE = "/outbox/probe";

    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final String service;
    private final String apiBase;
    private final Clock clock;

    public AuditPublishingFilter(
            Outbox outbox, TransactionTemplate transactions, String service, String apiBase, Clock clock) {
        this.outbox = outbox;
        this.transactions = transactions;
        this.service = service;
        this.apiBase = apiBase;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !ApiChange.mutating(request.getMethod())
                || !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, response);
        int status = response.getStatus();
        if (status < 200 || status > 299 || request.isAsyncStarted() || exempt(request)) {
            return;
        }
        Identity who = CurrentIdentity.get().orElse(null);
        if (who == null) {
            return;
        }
        String path = request.getRequestURI();
        ApiChange change = ApiChange.of(request.getMethod(), path, apiBase);
        String correlationId = Correlation.current();
        try {
            AuditRecorded event = new AuditRecorded(
                    service,
                    who.subject(),
                    who.role().wireName(),
                    who.via().wireName(),
                    who.apiKeyId(),
                    change.action(),
                    change.resourceType(),
                    change.resourceId(),
                    request.getMethod().toUpperCase(Locale.ROOT),
                    path,
                    status,
                    clock.instant().truncatedTo(ChronoUnit.MICROS),
                    Correlation.valid(correlationId) ? correlationId : null);
            transactions.executeWithoutResult(tx -> outbox.append(event));
        } catch (RuntimeException e) {
            log.error(
                    "The change {} {} by {} is done but could not be recorded for the audit log",
                    request.getMethod(),
                    path,
                    who.subject(),
                    e);
        }
    }

    private boolean exempt(HttpServletRequest request) {
        if (request.getRequestURI().equals(apiBase + PROBE)) {
            return true;
        }
        return request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE) instanceof HandlerMethod handler
                && handler.hasMethodAnnotation(NotAudited.class);
    }
}
