package io.datasync.gateway.security;

import java.util.List;

/** The gateway's security settings keep it from starting; {@link #problems()} names every one of them. */
public class GatewaySettingsException extends RuntimeException {

    private final List<String> problems;

    public GatewaySettingsException(List<String> problems) {
        super("the gateway cannot start: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
