package io.datasync.kit.internal;

/**
 * The settings of a service's internal API, bound under the service's own prefix: a service with an internal API
 * declares one as a bean with {@code @ConfigurationProperties(prefix)}, and {@link InternalApiAutoConfiguration} then
 * puts {@value InternalApiAutoConfiguration#PATHS} behind the token. An empty token closes the internal API (every
 * request is refused), because an unset token must never mean "anyone may call".
 */
public class InternalApiProperties {

    /** The environment variable every service reads its internal token from. */
    public static final String ENVIRONMENT_VARIABLE = "DATASYNC_INTERNAL_TOKEN";

    private final String prefix;
    private final String whenClosed;
    private String token = "";

    /**
     * @param prefix the service's prefix the token is set under, e.g. {@code datasync.config.internal}
     * @param whenClosed what stops working while the internal API is closed, for the warning at start, e.g.
     *     {@code sync-service cannot resolve connections or jobs}
     */
    public InternalApiProperties(String prefix, String whenClosed) {
        this.prefix = prefix;
        this.whenClosed = whenClosed;
    }

    /** What callers must send in {@code X-Service-Token}; empty when none is configured. */
    public String getToken() {
        return token;
    }

    public void setToken(String token) {
        this.token = token == null ? "" : token.trim();
    }

    /** The setting naming the token, e.g. {@code datasync.config.internal.token}, for messages. */
    public String tokenProperty() {
        return prefix + ".token";
    }

    public String whenClosed() {
        return whenClosed;
    }

    @Override
    public String toString() {
        return "InternalApiProperties[" + tokenProperty() + "=" + (token.isEmpty() ? "<none: closed>" : "******") + "]";
    }
}
