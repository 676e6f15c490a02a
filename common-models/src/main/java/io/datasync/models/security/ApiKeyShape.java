package io.datasync.models.security;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an API key looks like, {@code dsk_<id>_<secret>} — a 12-character id of lowercase letters and digits, and 32
 * random bytes in base64url (43 characters): config-service issues keys of this shape and the gateway refuses anything
 * else without asking, so both read it from here.
 */
public final class ApiKeyShape {

    /** What every key starts with, so secret scanners and people recognise one. */
    public static final String PREFIX = "dsk_";

    /** Characters of a key's id. */
    public static final int ID_LENGTH = 12;

    private static final Pattern SHAPE = Pattern.compile("dsk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})");

    private ApiKeyShape() {}

    /** Whether {@code key} has the shape of a DataSync API key. */
    public static boolean wellFormed(String key) {
        return key != null && SHAPE.matcher(key).matches();
    }

    /** The id of a well-formed key; empty for anything else. */
    public static Optional<String> idOf(String key) {
        if (key == null) {
            return Optional.empty();
        }
        Matcher m = SHAPE.matcher(key);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
