package io.datasync.config.secret;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts secret values with AES-256-GCM under the keyring's active key. A stored value reads
 * {@code v1:<keyId>:<base64(iv || ciphertext || tag)>} with a fresh random 12-byte IV each time. The format version,
 * the key id and a caller-given context (the connection id and the setting's pointer) are authenticated as additional
 * data, so a ciphertext copied to another connection or another setting, or relabelled with another key id, fails to
 * decrypt instead of yielding a secret where it does not belong. Thread-safe.
 */
public final class SecretCipher {

    private static final String VERSION = "v1";
    private static final Pattern STORED = Pattern.compile("v1:(" + Keyring.KEY_ID.pattern() + "):([A-Za-z0-9+/=]+)");
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Keyring keyring;
    private final SecureRandom random = new SecureRandom();

    public SecretCipher(Keyring keyring) {
        this.keyring = keyring;
    }

    public Keyring keyring() {
        return keyring;
    }

    /**
     * Encrypts under the active key.
     *
     * @param context what the value belongs to, e.g. {@code <connection id>/settings/password}; the same context must
     *     be given to decrypt
     */
    public String encrypt(String plaintext, String context) {
        String keyId = keyring.activeKeyId();
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keyring.activeKey(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad(keyId, context));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(iv.length + sealed.length)
                    .put(iv)
                    .put(sealed)
                    .array();
            return VERSION + ":" + keyId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JRE; encryption failed", e);
        }
    }

    /**
     * Decrypts a value {@link #encrypt encrypted} with the same context.
     *
     * @throws SecretDecryptionException when the value is not in the stored format, its key is not in the keyring, or
     *     it does not authenticate (tampered, or moved from another context)
     */
    public String decrypt(String stored, String context) {
        Matcher m = parse(stored);
        String keyId = m.group(1);
        SecretKey key = keyring.key(keyId)
                .orElseThrow(() -> new SecretDecryptionException("a secret is encrypted under key id '" + keyId
                        + "', which is not in the keyring " + keyring.keyIds()
                        + "; add that key back to datasync.config.secrets.keys, or rotate before removing a key"));
        byte[] data;
        try {
            data = Base64.getDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            throw new SecretDecryptionException("a stored secret is not valid base64");
        }
        if (data.length < IV_BYTES + TAG_BITS / 8) {
            throw new SecretDecryptionException("a stored secret under key id '" + keyId + "' is truncated");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, IV_BYTES));
            cipher.updateAAD(aad(keyId, context));
            byte[] plain = cipher.doFinal(data, IV_BYTES, data.length - IV_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new SecretDecryptionException("a stored secret under key id '" + keyId
                    + "' does not authenticate: it was altered or belongs to another connection or setting");
        } catch (GeneralSecurityException e) {
            throw new SecretDecryptionException("a stored secret under key id '" + keyId + "' cannot be decrypted", e);
        }
    }

    /** The key id a stored value is encrypted under. */
    public static String keyIdOf(String stored) {
        return parse(stored).group(1);
    }

    /** Whether a value has the stored format (it may still fail to decrypt). */
    public static boolean isEncrypted(Object value) {
        return value instanceof String s && STORED.matcher(s).matches();
    }

    private static Matcher parse(String stored) {
        Matcher m = stored == null ? null : STORED.matcher(stored);
        if (m == null || !m.matches()) {
            throw new SecretDecryptionException("a stored secret is not of the form v1:<keyId>:<base64>");
        }
        return m;
    }

    private static byte[] aad(String keyId, String context) {
        // Length-prefixed, so no two (keyId, context) pairs share an encoding.
        return (VERSION + "|" + keyId.length() + ":" + keyId + "|" + context).getBytes(StandardCharsets.UTF_8);
    }
}
