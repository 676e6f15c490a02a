package io.datasync.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GatewaySecurityPropertiesTest {

    private static final String SECRET = "unit-test-identity-secret-0123456789abcdef";
    private static final String TOKEN = "unit-test-internal-token-0123456789";

    private static GatewaySecurityProperties settings(
            String mode, String secret, String token, String keyFile, String issuer, String jwks) {
        return new GatewaySecurityProperties(
                mode, secret, token, new GatewaySecurityProperties.Jwt(keyFile, issuer, jwks, "roles", null));
    }

    @Test
    void productionNeedsASecretAnIdentityProviderAndTheInternalToken() {
        assertThat(settings("production", null, null, null, null, null).problems())
                .hasSize(3)
                .anySatisfy(p -> assertThat(p).contains("DATASYNC_IDENTITY_SECRET"))
                .anySatisfy(p -> assertThat(p).contains("DATASYNC_JWT_ISSUER_URI", "DATASYNC_JWT_JWK_SET_URI"))
                .anySatisfy(p -> assertThat(p).contains("DATASYNC_INTERNAL_TOKEN"));
        assertThat(settings("production", SECRET, TOKEN, null, "https://idp/realms/x", null)
                        .problems())
                .isEmpty();
    }

    @Test
    void aShortSecretIsRefused() {
        assertThat(settings("production", "short", TOKEN, null, null, "http://idp/jwks")
                        .problems())
                .singleElement()
                .satisfies(p -> assertThat(p).contains("DATASYNC_IDENTITY_SECRET", "shorter than 32"));
    }

    @Test
    void theLocalKeyFileIsRefusedOutsideLocalModeAndEnoughInIt() {
        assertThat(settings("production", SECRET, TOKEN, "/run/key", null, "http://idp/jwks")
                        .problems())
                .singleElement()
                .satisfies(p -> assertThat(p).contains("DATASYNC_JWT_LOCAL_KEY_FILE"));
        GatewaySecurityProperties local = settings("local", SECRET, null, "/run/key", null, null);
        assertThat(local.problems()).isEmpty();
        assertThat(local.localKeyPath()).hasToString("/run/key");
        assertThat(settings("local", SECRET, null, null, null, null).problems())
                .singleElement()
                .satisfies(p -> assertThat(p).contains("DATASYNC_JWT_LOCAL_KEY_FILE"));
    }

    @Test
    void anUnknownModeIsNamed() {
        assertThat(settings("dev", SECRET, TOKEN, null, null, "http://idp/jwks").problems())
                .anySatisfy(p -> assertThat(p).contains("DATASYNC_SECURITY_MODE", "'dev'"));
    }
}
