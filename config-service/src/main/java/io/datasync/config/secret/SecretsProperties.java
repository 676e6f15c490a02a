package io.datasync.config.secret;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the keys that encrypt connection secrets come from ({@code datasync.config.secrets.*}). Both sources hold
 * {@code id:base64} entries of 32-byte keys; the first entry (of {@code keys}, then of the file) is the active key
 * that encrypts, the others only decrypt until a rotation moved every secret off them.
 *
 * @param keys entries given inline, e.g. {@code DATASYNC_CONFIG_KEYS="k2:BASE64,k1:BASE64"}
 * @param keysFile a file (typically a mounted Kubernetes secret) with one entry per line; blank lines and lines
 *     starting with {@code #} are ignored
 */
@ConfigurationProperties("datasync.config.secrets")
public record SecretsProperties(@DefaultValue List<String> keys, String keysFile) {

    public SecretsProperties {
        keys = keys == null
                ? List.of()
                : keys.stream().map(String::trim).filter(k -> !k.isEmpty()).toList();
        keysFile = keysFile == null || keysFile.isBlank() ? null : keysFile.trim();
    }
}
