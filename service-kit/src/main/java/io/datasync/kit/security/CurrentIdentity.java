package io.datasync.kit.security;

import io.datasync.models.security.Identity;
import java.util.Optional;

/** The caller of the API request being handled on this thread, as the gateway vouched for it. */
public final class CurrentIdentity {

    private static final ThreadLocal<Identity> CURRENT = new ThreadLocal<>();

    private CurrentIdentity() {}

    /** The caller, when this thread handles an API request. */
    public static Optional<Identity> get() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** Who the caller is, for audit and logs: the subject, or {@code system} outside an API request. */
    public static String subject() {
        Identity identity = CURRENT.get();
        return identity == null ? "system" : identity.subject();
    }

    static void set(Identity identity) {
        CURRENT.set(identity);
    }

    static void clear() {
        CURRENT.remove();
    }
}
