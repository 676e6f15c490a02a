package io.datasync.sync.connector.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The API an HTTP source reads and how it authenticates, built from a connection's settings (already decrypted by the
 * caller): {@code baseUrl} and {@code auth} {@code {type: none|basic|bearer|header, username, password, token,
 * headerName, headerValue}}. Never printed with a credential: {@link #toString()} is safe for logs and
 * {@link #redact} removes every secret from text an API sent back.
 *
 * @param baseUrl an http or https URL without user info, query or fragment
 */
public record HttpEndpoint(URI baseUrl, Auth auth) {

    /** How requests authenticate; {@link #header()} is the header sent with every request to the base URL's origin. */
    public record Auth(
            String type, String username, String password, String token, String headerName, String headerValue) {

        static final Auth NONE = new Auth("none", null, null, null, null, null);

        public Auth {
            type = type == null ? "none" : type.toLowerCase(Locale.ROOT);
            switch (type) {
                case "none" -> {}
                case "basic" -> require(username, "username", "basic");
                case "bearer" -> require(token, "token", "bearer");
                case "header" -> {
                    require(headerName, "headerName", "header");
                    require(headerValue, "headerValue", "header");
                }
                default ->
                    throw HttpErrors.invalid(
                            "connection setting auth/type '" + type + "' is not one of none, basic, bearer, header");
            }
        }

        /** The name and value of the credential header, or null for {@code none}. */
        public String[] header() {
            return switch (type) {
                case "basic" -> {
                    String pair = username + ":" + (password == null ? "" : password);
                    yield new String[] {
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8))
                    };
                }
                case "bearer" -> new String[] {"Authorization", "Bearer " + token};
                case "header" -> new String[] {headerName, headerValue};
                default -> null;
            };
        }

        /** Every value that must never appear in a message. */
        List<String> secrets() {
            List<String> secrets = new ArrayList<>();
            for (String s : new String[] {password, token, headerValue}) {
                if (s != null && !s.isEmpty()) {
                    secrets.add(s);
                }
            }
            String[] header = header();
            if (header != null && "basic".equals(type)) {
                secrets.add(header[1].substring("Basic ".length()));
            }
            return secrets;
        }

        @Override
        public String toString() {
            return "Auth[type=" + type + (username == null ? "" : ", username=" + username)
                    + (headerName == null ? "" : ", headerName=" + headerName) + "]";
        }

        private static void require(String value, String name, String type) {
            if (value == null || value.isEmpty()) {
                throw HttpErrors.invalid("connection setting auth/" + name + " is required for " + type + " auth");
            }
        }
    }

    public HttpEndpoint {
        Objects.requireNonNull(baseUrl, "baseUrl");
        String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || baseUrl.getHost() == null) {
            throw HttpErrors.invalid("connection setting baseUrl must be an http or https URL with a host");
        }
        if (baseUrl.getRawUserInfo() != null || baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
            throw HttpErrors.invalid("connection setting baseUrl must not carry user info, a query or a fragment;"
                    + " credentials belong in auth, parameters in the job's query option");
        }
        auth = auth == null ? Auth.NONE : auth;
    }

    /**
     * From a connection's settings.
     *
     * @throws io.datasync.sync.connector.spi.ConnectorException {@code SYNC-001} when the settings are incomplete
     */
    public HttpEndpoint(Map<String, Object> settings) {
        this(baseUrl(settings.get("baseUrl")), auth(settings.get("auth")));
    }

    /** {@code path} appended to the base URL's path, with exactly one slash between them. */
    public URI resolve(String path) {
        String base = baseUrl.toString();
        String tail = path.startsWith("/") ? path.substring(1) : path;
        return URI.create(base.endsWith("/") ? base + tail : base + "/" + tail);
    }

    /** Whether a request to {@code uri} may carry the credentials: same scheme, host and port as the base URL. */
    boolean sameOrigin(URI uri) {
        return uri.getScheme() != null
                && uri.getHost() != null
                && uri.getScheme().equalsIgnoreCase(baseUrl.getScheme())
                && uri.getHost().equalsIgnoreCase(baseUrl.getHost())
                && port(uri) == port(baseUrl);
    }

    /** {@code text} with every credential of the connection replaced by {@code ****}. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String redacted = text;
        for (String secret : auth.secrets()) {
            redacted = redacted.replace(secret, "****");
        }
        return redacted;
    }

    @Override
    public String toString() {
        return "HttpEndpoint[baseUrl=" + baseUrl + ", auth=" + auth + "]";
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static URI baseUrl(Object value) {
        if (!(value instanceof String text) || text.isBlank()) {
            throw HttpErrors.invalid("connection setting baseUrl is required: the http or https URL of the API");
        }
        try {
            return new URI(text.strip());
        } catch (URISyntaxException e) {
            throw HttpErrors.invalid("connection setting baseUrl is not a URL: " + e.getReason());
        }
    }

    private static Auth auth(Object value) {
        if (value == null) {
            return Auth.NONE;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw HttpErrors.invalid("connection setting auth must be an object {type, ...}");
        }
        return new Auth(
                text(map, "type"),
                text(map, "username"),
                text(map, "password"),
                text(map, "token"),
                text(map, "headerName"),
                text(map, "headerValue"));
    }

    private static String text(Map<?, ?> map, String key) {
        Object value = map.get(key);
        return value == null ? null : value.toString();
    }
}
