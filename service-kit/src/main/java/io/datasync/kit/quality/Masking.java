package io.datasync.kit.quality;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The masks of {@code mask} steps. Hash and token are keyed (HMAC-SHA256 under the gate's mask key), so that the same
 * value always masks the same way (joins and distinct counts still work) while nobody without the key can test a
 * guess against a mask. Tokens hash a domain-separated input, so a token never reveals the hash of the same value.
 */
final class Masking {

    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] TOKEN_DOMAIN = "datasync/quality/mask/token/v1\0".getBytes(StandardCharsets.US_ASCII);
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final int TOKEN_CHARS = 20;

    private final SecretKeySpec key;

    Masking(byte[] key) {
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException("masking needs a key");
        }
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    /** A MAC for one thread's use (a {@link Mac} is not thread-safe); cheap next to a chunk. */
    Mac mac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** The 64 hex digits of the value's HMAC. */
    static String hash(Mac mac, String value) {
        return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code tok_} and the first 20 characters of the lowercase, unpadded base32 of the domain-separated HMAC. */
    static String token(Mac mac, String value) {
        mac.update(TOKEN_DOMAIN);
        byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        StringBuilder token = new StringBuilder(4 + TOKEN_CHARS).append("tok_");
        int buffer = 0;
        int bits = 0;
        for (int i = 0; token.length() < 4 + TOKEN_CHARS; ) {
            if (bits < 5) {
                buffer = (buffer << 8) | (digest[i++] & 0xFF);
                bits += 8;
            }
            token.append(BASE32[(buffer >>> (bits - 5)) & 31]);
            bits -= 5;
        }
        return token.toString();
    }

    /**
     * All but the last {@code keep} characters (code points) as {@code *}. A value no longer than {@code keep} is all
     * stars: showing a short value whole would not mask it.
     */
    static String partial(String value, int keep) {
        int points = value.codePointCount(0, value.length());
        if (points <= keep) {
            return "*".repeat(points);
        }
        int cut = value.offsetByCodePoints(0, points - keep);
        return "*".repeat(points - keep) + value.substring(cut);
    }
}
