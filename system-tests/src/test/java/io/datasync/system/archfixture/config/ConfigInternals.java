package io.datasync.system.archfixture.config;

/** Stands for config-service code that another service must not use. */
public final class ConfigInternals {
    public static String secret() {
        return "s";
    }
}
