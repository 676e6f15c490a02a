package io.datasync.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeysTest {

    @ParameterizedTest
    @ValueSource(strings = {"dsk_abc123def456_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde"})
    void acceptsTheShapeOfAKey(String key) {
        assertThat(ApiKeys.wellFormed(key)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "dsk_nope_nope",
                "dsk_k1k1_0123456789abcdef",
                // one character more than config-service issues: refused here, without asking it
                "dsk_abc123def456_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcdef",
                "dsk__AbCdEfGhIjKlMnOpQrStUvWxYz",
                "DSK_abc123def456_AbCdEfGhIjKlMnOpQrSt",
                "dsk_ABC123DEF456_AbCdEfGhIjKlMnOpQrSt",
                "dsk_abc123def456_AbCd EfGhIjKlMnOpQrSt",
                "Bearer dsk_abc123def456_AbCdEfGhIjKlMnOpQrSt"
            })
    void refusesAnythingElse(String key) {
        assertThat(ApiKeys.wellFormed(key)).isFalse();
    }
}
