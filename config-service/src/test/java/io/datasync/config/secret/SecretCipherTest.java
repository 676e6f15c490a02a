package io.datasync.config.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

    static final String K1 = "k1:46Owhw/3A5aMSSnlRAKJFkcAzCoLGJQswNXgu7okZYk=";
    static final String K2 = "k2:ZbZw4Z3D53nDCUwWJvEsIfGPQRS7+6gLLYmlK1H4cQw=";

    private final SecretCipher cipher = new SecretCipher(Keyring.of(List.of(K1)));

    @Test
    void decryptsWhatItEncryptedUnderTheActiveKeyId() {
        String stored = cipher.encrypt("pa55 wörd ✓", "conn-1/settings/password");

        assertThat(stored).startsWith("v1:k1:").doesNotContain("pa55");
        assertThat(SecretCipher.keyIdOf(stored)).isEqualTo("k1");
        assertThat(SecretCipher.isEncrypted(stored)).isTrue();
        assertThat(cipher.decrypt(stored, "conn-1/settings/password")).isEqualTo("pa55 wörd ✓");
    }

    @Test
    void usesAFreshIvForEveryValue() {
        String a = cipher.encrypt("same", "ctx");
        String b = cipher.encrypt("same", "ctx");

        assertThat(a).isNotEqualTo(b);
        assertThat(Base64.getDecoder().decode(a.substring("v1:k1:".length()))).hasSize(12 + "same".length() + 16);
    }

    @Test
    void refusesACiphertextMovedToAnotherConnectionOrSetting() {
        String stored = cipher.encrypt("secret", "conn-1/settings/password");

        assertThatThrownBy(() -> cipher.decrypt(stored, "conn-2/settings/password"))
                .isInstanceOf(SecretDecryptionException.class)
                .hasMessageContaining("does not authenticate")
                .hasMessageNotContaining("secret\"");
        assertThatThrownBy(() -> cipher.decrypt(stored, "conn-1/settings/auth/token"))
                .isInstanceOf(SecretDecryptionException.class);
    }

    @Test
    void refusesATamperedCiphertext() {
        String stored = cipher.encrypt("secret", "ctx");
        byte[] data = Base64.getDecoder().decode(stored.substring("v1:k1:".length()));
        data[14] ^= 1;
        String tampered = "v1:k1:" + Base64.getEncoder().encodeToString(data);

        assertThatThrownBy(() -> cipher.decrypt(tampered, "ctx")).isInstanceOf(SecretDecryptionException.class);
    }

    @Test
    void refusesACiphertextRelabelledWithAnotherKeyId() {
        SecretCipher both = new SecretCipher(Keyring.of(List.of(K2, K1)));
        String stored = both.encrypt("secret", "ctx");
        String relabelled = stored.replace("v1:k2:", "v1:k1:");

        assertThatThrownBy(() -> both.decrypt(relabelled, "ctx")).isInstanceOf(SecretDecryptionException.class);
    }

    @Test
    void namesTheMissingKeyIdWhenTheKeyIsNotInTheKeyring() {
        String stored = cipher.encrypt("secret", "ctx");
        SecretCipher withoutK1 = new SecretCipher(Keyring.of(List.of(K2)));

        assertThatThrownBy(() -> withoutK1.decrypt(stored, "ctx"))
                .isInstanceOf(SecretDecryptionException.class)
                .hasMessageContaining("key id 'k1'")
                .hasMessageContaining("[k2]");
    }

    @Test
    void refusesValuesThatAreNotInTheStoredFormat() {
        assertThatThrownBy(() -> cipher.decrypt("plain text", "ctx"))
                .isInstanceOf(SecretDecryptionException.class)
                .hasMessageContaining("v1:<keyId>:<base64>");
        assertThatThrownBy(() -> cipher.decrypt("v1:k1:AAAA", "ctx"))
                .isInstanceOf(SecretDecryptionException.class)
                .hasMessageContaining("truncated");
        assertThat(SecretCipher.isEncrypted("hunter2")).isFalse();
    }

    @Test
    void decryptsAfterReEncryptionWithAKeyringThatNoLongerHasTheOldKey() {
        String underOld = cipher.encrypt("secret", "ctx");
        SecretCipher rotating = new SecretCipher(Keyring.of(List.of(K2, K1)));
        String underNew = rotating.encrypt(rotating.decrypt(underOld, "ctx"), "ctx");

        SecretCipher newOnly = new SecretCipher(Keyring.of(List.of(K2)));
        assertThat(SecretCipher.keyIdOf(underNew)).isEqualTo("k2");
        assertThat(newOnly.decrypt(underNew, "ctx")).isEqualTo("secret");
    }
}
