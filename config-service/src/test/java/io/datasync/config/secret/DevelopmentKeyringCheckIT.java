package io.datasync.config.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.datasync.config.ConfigServiceApplication;
import io.datasync.kit.startup.DependencyUnreachableException;
import io.datasync.kit.startup.UnsafeSettingException;
import io.datasync.kit.startup.UnsafeSettingFailureAnalyzer;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * config-service started for real outside local mode refuses the development keyring and names DATASYNC_CONFIG_KEYS;
 * every other secret is good, and Kafka is unreachable on purpose, so a start that gets past the check fails on Kafka.
 */
class DevelopmentKeyringCheckIT {

    private static Throwable start(String... overrides) {
        List<String> args = new ArrayList<>(List.of(
                "datasync.security.mode=production",
                "datasync.security.identity-secret=Kq1Yw3b0dXh4mRZk8yqvYk1c2ZlU0eA9n7Jb6tW5sHo=",
                "datasync.config.internal.token=Zr2c8TqW1nYx5LmB7vKd3sHj0gPf6aEu",
                "spring.datasource.password=Vj3o1Rr8y0uWq2mZt7nXc4aLs9dE6fGh",
                "spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/datasync_config_it",
                "spring.kafka.bootstrap-servers=127.0.0.1:1",
                "datasync.service.startup-timeout=2s",
                "server.port=0"));
        for (String override : overrides) { // an argument given twice would be read as a list of both
            String key = override.substring(0, override.indexOf('=') + 1);
            args.removeIf(a -> a.startsWith(key));
            args.add(override);
        }
        return catchThrowable(() -> new SpringApplicationBuilder(ConfigServiceApplication.class)
                .run(args.stream().map(a -> "--" + a).toArray(String[]::new))
                .close());
    }

    @Test
    void refusesTheDevelopmentKeyringOutsideLocalModeNamingTheSetting() {
        Throwable failure = start("datasync.config.secrets.keys=", "datasync.config.secrets.keys-file=");

        UnsafeSettingException refusal = ExceptionUtils.throwableOfType(failure, UnsafeSettingException.class);
        assertThat(refusal).as("refused for the keyring: %s", failure).isNotNull();
        assertThat(refusal.getMessage())
                .contains(
                        "DATASYNC_CONFIG_KEYS",
                        "DATASYNC_CONFIG_KEYS_FILE",
                        "development key",
                        "openssl rand -base64 32")
                .contains("DATASYNC_SECURITY_MODE");
        assertThat(new UnsafeSettingFailureAnalyzer().analyze(failure).getAction())
                .contains("./datasync secrets");
    }

    @Test
    void namesTheKeyringTogetherWithTheKitsFindingsInOneRefusal() {
        Throwable failure = start(
                "datasync.config.secrets.keys=",
                "datasync.config.secrets.keys-file=",
                "spring.datasource.password=",
                "datasync.config.internal.token=local-compose-internal-token");

        UnsafeSettingException refusal = ExceptionUtils.throwableOfType(failure, UnsafeSettingException.class);
        assertThat(refusal).as("refused: %s", failure).isNotNull();
        assertThat(refusal.settings())
                .extracting(io.datasync.kit.startup.UnsafeSetting::environment)
                .containsExactlyInAnyOrder(
                        "DATASYNC_INTERNAL_TOKEN",
                        "DATASYNC_DB_PASSWORD",
                        "DATASYNC_CONFIG_KEYS / DATASYNC_CONFIG_KEYS_FILE");
    }

    @Test
    void refusesTheDevelopmentKeyAsTheActiveKey() {
        Throwable failure = start("datasync.config.secrets.keys=" + Keyring.developmentEntry());

        UnsafeSettingException refusal = ExceptionUtils.throwableOfType(failure, UnsafeSettingException.class);
        assertThat(refusal).as("refused for the keyring: %s", failure).isNotNull();
        assertThat(refusal.getMessage()).contains("DATASYNC_CONFIG_KEYS", "development key the active key");

        // the key the local Kubernetes overlay publishes
        UnsafeSettingException published = ExceptionUtils.throwableOfType(
                start("datasync.config.secrets.keys=local-only:6yp9Se9yFnO4uctYImDWLxuYb5x5K9jCKNQOXO3kKFg="),
                UnsafeSettingException.class);
        assertThat(published).isNotNull();
        assertThat(published.getMessage()).contains("published with DataSync the active key ('local-only')");
    }

    @Test
    void passesARealKeyringAndKeepingTheDevelopmentKeyForRotation() {
        // past the check the start goes on, and fails on the unreachable Kafka instead
        Throwable failure =
                start("datasync.config.secrets.keys=" + SecretCipherTest.K1 + "," + Keyring.developmentEntry());

        assertThat(ExceptionUtils.throwableOfType(failure, UnsafeSettingException.class))
                .isNull();
        assertThat(ExceptionUtils.throwableOfType(failure, DependencyUnreachableException.class))
                .as("failed on Kafka: %s", failure)
                .isNotNull();
    }

    @Test
    void allowsTheDevelopmentKeyringInLocalMode() {
        Throwable failure = start("datasync.security.mode=local", "datasync.config.secrets.keys=");

        assertThat(ExceptionUtils.throwableOfType(failure, UnsafeSettingException.class))
                .isNull();
        assertThat(ExceptionUtils.throwableOfType(failure, DependencyUnreachableException.class))
                .isNotNull();
    }
}
