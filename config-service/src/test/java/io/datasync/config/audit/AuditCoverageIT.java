package io.datasync.config.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.kit.audit.NotAudited;
import io.datasync.kit.test.ServiceTestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every handler of config-service's public API that a mutating method reaches is {@link Audited} (and really wrapped
 * by the recording), or says with {@link NotAudited} why it changes nothing: a new endpoint cannot forget the audit.
 */
class AuditCoverageIT extends ServiceTestSupport {

    private static final Set<RequestMethod> MUTATING =
            Set.of(RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE);

    /**
     * Handlers that service-kit adds to every service, which cannot carry config-service's annotations, by handler
     * method, with why they change no configuration. Keep this list short and exact.
     */
    private static final java.util.Map<String, String> KIT_HANDLERS = java.util.Map.of(
            "io.datasync.kit.outbox.OutboxController#probe",
            "publishes a diagnostic probe event; changes no configuration");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    ApplicationContext context;

    @Test
    void everyMutatingApiHandlerIsAuditedOrSaysWhyNot() {
        List<String> uncovered = new ArrayList<>();
        List<String> unwrapped = new ArrayList<>();
        List<String> audited = new ArrayList<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            if (!underApi(info) || !mutating(info)) {
                return;
            }
            boolean isAudited = handler.hasMethodAnnotation(Audited.class);
            String name =
                    handler.getBeanType().getName() + "#" + handler.getMethod().getName();
            if (!isAudited && !handler.hasMethodAnnotation(NotAudited.class) && !KIT_HANDLERS.containsKey(name)) {
                uncovered.add(info + " -> " + handler.getShortLogMessage());
            }
            if (isAudited) {
                audited.add(info.toString());
                if (!AopUtils.isAopProxy(bean(handler))) {
                    unwrapped.add(handler.getShortLogMessage());
                }
            }
        });
        assertThat(uncovered)
                .as("mutating /api handlers without @Audited or @NotAudited(\"why\")")
                .isEmpty();
        assertThat(unwrapped)
                .as("@Audited handlers whose bean the audit advisor does not wrap")
                .isEmpty();
        // connections 3, keyring 1, jobs 6, templates 4, rule sets 3, API keys 2
        assertThat(audited).hasSizeGreaterThanOrEqualTo(19);
    }

    private Object bean(HandlerMethod handler) {
        return handler.getBean() instanceof String name ? context.getBean(name) : handler.getBean();
    }

    private static boolean underApi(RequestMappingInfo info) {
        return info.getPatternValues().stream().anyMatch(p -> p.startsWith("/api/"));
    }

    /** A mapping with no method condition answers every method, so it counts as mutating. */
    private static boolean mutating(RequestMappingInfo info) {
        Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
        return methods.isEmpty() || methods.stream().anyMatch(MUTATING::contains);
    }
}
