package io.datasync.gateway.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns {@link GatewaySettingsException} into Spring Boot's "APPLICATION FAILED TO START" block: one line per setting,
 * and what to do, instead of a stack trace an operator has to search for the reason.
 */
public class GatewaySettingsFailureAnalyzer extends AbstractFailureAnalyzer<GatewaySettingsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, GatewaySettingsException cause) {
        StringBuilder description = new StringBuilder("The gateway's security settings keep it from starting:");
        cause.problems().forEach(p -> description.append("\n  - ").append(p));
        return new FailureAnalysis(
                description.toString(),
                "Set them in the gateway's environment (docs/security.md lists every setting). Locally, ./datasync up"
                        + " sets them all; for docker compose, `./datasync secrets > .env` makes the secrets.",
                cause);
    }
}
