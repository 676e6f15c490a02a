package io.datasync.models.security;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * The roles a caller has, each including the ones below it: an {@code admin} may do what an {@code operator} may,
 * an {@code operator} what a {@code viewer} may.
 */
public enum Role {
    /** Reads: jobs, runs, schedules, rule sets, connections (never their secrets), metrics, alerts. */
    VIEWER,
    /** Operates what exists: starts, stops, pauses and resumes runs, triggers jobs, fixes and replays quarantined rows, acknowledges alerts. */
    OPERATOR,
    /** Changes the configuration: connections, jobs, templates, rule sets, keys, API keys, alert rules. */
    ADMIN;

    /** The name in tokens and JSON, e.g. {@code operator}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this role may do what {@code needed} may. */
    public boolean includes(Role needed) {
        return compareTo(needed) >= 0;
    }

    /** The role named {@code name} (any case), if it is one. */
    public static Optional<Role> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (Role role : values()) {
            if (role.name().equalsIgnoreCase(name.strip())) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    /** The highest of the named roles, ignoring names that are no role (an OIDC token carries many); empty if none. */
    public static Optional<Role> highest(Collection<String> names) {
        Role best = null;
        for (String name : names) {
            Role role = parse(name).orElse(null);
            if (role != null && (best == null || role.includes(best))) {
                best = role;
            }
        }
        return Optional.ofNullable(best);
    }
}
