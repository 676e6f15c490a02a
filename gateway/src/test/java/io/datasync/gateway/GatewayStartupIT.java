package io.datasync.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.datasync.gateway.security.GatewaySettingsException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The gateway refuses to start without what it needs to authenticate callers, naming each setting. */
class GatewayStartupIT {

    private static Throwable start(String... properties) {
        List<String> all = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off"));
        for (String property : properties) {
            all.add("--" + property); // arguments outrank application.yml, as the environment does
        }
        return catchThrowable(() -> {
            try (ConfigurableApplicationContext context =
                    new SpringApplicationBuilder(GatewayApplication.class).run(all.toArray(String[]::new))) {
                // started: the assertion below fails
            }
        });
    }

    private static String messages(Throwable error) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    @Test
    void refusesToStartWithoutAnIdentitySecretOrAnIdentityProvider() {
        Throwable error = start("datasync.security.mode=production");

        assertThat(error).as("the gateway started").isNotNull();
        assertThat(messages(error))
                .contains(
                        "DATASYNC_IDENTITY_SECRET",
                        "DATASYNC_JWT_ISSUER_URI",
                        "DATASYNC_JWT_JWK_SET_URI",
                        "DATASYNC_INTERNAL_TOKEN");
    }

    @Test
    void refusesTheLocalKeyFileOutsideLocalMode() {
        Throwable error = start(
                "datasync.security.mode=production",
                "datasync.security.identity-secret=startup-it-identity-secret-0123456789abc",
                "datasync.security.internal-token=startup-it-internal-token-0123456789",
                "datasync.security.jwt.jwk-set-uri=http://127.0.0.1:9/jwks",
                "datasync.security.jwt.local-key-file=/tmp/whatever.key");

        assertThat(error).as("the gateway started").isNotNull();
        assertThat(messages(error)).contains("DATASYNC_JWT_LOCAL_KEY_FILE", "not local");
    }

    @Test
    void refusesPublishedSecretsOutsideLocalModeAndSaysSoWithoutAStackTrace() {
        Throwable error = start(
                "datasync.security.mode=production",
                "datasync.security.identity-secret=local-only-identity-secret-local-only-identity-secret",
                "datasync.security.internal-token=local-compose-internal-token",
                "datasync.security.jwt.jwk-set-uri=http://127.0.0.1:9/jwks");

        assertThat(error).as("the gateway started").isNotNull();
        GatewaySettingsException refusal = null;
        for (Throwable t = error; t != null && refusal == null; t = t.getCause()) {
            refusal = t instanceof GatewaySettingsException g ? g : null;
        }
        assertThat(refusal).as("refused for its settings: %s", error).isNotNull();
        assertThat(refusal.problems())
                .anySatisfy(
                        p -> assertThat(p).startsWith("DATASYNC_INTERNAL_TOKEN").contains("published"))
                .anySatisfy(p ->
                        assertThat(p).startsWith("DATASYNC_IDENTITY_SECRET").contains("published"));
        org.springframework.boot.diagnostics.FailureAnalysis analysis =
                new io.datasync.gateway.security.GatewaySettingsFailureAnalyzer().analyze(error);
        assertThat(analysis.getDescription()).contains("DATASYNC_INTERNAL_TOKEN", "DATASYNC_IDENTITY_SECRET");
        assertThat(analysis.getAction()).contains("docs/security.md");
    }
}
