package io.datasync.models.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compact JWTs signed with HMAC-SHA256 (RFC 7519, {@code alg: HS256}): what the gateway hands the services, and the
 * tokens of the local run. Signing needs nothing beyond the JDK; verification accepts only HS256 and compares the
 * signature in constant time.
 */
public final class Hs256 {

    /** Secrets shorter than this are refused: HS256 wants at least as many bytes as its hash. */
    public static final int MIN_SECRET_BYTES = 32;

    private static final String HEADER = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    /** Loaded on first verification only, so signing (e.g. by {@link LocalTokens#main}) needs nothing but the JDK. */
    private static final class Json {
        static final JsonMapper MAPPER = JsonMapper.builder().build();

        static JsonNode read(String part, String what) throws InvalidTokenException {
            try {
                return MAPPER.readTree(Base64.getUrlDecoder().decode(part));
            } catch (IllegalArgumentException | JacksonException e) {
                throw new InvalidTokenException("the token's " + what + " is not base64url JSON");
            }
        }
    }

    private Hs256() {}

    /** A token that cannot be used: why, in words (never the token). */
    public static final class InvalidTokenException extends Exception {
        public InvalidTokenException(String message) {
            super(message);
        }
    }

    /**
     * Signs flat claims.
     *
     * @param claims values are strings, whole numbers, booleans or lists of strings
     */
    public static String sign(Map<String, ?> claims, byte[] secret) {
        checkSecret(secret);
        StringBuilder json = new StringBuilder("{");
        for (Map.Entry<String, ?> claim : claims.entrySet()) {
            if (claim.getValue() == null) {
                continue;
            }
            if (json.length() > 1) {
                json.append(',');
            }
            string(json, claim.getKey()).append(':');
            value(json, claim.getValue());
        }
        String signingInput = HEADER + "." + b64(json.append('}').toString().getBytes(StandardCharsets.UTF_8));
        return signingInput + "." + b64(mac(signingInput, secret));
    }

    /**
     * The claims of a token signed with {@code secret}, after checking its header and signature (not its times: the
     * caller knows which claims it needs).
     */
    public static JsonNode verify(String token, byte[] secret) throws InvalidTokenException {
        checkSecret(secret);
        if (token == null || token.length() > 8192) {
            throw new InvalidTokenException("the token is missing or too long");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidTokenException("the token is not a compact JWT (three dot-separated parts)");
        }
        JsonNode header = Json.read(parts[0], "header");
        if (!"HS256".equals(header.path("alg").asString(null))) {
            throw new InvalidTokenException("the token is not signed with HS256");
        }
        byte[] expected = mac(parts[0] + "." + parts[1], secret);
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("the token's signature is not base64url");
        }
        if (!MessageDigest.isEqual(expected, given)) {
            throw new InvalidTokenException("the token's signature does not match");
        }
        JsonNode claims = Json.read(parts[1], "payload");
        if (!claims.isObject()) {
            throw new InvalidTokenException("the token's payload is not a JSON object");
        }
        return claims;
    }

    private static void checkSecret(byte[] secret) {
        if (secret == null || secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("an HS256 secret needs at least " + MIN_SECRET_BYTES + " bytes");
        }
    }

    private static byte[] mac(String input, byte[] secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void value(StringBuilder json, Object value) {
        if (value instanceof String s) {
            string(json, s);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Boolean) {
            json.append(value);
        } else if (value instanceof List<?> list) {
            json.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    json.append(',');
                }
                string(json, String.valueOf(list.get(i)));
            }
            json.append(']');
        } else {
            throw new IllegalArgumentException("a claim is a string, a whole number, a boolean or a list of strings");
        }
    }

    private static StringBuilder string(StringBuilder json, String s) {
        json.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }
}
