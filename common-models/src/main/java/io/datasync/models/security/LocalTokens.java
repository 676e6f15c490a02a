package io.datasync.models.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bearer tokens of a local run: HS256 JWTs signed with the key {@code ./datasync up} writes into its run folder,
 * which the gateway accepts only in local mode. Claims: {@code iss} {@value #ISSUER}, {@code sub}, {@code roles} (one
 * role), {@code iat}, {@code exp}. {@code ./datasync token <role>} runs {@link #main} with only this module's jar on the
 * class path.
 */
public final class LocalTokens {

    /** The issuer of local tokens; the gateway accepts no other in local mode. */
    public static final String ISSUER = "datasync-local";

    /** The longest a local token may live. */
    public static final Duration MAX_TTL = Duration.ofDays(30);

    private LocalTokens() {}

    /** A token for {@code subject} with {@code role}, valid from {@code now} for {@code ttl}. */
    public static String mint(byte[] key, String subject, Role role, Duration ttl, Instant now) {
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException(
                    "a local token lives more than 0 s and at most " + MAX_TTL.toDays() + " days");
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", subject);
        claims.put("roles", List.of(role.wireName()));
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(ttl).getEpochSecond());
        return Hs256.sign(claims, key);
    }

    /**
     * The key held in a key file's text: the text without surrounding white space, as UTF-8 bytes. Reading the file is
     * the caller's (common-models does no file I/O).
     */
    public static byte[] key(String keyFileText) {
        return keyFileText.strip().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Prints a token: {@code <role> [ttl] [subject]} with the key file's text on standard input ({@code ./datasync
     * token} redirects the run folder's key file), the ttl as {@code 30m}, {@code 12h} or {@code 7d} (default 12h), the
     * subject {@code local-<role>} unless given. Exits 2 with a message on bad arguments or an empty key.
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 3) {
            fail("usage: LocalTokens <viewer|operator|admin> [ttl like 12h] [subject] < key-file");
        }
        Role role = Role.parse(args[0]).orElse(null);
        if (role == null) {
            fail("'" + args[0] + "' is no role; use viewer, operator or admin");
        }
        Duration ttl = Duration.ofHours(12);
        if (args.length > 1) {
            try {
                ttl = ttl(args[1]);
            } catch (IllegalArgumentException e) {
                fail(e.getMessage());
            }
        }
        String subject = args.length > 2 ? args[2] : "local-" + role.wireName();
        byte[] key = key(new String(System.in.readAllBytes(), StandardCharsets.UTF_8));
        if (key.length == 0) {
            fail("no key on standard input: give the key file, e.g. LocalTokens admin < jwt-local.key");
        }
        try {
            System.out.println(mint(key, subject, role, ttl, Instant.now()));
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
        }
    }

    static Duration ttl(String text) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("(\\d{1,6})([smhd])").matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is no duration; use e.g. 30m, 12h or 7d");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }
}
