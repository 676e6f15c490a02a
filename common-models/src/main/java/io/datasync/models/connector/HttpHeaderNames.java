package io.datasync.models.connector;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which request headers a user may set, on a connection ({@code auth.headerName}) or in a job ({@code headers}): a
 * valid token, and none that the HTTP client, the platform's own identity or a proxy relies on.
 */
public final class HttpHeaderNames {

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /** Headers the client sets itself, hop-by-hop headers, and headers that carry the platform's identity or routing. */
    public static final Set<String> RESERVED = Set.of(
            "authorization",
            "connection",
            "content-length",
            "expect",
            "forwarded",
            "host",
            "keep-alive",
            "proxy-authenticate",
            "proxy-authorization",
            "proxy-connection",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "x-service-token",
            "x-forwarded-for",
            "x-forwarded-host",
            "x-forwarded-proto",
            "x-forwarded-port",
            "x-real-ip");

    private HttpHeaderNames() {}

    /**
     * What is wrong with a header a user wants to send, or null when it may be sent. {@code Authorization} is never
     * one: credentials go in the connection's auth, which is encrypted.
     */
    public static String problem(String name) {
        if (name == null || !TOKEN.matcher(name).matches()) {
            return "'" + name + "' is not a valid header name";
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("authorization")) {
            return "'" + name + "' cannot be set here: credentials belong in the connection's auth, which is encrypted";
        }
        if (RESERVED.contains(lower)) {
            return "'" + name + "' cannot be set by a user: the HTTP client, a proxy or the platform sets it";
        }
        return null;
    }
}
