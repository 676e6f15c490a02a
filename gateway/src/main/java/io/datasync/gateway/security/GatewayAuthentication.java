package io.datasync.gateway.security;

import io.datasync.models.security.Identity;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A caller the gateway authenticated: either with an {@link Identity} (a DataSync role) or, for a valid token from the
 * identity provider that grants no DataSync role, with only a subject and the reason it has none, so authorization
 * can answer 403 naming it instead of pretending the token was bad.
 */
public final class GatewayAuthentication extends AbstractAuthenticationToken {

    private final String subject;
    private final Identity identity;
    private final String noRoleReason;

    private GatewayAuthentication(String subject, Identity identity, String noRoleReason) {
        super(
                identity == null
                        ? List.of()
                        : List.of(new SimpleGrantedAuthority(
                                "ROLE_" + identity.role().name())));
        this.subject = subject;
        this.identity = identity;
        this.noRoleReason = noRoleReason;
        setAuthenticated(true);
    }

    /** A caller with a DataSync role. */
    public static GatewayAuthentication of(Identity identity) {
        return new GatewayAuthentication(identity.subject(), identity, null);
    }

    /** An authenticated caller without any DataSync role. */
    public static GatewayAuthentication withoutRole(String subject, String reason) {
        return new GatewayAuthentication(subject, null, reason);
    }

    /** The identity, or null when the caller has no DataSync role. */
    public Identity identity() {
        return identity;
    }

    /** Why {@link #identity()} is null. */
    public String noRoleReason() {
        return noRoleReason;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return subject;
    }

    @Override
    public String getName() {
        return subject;
    }
}
