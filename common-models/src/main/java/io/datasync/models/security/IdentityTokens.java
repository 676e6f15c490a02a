package io.datasync.models.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The identity the gateway vouches for, as the services receive it: a short-lived HS256 JWT in
 * {@link #HEADER}, signed with the secret the gateway and the services share ({@code datasync.security.identity-secret}).
 * A service accepts an API call only with a valid one, so a call that did not come through the gateway — or one whose
 * caller forged the header — is refused. The gateway drops any such header a client sends.
 */
public final class IdentityTokens {

    /** The request header carrying the token from the gateway to a service. */
    public static final String HEADER = "X-DataSync-Identity";

    /** How long a minted identity is good for: one request's way through the gateway, with room for clock skew. */
    public static final Duration TTL = Duration.ofSeconds(60);

    static final String ISSUER = "datasync-gateway";
    static final String AUDIENCE = "datasync-services";
    private static final Duration SKEW = Duration.ofSeconds(30);

    private final byte[] secret;

    /**
     * @param secret the shared secret, at least {@value Hs256#MIN_SECRET_BYTES} bytes in UTF-8
     * @throws IllegalArgumentException when it is shorter
     */
    public IdentityTokens(String secret) {
        this.secret = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
        if (this.secret.length < Hs256.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(
                    "the identity secret needs at least " + Hs256.MIN_SECRET_BYTES + " bytes");
        }
    }

    /** The token for {@code identity}, valid from {@code now} for {@link #TTL}. */
    public String mint(Identity identity, Instant now) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("aud", AUDIENCE);
        claims.put("sub", identity.subject());
        claims.put("role", identity.role().wireName());
        claims.put("via", identity.via().name());
        claims.put("key", identity.apiKeyId());
        claims.put("job", identity.jobId());
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(TTL).getEpochSecond());
        return Hs256.sign(claims, secret);
    }

    /**
     * The identity in a token the gateway minted.
     *
     * @throws Hs256.InvalidTokenException when it is not one, or no longer valid at {@code now}
     */
    public Identity verify(String token, Instant now) throws Hs256.InvalidTokenException {
        JsonNode claims = Hs256.verify(token, secret);
        if (!ISSUER.equals(claims.path("iss").asString(null))
                || !AUDIENCE.equals(claims.path("aud").asString(null))) {
            throw new Hs256.InvalidTokenException("the token is not an identity from the gateway");
        }
        long exp = claims.path("exp").asLong(0);
        long iat = claims.path("iat").asLong(Long.MAX_VALUE);
        if (now.minus(SKEW).getEpochSecond() >= exp) {
            throw new Hs256.InvalidTokenException("the identity has expired");
        }
        if (iat > now.plus(SKEW).getEpochSecond()) {
            throw new Hs256.InvalidTokenException("the identity was issued in the future");
        }
        Role role = Role.parse(claims.path("role").asString(null))
                .orElseThrow(() -> new Hs256.InvalidTokenException("the identity names no role"));
        try {
            return new Identity(
                    claims.path("sub").asString(null),
                    role,
                    Identity.Via.valueOf(claims.path("via").asString("")),
                    claims.path("key").asString(null),
                    claims.path("job").asString(null));
        } catch (IllegalArgumentException e) {
            throw new Hs256.InvalidTokenException("the identity is malformed: " + e.getMessage());
        }
    }
}
