package io.datasync.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.gateway.InternalPathGuard.Verdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InternalPathGuardTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/internal/jobs/1",
                "/INTERNAL/jobs/1",
                "/%69nternal/jobs",
                "/api/config/..%2F..%2Finternal/x",
                "/api/config/%2e%2e/internal",
                "/api/config/%252e%252e/internal",
                "/api/config/%252Finternal",
                "/api/config/./outbox",
                "/api/config/..;/internal",
                "/api/config/x%5c..%5cinternal"
            })
    void refusesPathsThatCouldClimbOutOfTheApiPrefix(String path) {
        assertThat(InternalPathGuard.judge(path)).isEqualTo(Verdict.NOT_FOUND);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/config/%zz", "/api/config/50%"})
    void callsAMalformedEncodingMalformed(String path) {
        assertThat(InternalPathGuard.judge(path)).isEqualTo(Verdict.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/config/outbox",
                "/api/config/jobs/internal",
                "/api/sync/runs/internal-run-1",
                "/api/config/jobs/a+b",
                "/api/config/jobs/50%25off",
                "/"
            })
    void letsOrdinaryPathsThrough(String path) {
        assertThat(InternalPathGuard.judge(path)).isEqualTo(Verdict.PASS);
    }
}
