package io.datasync.sync.transform.spi;

import java.util.Optional;

/**
 * Where the {@code rules} transform gets a rule set from. Asked once per chunk, so a provider that returns the latest
 * version (e.g. refreshed on {@code RuleSetChanged}) hot-reloads the rules of running jobs from their next chunk on.
 * Must be thread-safe and cheap: return a cached value, never call a service per chunk.
 */
@FunctionalInterface
public interface RuleSetProvider {

    /** The current version of a rule set, empty when there is no rule set of that name. */
    Optional<RuleSetSpec> current(String ruleSetName);
}
