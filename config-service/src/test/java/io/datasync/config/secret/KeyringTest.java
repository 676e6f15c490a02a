package io.datasync.config.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class KeyringTest {

    @Test
    void makesTheFirstKeyTheActiveOne() {
        Keyring keyring = Keyring.of(List.of(SecretCipherTest.K2, SecretCipherTest.K1));

        assertThat(keyring.activeKeyId()).isEqualTo("k2");
        assertThat(keyring.keyIds()).containsExactly("k2", "k1");
        assertThat(keyring.isDevelopment()).isFalse();
    }

    @Test
    void reportsEveryProblemAtOnceWithoutShowingKeyBytes() {
        String shortKey = "short:c2hvcnQ=";
        assertThatThrownBy(() -> Keyring.of(
                        List.of(SecretCipherTest.K1, SecretCipherTest.K1, shortKey, "no-colon", "bad:!!!", "b@d:AAAA")))
                .isInstanceOf(InvalidKeyringException.class)
                .hasMessageContaining("key id 'k1' appears more than once")
                .hasMessageContaining("key 'short' is 5 bytes; AES-256 needs exactly 32")
                .hasMessageContaining("key entry 4 is not of the form id:base64")
                .hasMessageContaining("key 'bad' is not valid base64")
                .hasMessageContaining("key entry 6 has the id 'b@d'")
                .hasMessageNotContaining("46Owhw");
    }

    @Test
    void refusesAnEmptyKeyList() {
        assertThatThrownBy(() -> Keyring.of(List.of()))
                .isInstanceOf(InvalidKeyringException.class)
                .hasMessageContaining("no key is configured");
    }

    @Test
    void readsInlineKeysBeforeTheFilesKeys(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys");
        Files.writeString(file, "# rotated 2026-01\n\n" + SecretCipherTest.K1 + "\n");

        Keyring keyring = Keyring.from(new SecretsProperties(List.of(SecretCipherTest.K2), file.toString()));

        assertThat(keyring.keyIds()).containsExactly("k2", "k1");
    }

    @Test
    void namesAnUnreadableOrEmptyKeyFile(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> Keyring.from(new SecretsProperties(List.of(), missing.toString())))
                .isInstanceOf(InvalidKeyringException.class)
                .hasMessageContaining(missing.toString());

        Path empty = Files.writeString(dir.resolve("empty"), "# nothing\n");
        assertThatThrownBy(() -> Keyring.from(new SecretsProperties(List.of(), empty.toString())))
                .isInstanceOf(InvalidKeyringException.class)
                .hasMessageContaining("holds no key");
    }

    @Test
    void fallsBackToTheDevelopmentKeyOnlyWhenNothingIsConfigured() {
        Keyring keyring = Keyring.from(new SecretsProperties(List.of(" ", ""), " "));

        assertThat(keyring.isDevelopment()).isTrue();
        assertThat(keyring.activeKeyId()).isEqualTo(Keyring.DEVELOPMENT_KEY_ID);
        // The printed development entry is a valid keyring entry, so it can be kept while rotating away from it.
        assertThat(Keyring.of(List.of(Keyring.developmentEntry())).activeKeyId())
                .isEqualTo("dev");
    }

    @Test
    void showsOnlyKeyIdsInToString() {
        assertThat(Keyring.of(List.of(SecretCipherTest.K1)).toString()).isEqualTo("Keyring[k1]");
    }

    @Test
    void explainsABadKeyringAtStartInOneParagraph() {
        InvalidKeyringException bad = new InvalidKeyringException("The keyring ... is invalid: no key is configured");

        var analysis = new InvalidKeyringFailureAnalyzer().analyze(new IllegalStateException("wrapped", bad));

        assertThat(analysis.getDescription()).contains("no key is configured");
        assertThat(analysis.getAction()).contains("DATASYNC_CONFIG_KEYS", "openssl rand -base64 32");
    }

    @Test
    void bindsCommaSeparatedKeysAndTreatsEmptyVariablesAsUnset() {
        Keyring configured = Keyring.from(bind(Map.of(
                "datasync.config.secrets.keys",
                SecretCipherTest.K2 + "," + SecretCipherTest.K1,
                "datasync.config.secrets.keys-file",
                "")));
        assertThat(configured.keyIds()).containsExactly("k2", "k1");

        Keyring unset =
                Keyring.from(bind(Map.of("datasync.config.secrets.keys", "", "datasync.config.secrets.keys-file", "")));
        assertThat(unset.isDevelopment()).isTrue();
    }

    private static SecretsProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("datasync.config.secrets", SecretsProperties.class);
    }
}
