package io.datasync.config.apikey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of a key, {@code dsk_<id>_<secret>}: the id (12 lowercase letters and digits) finds the stored row
 * without revealing anything, the secret (32 random bytes, base64url) is what proves possession. Only the SHA-256 of
 * the whole key is stored; a fast hash is enough because the secret has 256 bits of entropy, nothing to guess.
 */
public final class ApiKeyFormat {

    /** What every key starts with, so secret scanners and people recognise one. */
    public static final String PREFIX = "dsk_";

    private static final Pattern SHAPE = Pattern.compile("dsk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})");
    private static final char[] ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A freshly generated key, with its id. */
    public record Issued(String id, String key) {}

    private ApiKeyFormat() {}

    public static Issued generate() {
        StringBuilder id = new StringBuilder(12);
        for (int i = 0; i < 12; i++) {
            id.append(ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)]);
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String key = PREFIX + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return new Issued(id.toString(), key);
    }

    /** The id of a well-formed key; empty for anything else. */
    public static Optional<String> idOf(String key) {
        if (key == null) {
            return Optional.empty();
        }
        Matcher m = SHAPE.matcher(key);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The stored form of a key: hex SHA-256. */
    public static String hash(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** Whether {@code key} hashes to {@code storedHash}, compared in constant time. */
    public static boolean matches(String key, String storedHash) {
        return MessageDigest.isEqual(
                hash(key).getBytes(StandardCharsets.US_ASCII), storedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
