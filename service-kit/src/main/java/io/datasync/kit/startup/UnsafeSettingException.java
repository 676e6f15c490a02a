package io.datasync.kit.startup;

import java.util.List;

/**
 * A service outside local mode was given a value that ships with the code base, or none at all, for a setting that
 * protects something: the identity secret, the internal token, the database password or config-service's keyring.
 * Starting anyway would look like a working deployment that anyone with the source can get into.
 */
public class UnsafeSettingException extends RuntimeException {

    private final List<UnsafeSetting> settings;

    public UnsafeSettingException(List<UnsafeSetting> settings) {
        this(
                "Refusing to start outside local mode (datasync.security.mode / DATASYNC_SECURITY_MODE is not 'local')"
                        + " with development or missing secrets:",
                settings);
    }

    /** A refusal that {@code heading} explains, e.g. of a setting no mode can run with. */
    public UnsafeSettingException(String heading, List<UnsafeSetting> settings) {
        super(message(heading, settings));
        this.settings = List.copyOf(settings);
    }

    /** Every refused setting, so one failed start names all of them at once. */
    public List<UnsafeSetting> settings() {
        return settings;
    }

    private static String message(String heading, List<UnsafeSetting> settings) {
        StringBuilder text = new StringBuilder(heading);
        for (UnsafeSetting setting : settings) {
            text.append("\n  - ").append(setting.describe());
        }
        return text.toString();
    }
}
