package io.datasync.kit;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.kit.cel.CelExpressions;
import io.datasync.kit.cel.CelLimits;
import io.datasync.kit.test.AbstractServiceIT;
import io.datasync.kit.testapp.KitTestApplication;
import io.datasync.models.security.Identity;
import io.datasync.models.security.IdentityTokens;
import io.datasync.models.security.Role;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/** The shared service checks on the kit's own test application, plus how the kit maps exceptions to problems. */
@ContextConfiguration(classes = KitTestApplication.class)
@TestPropertySource(
        properties = {
            "spring.application.name=kit-test",
            "datasync.service.name=kit-test",
            "datasync.service.api-base=/api/kit",
            "datasync.service.database=datasync_kit",
            "spring.liquibase.change-log=classpath:db/changelog/kit-test-master.yaml",
            "datasync.service.cel.time-limit=250ms"
        })
class KitServiceIT extends AbstractServiceIT {

    @Test
    void aConstraintViolationIsAConflictWithoutSqlDetails() {
        HttpResponse<String> response = http.get("/api/kit/fail/conflict");
        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.body()).contains("COMMON-006").doesNotContain("secret_idx");
    }

    @Test
    void anInvalidJobDefinitionIsA400NamingTheField() {
        HttpResponse<String> response = http.get("/api/kit/fail/definition");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"pointer\":\"/source/type\"", "ftp");
    }

    @Test
    void anAnnotatedStatusIsKept() {
        HttpResponse<String> response = http.get("/api/kit/fail/annotated");
        assertThat(response.statusCode()).isEqualTo(410);
        assertThat(response.body()).contains("this thing is gone", "COMMON-016");
    }

    @Test
    void refusesAnOversizedBodyWith413() {
        String twoMegabytes = "{\"note\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        HttpResponse<String> response = http.post("/api/kit/outbox/probe", twoMegabytes);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("COMMON-008", "larger than the limit");
    }

    @Test
    void anUnexpectedErrorIsA500ThatRevealsNothing() {
        HttpResponse<String> response = http.get("/api/kit/fail/unexpected", "X-Correlation-Id", "kit-500");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("kit-500", "COMMON-013").doesNotContain("hunter2", "IllegalState");
    }

    @Test
    void everyExpressionIsEvaluatedWithinTheConfiguredCelLimits() {
        CelLimits expected = CelLimits.DEFAULTS.withTimeLimit(Duration.ofMillis(250));
        assertThat(CelExpressions.limits()).isEqualTo(expected);
        assertThat(CelExpressions.compile("size(name) > 1").limits()).isEqualTo(expected);
    }

    // --- the identity filter: the API only through the gateway, with the role the route needs ---

    @Test
    void aCallThatBypassesTheGatewayIsA401Problem() {
        HttpResponse<String> response = http.anonymous().get(properties.apiBase() + "/outbox");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(response.body())
                .contains("\"code\":\"COMMON-010\"", "answers its API only through the gateway")
                .as("the same shape as every other problem: code at the top level")
                .doesNotContain("\"properties\"");
    }

    @Test
    void aForgedOrForeignIdentityIsA401() {
        String forged = new IdentityTokens("another-secret-that-is-32-bytes-long!!")
                .mint(Identity.token("mallory", Role.ADMIN), Instant.now());
        HttpResponse<String> response =
                http.anonymous().get(properties.apiBase() + "/outbox", IdentityTokens.HEADER, forged);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("signature does not match").doesNotContain(forged);
    }

    @Test
    void theRoleDecidesAndA403SaysWhichRoleIsNeeded() {
        assertThat(http.as(Role.VIEWER).get(properties.apiBase() + "/outbox").statusCode())
                .isEqualTo(200);
        HttpResponse<String> viewerWrite = http.as(Role.VIEWER).post(properties.apiBase() + "/outbox/probe", "{}");
        assertThat(viewerWrite.statusCode()).isEqualTo(403);
        assertThat(viewerWrite.body()).contains("\"code\":\"COMMON-011\"", "needs the admin role", "has viewer");
        assertThat(http.as(Role.ADMIN)
                        .post(properties.apiBase() + "/outbox/probe", "{}")
                        .statusCode())
                .isEqualTo(202);
    }

    @Test
    void theActuatorNeedsNoIdentity() {
        assertThat(http.anonymous().get("/actuator/health/liveness").statusCode())
                .isEqualTo(200);
    }
}
