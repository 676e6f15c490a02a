package io.datasync.models.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdentityTokensTest {

    private static final String SECRET = "an-identity-secret-of-at-least-32-bytes!";
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    private final IdentityTokens tokens = new IdentityTokens(SECRET);

    @Test
    void whatIsMintedVerifiesToTheSameIdentity() throws Exception {
        Identity user = Identity.token("alice", Role.OPERATOR);
        Identity key = Identity.apiKey("ci \"nightly\"", "k-1", Role.VIEWER, "job-7");

        assertThat(tokens.verify(tokens.mint(user, NOW), NOW.plusSeconds(10))).isEqualTo(user);
        assertThat(tokens.verify(tokens.mint(key, NOW), NOW)).isEqualTo(key);
    }

    @Test
    void anExpiredOrFutureIdentityIsRefused() {
        String token = tokens.mint(Identity.token("alice", Role.ADMIN), NOW);
        assertThatThrownBy(
                        () -> tokens.verify(token, NOW.plus(IdentityTokens.TTL).plusSeconds(31)))
                .hasMessage("the identity has expired");
        assertThatThrownBy(() -> tokens.verify(token, NOW.minusSeconds(120)))
                .hasMessage("the identity was issued in the future");
    }

    @Test
    void anotherSecretATamperedPayloadOrAnotherAlgorithmIsRefused() {
        String token = tokens.mint(Identity.token("bob", Role.VIEWER), NOW);
        assertThatThrownBy(() -> new IdentityTokens(SECRET + "x").verify(token, NOW))
                .hasMessage("the token's signature does not match");

        String[] parts = token.split("\\.");
        String admin = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"viewer\"", "\"admin\"");
        String tampered = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(admin.getBytes(StandardCharsets.UTF_8)) + "."
                + parts[2];
        assertThatThrownBy(() -> tokens.verify(tampered, NOW)).hasMessage("the token's signature does not match");

        String none = Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
                + "." + parts[1] + ".";
        assertThatThrownBy(() -> tokens.verify(none, NOW)).hasMessage("the token is not signed with HS256");
        assertThatThrownBy(() -> tokens.verify("not a token", NOW)).isInstanceOf(Hs256.InvalidTokenException.class);
    }

    @Test
    void aTokenSignedWithTheSecretButNotByTheGatewayIsRefused() {
        String other = Hs256.sign(Map.of("sub", "x", "role", "admin"), SECRET.getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> tokens.verify(other, NOW)).hasMessage("the token is not an identity from the gateway");
    }

    @Test
    void aShortSecretIsRefused() {
        assertThatThrownBy(() -> new IdentityTokens("short"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32 bytes");
    }
}
