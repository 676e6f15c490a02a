package io.datasync.quality.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The internal API's settings ({@code datasync.quality.internal.*}).
 *
 * @param token what callers must send in {@code X-Service-Token}; when empty the internal API is closed and every
 *     request is refused, because an unset token must never mean "anyone may call"
 */
@ConfigurationProperties("datasync.quality.internal")
public record InternalProperties(String token) {

    public InternalProperties {
        token = token == null ? "" : token.trim();
    }

    @Override
    public String toString() {
        return "InternalProperties[token=" + (token.isEmpty() ? "<none: closed>" : "******") + "]";
    }
}
