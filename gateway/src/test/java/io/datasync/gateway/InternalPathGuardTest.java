package io.datasync.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InternalPathGuardTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/internal/jobs/1",
                "/api/config/internal/jobs",
                "/api/config/INTERNAL/jobs",
                "/api/config/%69nternal/jobs",
                "/api/config/..%2F..%2Finternal/x",
                "/api/config/%252e%252e/internal",
                "/api/config/./outbox",
                "/api/config/x;internal",
                "/api/config/%zz"
            })
    void refusesInternalAndDotSegmentsHoweverEncoded(String path) {
        assertThat(InternalPathGuard.forbidden(path)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/config/outbox", "/api/sync/runs/internal-run-1", "/api/config/jobs/a+b", "/"})
    void letsOrdinaryPathsThrough(String path) {
        assertThat(InternalPathGuard.forbidden(path)).isFalse();
    }
}
