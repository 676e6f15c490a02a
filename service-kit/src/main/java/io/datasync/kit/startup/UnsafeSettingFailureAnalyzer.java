package io.datasync.kit.startup;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a refused development secret at start into a list of the settings to fix instead of a stack trace. */
public class UnsafeSettingFailureAnalyzer extends AbstractFailureAnalyzer<UnsafeSettingException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnsafeSettingException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Give each setting above a random value from the operator's secret store (`./datasync secrets` prints"
                        + " a complete set for docker compose; `openssl rand -base64 32` makes one), or, for a run on"
                        + " your own machine only, set DATASYNC_SECURITY_MODE=local ('./datasync up' does).",
                cause);
    }
}
