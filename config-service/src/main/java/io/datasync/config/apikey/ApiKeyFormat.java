package io.datasync.config.apikey;

import io.datasync.models.security.ApiKeyShape;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The shape of a key, {@code dsk_<id>_<secret>}: the id (12 lowercase letters and digits) finds the stored row
 * without revealing anything, the secret (32 random bytes, base64url) is what proves possession. Only the SHA-256 of
 * the whole key is stored; a fast hash is enough because the secret has 256 bits of entropy, nothing to guess.
 */
public final class ApiKeyFormat {

    /** What every key starts with, so secret scanners and people recognise one. */
    public static final String PREFIX = ApiKeyShape.PREFIX;

    private static final char[] ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A freshly generated key, with its id. */
    public record Issued(String id, String key) {}

    private ApiKeyFormat() {}

    public static Issued generate() {
        StringBuilder id = new StringBuilder(ApiKeyShape.ID_LENGTH);
        for (int i = 0; i < ApiKeyShape.ID_LENGTH; i++) {
            id.append(ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)]);
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String key = PREFIX + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return new Issued(id.toString(), key);
    }

    /** The id of a well-formed key; empty for anything else. */
    public static Optional<String> idOf(String key) {
        return ApiKeyShape.idOf(key);
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
