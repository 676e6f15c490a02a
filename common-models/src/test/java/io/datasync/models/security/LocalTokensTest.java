package io.datasync.models.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class LocalTokensTest {

    private static final byte[] KEY = "a-local-key-of-at-least-thirty-two-bytes".getBytes(StandardCharsets.UTF_8);

    @Test
    void aLocalTokenCarriesIssuerSubjectOneRoleAndItsLifetime() throws Exception {
        Instant now = Instant.parse("2026-12-03T12:00:00Z");
        JsonNode claims = Hs256.verify(LocalTokens.mint(KEY, "dev", Role.OPERATOR, Duration.ofHours(2), now), KEY);
        assertThat(claims.path("iss").asString()).isEqualTo("datasync-local");
        assertThat(claims.path("sub").asString()).isEqualTo("dev");
        assertThat(claims.path("roles").toString()).isEqualTo("[\"operator\"]");
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(7200);
    }

    @Test
    void durationsAreShortAndBounded() {
        assertThat(LocalTokens.ttl("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(LocalTokens.ttl("7d")).isEqualTo(Duration.ofDays(7));
        assertThatThrownBy(() -> LocalTokens.ttl("soon")).hasMessageContaining("use e.g. 30m");
        assertThatThrownBy(() -> LocalTokens.mint(KEY, "dev", Role.ADMIN, Duration.ofDays(31), Instant.now()))
                .hasMessageContaining("at most 30 days");
    }
}
