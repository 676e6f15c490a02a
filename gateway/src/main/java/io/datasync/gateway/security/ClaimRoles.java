package io.datasync.gateway.security;

import io.datasync.models.security.Role;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a caller's role in a token's claims. An OIDC provider puts roles where it likes — Keycloak under
 * {@code realm_access.roles}, others in a flat {@code roles} or {@code groups} claim — so the claim is a dotted path,
 * and the highest known role wins while names that are no DataSync role (a provider's own {@code offline_access})
 * are ignored. Local tokens are stricter: exactly one role, and it must be known.
 */
public final class ClaimRoles {

    private final List<String> path;

    /** @param claimPath a claim name or a dotted path into nested objects, e.g. {@code realm_access.roles} */
    public ClaimRoles(String claimPath) {
        if (claimPath == null || claimPath.isBlank()) {
            throw new IllegalArgumentException("the roles claim needs a name");
        }
        this.path = List.of(claimPath.strip().split("\\."));
    }

    /** The role names at the path: a list of strings, or one string holding names separated by spaces or commas. */
    public List<String> names(Map<String, Object> claims) {
        Object node = claims;
        for (String segment : path) {
            if (!(node instanceof Map<?, ?> map)) {
                return List.of();
            }
            node = map.get(segment);
        }
        List<String> names = new ArrayList<>();
        if (node instanceof Collection<?> values) {
            for (Object value : values) {
                if (value instanceof String s && !s.isBlank()) {
                    names.add(s.strip());
                }
            }
        } else if (node instanceof String s) {
            for (String part : s.split("[\\s,]+")) {
                if (!part.isBlank()) {
                    names.add(part);
                }
            }
        }
        return names;
    }

    /** The highest DataSync role among the names at the path, if there is one. */
    public Optional<Role> highest(Map<String, Object> claims) {
        return Role.highest(names(claims));
    }

    /**
     * The one role of a local token.
     *
     * @throws IllegalArgumentException naming why there is not exactly one known role
     */
    public Role exactlyOne(Map<String, Object> claims) {
        List<String> names = names(claims);
        if (names.size() != 1) {
            throw new IllegalArgumentException("a local token carries exactly one role in '" + String.join(".", path)
                    + "'; this one has " + names.size());
        }
        return Role.parse(names.get(0))
                .orElseThrow(() -> new IllegalArgumentException(
                        "'" + names.get(0) + "' is no role; a local token names viewer, operator or admin"));
    }

    /** The dotted path, for messages. */
    public String describe() {
        return String.join(".", path);
    }
}
