package io.datasync.models.job;

import java.util.regex.Pattern;

/** The one rule for the names users give to jobs, connections, templates, rule sets and rules. */
public final class Names {

    /** Letters, digits, {@code _}, {@code -} and {@code .}; starts with a letter or digit; at most 128 characters. */
    public static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    /** The rule in words, for error messages. */
    public static final String RULE = "1-128 letters, digits, '_', '-' or '.', starting with a letter or digit";

    private Names() {}

    public static boolean isSafe(String name) {
        return name != null && SAFE.matcher(name).matches();
    }
}
