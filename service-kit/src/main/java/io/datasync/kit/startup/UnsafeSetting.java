package io.datasync.kit.startup;

/**
 * One secret setting whose value may only be used in local mode.
 *
 * @param property the Spring property, e.g. {@code spring.datasource.password}
 * @param environment the environment variable the deployments set it with, e.g. {@code DATASYNC_DB_PASSWORD}
 * @param problem what is wrong with the value, without the value itself (it may still be a real secret)
 * @param remedy how to make a good value
 */
public record UnsafeSetting(String property, String environment, String problem, String remedy) {

    /** One line for the start failure and the local-mode warning. */
    public String describe() {
        return property + " (" + environment + ") " + problem + "; " + remedy;
    }
}
