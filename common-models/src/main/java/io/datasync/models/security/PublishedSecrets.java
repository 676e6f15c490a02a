package io.datasync.models.security;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The secret values this code base publishes — test support, the old compose defaults, the local Kubernetes overlay —
 * and the least a generated value has: one place for the services' start-up check and the gateway's, so they refuse
 * the same values outside local mode.
 */
public final class PublishedSecrets {

    /** Fewer characters than {@code openssl rand -base64 24} gives cannot be a generated token. */
    public static final int MIN_TOKEN_LENGTH = 24;

    /** The identity secret is an HMAC-SHA256 key; shorter than the hash it protects nothing. */
    public static final int MIN_IDENTITY_SECRET_BYTES = Hs256.MIN_SECRET_BYTES;

    /** Values published with DataSync; anything containing one of {@link #MARKERS} counts as well. */
    static final Set<String> VALUES = Set.of(
            "identity-secret-of-the-service-its-32+",
            "local-compose-internal-token",
            "local-only-internal-token",
            "it-internal-token-6f1c",
            "it-scheduler-token",
            "datasync",
            "postgres");

    /** Words that mark an example value: {@code local-only-…}, {@code change-me}. */
    static final List<String> MARKERS = List.of("local-only", "local-compose", "changeme", "change-me");

    private PublishedSecrets() {}

    /** Whether a value is one of the examples this code base ships; such a value is no secret. */
    public static boolean published(String value) {
        String lower = value.trim().toLowerCase(Locale.ROOT);
        return VALUES.contains(lower) || MARKERS.stream().anyMatch(lower::contains);
    }
}
