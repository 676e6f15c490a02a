package io.datasync.kit.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TypeNamesTest {

    @Test
    void aParameterOfTheWrongTypeIsExplainedInACallersWords() {
        assertThat(ProblemDetailsAdvice.expected(Instant.class)).contains("ISO-8601", "2026-12-03T00:00:00Z");
        assertThat(ProblemDetailsAdvice.expected(UUID.class)).startsWith("UUID, e.g.");
        assertThat(ProblemDetailsAdvice.expected(int.class)).isEqualTo("whole number");
        assertThat(ProblemDetailsAdvice.expected(null)).isEqualTo("value");
    }
}
