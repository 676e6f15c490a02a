package io.datasync.models.security;

import java.util.Objects;

/**
 * A caller the gateway authenticated.
 *
 * @param subject who: a token's subject (a user or client id), or {@code api-key:<name>} for an API key
 * @param role the highest role the caller has
 * @param via how the caller proved it
 * @param apiKeyId the API key's id when {@code via} is {@link Via#API_KEY}, else null
 * @param jobId the one job an API key is bound to, else null: such a caller may only call routes of that job
 */
public record Identity(String subject, Role role, Via via, String apiKeyId, String jobId) {

    /** How a caller proved who it is. */
    public enum Via {
        /** A JWT bearer token (from the OIDC provider, or minted locally by {@code ./datasync token}). */
        TOKEN,
        /** An API key ({@code X-API-Key}). */
        API_KEY;

        /** How it is written in the audit log and its events: {@code token}, {@code api_key}. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Identity {
        if (subject == null || subject.isBlank() || subject.length() > 200) {
            throw new IllegalArgumentException("an identity needs a subject of 1 to 200 characters");
        }
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(via, "via");
        if ((via == Via.API_KEY) != (apiKeyId != null)) {
            throw new IllegalArgumentException("an API key id goes with an API key identity, and only with one");
        }
        if (jobId != null && via != Via.API_KEY) {
            throw new IllegalArgumentException("only an API key is bound to one job");
        }
    }

    /** A caller with a token. */
    public static Identity token(String subject, Role role) {
        return new Identity(subject, role, Via.TOKEN, null, null);
    }

    /** A caller with an API key, bound to one job or (jobId null) to none. */
    public static Identity apiKey(String name, String keyId, Role role, String jobId) {
        return new Identity("api-key:" + name, role, Via.API_KEY, keyId, jobId);
    }
}
