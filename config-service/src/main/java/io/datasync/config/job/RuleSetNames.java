package io.datasync.config.job;

/** Which rule sets exist, for jobs whose {@code rules} transform names one. */
@FunctionalInterface
public interface RuleSetNames {

    boolean exists(String name);
}
