package io.datasync.config.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys connection secrets are encrypted with, by key id, in order: the first is the active key that
 * encrypts, the others only decrypt. Immutable; {@link #toString()} names the key ids only.
 */
public final class Keyring {

    /** Key ids end up inside every ciphertext ({@code v1:<keyId>:…}), so they must not contain the separator. */
    public static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    /** Id of the key derived when none is configured; see {@link #development()}. */
    public static final String DEVELOPMENT_KEY_ID = "dev";

    private static final int KEY_BYTES = 32;

    private final Map<String, SecretKey> keys;
    private final String activeKeyId;
    private final boolean development;

    private Keyring(Map<String, SecretKey> keys, boolean development) {
        this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
        this.activeKeyId = keys.keySet().iterator().next();
        this.development = development;
    }

    /**
     * Parses {@code id:base64} entries, the first being the active key.
     *
     * @throws InvalidKeyringException naming every problem at once: no key, a malformed entry, a key that is not 32
     *     bytes, a duplicate or ill-formed id
     */
    public static Keyring of(List<String> entries) {
        List<String> problems = new ArrayList<>();
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i).trim();
            String where = "key entry " + (i + 1);
            int colon = entry.indexOf(':');
            if (colon < 0) {
                problems.add(where + " is not of the form id:base64");
                continue;
            }
            String id = entry.substring(0, colon).trim();
            String encoded = entry.substring(colon + 1).trim();
            if (!KEY_ID.matcher(id).matches()) {
                problems.add(where + " has the id '" + id + "'; ids match " + KEY_ID.pattern());
                continue;
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(encoded);
            } catch (IllegalArgumentException e) {
                problems.add("key '" + id + "' is not valid base64");
                continue;
            }
            if (bytes.length != KEY_BYTES) {
                problems.add("key '" + id + "' is " + bytes.length + " bytes; AES-256 needs exactly " + KEY_BYTES
                        + " (generate one with: openssl rand -base64 32)");
                continue;
            }
            if (keys.putIfAbsent(id, new SecretKeySpec(bytes, "AES")) != null) {
                problems.add("key id '" + id + "' appears more than once");
            }
        }
        if (entries.isEmpty()) {
            problems.add("no key is configured");
        }
        if (!problems.isEmpty()) {
            throw new InvalidKeyringException("The keyring for connection secrets (datasync.config.secrets.keys / "
                    + "DATASYNC_CONFIG_KEYS, or the file datasync.config.secrets.keys-file / DATASYNC_CONFIG_KEYS_FILE) "
                    + "is invalid: " + String.join("; ", problems));
        }
        return new Keyring(keys, false);
    }

    /**
     * Reads the configured keys: the inline entries, then the file's lines. With neither, the
     * {@linkplain #development() development keyring}.
     */
    public static Keyring from(SecretsProperties properties) {
        List<String> entries = new ArrayList<>(properties.keys());
        if (properties.keysFile() != null) {
            Path file = Path.of(properties.keysFile());
            try {
                Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                        .map(String::trim)
                        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                        .forEach(entries::add);
            } catch (IOException e) {
                throw new InvalidKeyringException("The keyring file " + file.toAbsolutePath()
                        + " (datasync.config.secrets.keys-file / DATASYNC_CONFIG_KEYS_FILE) cannot be read: " + e);
            }
            if (entries.isEmpty()) {
                throw new InvalidKeyringException("The keyring file " + file.toAbsolutePath() + " holds no key");
            }
        }
        return entries.isEmpty() ? development() : of(entries);
    }

    /**
     * A keyring of one well-known key derived from a constant, for local runs that configure none. It keeps secrets
     * out of plain sight in the database but protects nothing against anyone who has this source code; the service
     * warns at start while it is in use.
     */
    public static Keyring development() {
        try {
            byte[] bytes = MessageDigest.getInstance("SHA-256")
                    .digest("datasync development key; never use in production".getBytes(StandardCharsets.UTF_8));
            return new Keyring(Map.of(DEVELOPMENT_KEY_ID, new SecretKeySpec(bytes, "AES")), true);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** The development key as a keyring entry, so an operator can keep it while rotating its secrets away. */
    public static String developmentEntry() {
        return DEVELOPMENT_KEY_ID + ":"
                + Base64.getEncoder()
                        .encodeToString(development()
                                .key(DEVELOPMENT_KEY_ID)
                                .orElseThrow()
                                .getEncoded());
    }

    public String activeKeyId() {
        return activeKeyId;
    }

    SecretKey activeKey() {
        return keys.get(activeKeyId);
    }

    Optional<SecretKey> key(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    /** Every key id, the active one first. */
    public List<String> keyIds() {
        return List.copyOf(keys.keySet());
    }

    /** Whether this is the {@linkplain #development() development keyring}. */
    public boolean isDevelopment() {
        return development;
    }

    @Override
    public String toString() {
        return "Keyring" + keyIds() + (development ? " (development)" : "");
    }
}
