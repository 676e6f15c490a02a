package io.datasync.kit.startup;

import io.datasync.models.security.PublishedSecrets;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.env.PropertyResolver;

/**
 * Finds the secret settings of a service that hold a value only a local run may use: none at all, one that ships with
 * the code base (tests, compose and Kubernetes examples), or one too short to be random. Values never appear in what
 * it reports, since a weak value may still be the real one.
 */
public final class ShippedSecrets {

    /** The setting that allows development values; anything but {@code local} is production. */
    public static final String MODE = "datasync.security.mode";

    static final String IDENTITY_SECRET = "datasync.security.identity-secret";
    static final String DB_PASSWORD = "spring.datasource.password";

    /** The settings the services that call or serve {@code /internal/**} read the internal token from. */
    static final List<String> INTERNAL_TOKEN_SETTINGS = List.of(
            "datasync.config.internal.token", "datasync.sync.internal-token", "datasync.scheduler.internal-token");

    /** Fewer characters than {@code openssl rand -base64 24} gives cannot be a generated token. */
    public static final int MIN_TOKEN_LENGTH = PublishedSecrets.MIN_TOKEN_LENGTH;

    /** The identity secret is an HMAC-SHA256 key; shorter than the hash it protects nothing. */
    public static final int MIN_IDENTITY_SECRET_BYTES = PublishedSecrets.MIN_IDENTITY_SECRET_BYTES;

    private static final String GENERATE = "generate one with `openssl rand -base64 32` (or take it from "
            + "`./datasync secrets`) and give it from a secret the operator controls";

    private ShippedSecrets() {}

    /** Whether {@code datasync.security.mode} (DATASYNC_SECURITY_MODE) says this is a local run. */
    public static boolean local(PropertyResolver environment) {
        return "local"
                .equalsIgnoreCase(environment.getProperty(MODE, "production").trim());
    }

    /** Every secret setting of this service that only a local run may have as it is, in a fixed order. */
    public static List<UnsafeSetting> find(PropertyResolver environment) {
        List<UnsafeSetting> found = new ArrayList<>();
        String identity = environment.getProperty(IDENTITY_SECRET, "");
        String identityProblem = identity.isBlank()
                ? "is not set"
                : published(identity)
                        ? "is a value published with DataSync"
                        : tooShort(identity) ? "is shorter than " + MIN_IDENTITY_SECRET_BYTES + " bytes" : null;
        if (identityProblem != null) {
            found.add(identitySecret(identityProblem));
        }
        for (String setting : INTERNAL_TOKEN_SETTINGS) {
            if (environment.containsProperty(setting)) {
                String token = environment.getProperty(setting, "");
                String problem = token.isBlank()
                        ? "is not set"
                        : published(token)
                                ? "is a value published with DataSync"
                                : token.length() < MIN_TOKEN_LENGTH
                                        ? "is shorter than " + MIN_TOKEN_LENGTH + " characters"
                                        : null;
                if (problem != null) {
                    found.add(new UnsafeSetting(
                            setting,
                            "DATASYNC_INTERNAL_TOKEN",
                            problem,
                            GENERATE + ", the same for config-service and its callers"));
                }
            }
        }
        if (environment.containsProperty("spring.datasource.url")) {
            String password = environment.getProperty(DB_PASSWORD, "");
            String problem = password.isEmpty()
                    ? "is empty"
                    : published(password) ? "is a default password published with DataSync and PostgreSQL" : null;
            if (problem != null) {
                found.add(new UnsafeSetting(
                        DB_PASSWORD,
                        "DATASYNC_DB_PASSWORD",
                        problem,
                        GENERATE + " for this service's own database role (see the roles in docker-compose's and"
                                + " k8s/infra's PostgreSQL init script)"));
            }
        }
        return found;
    }

    /**
     * The settings no mode can run with: an identity secret that is set but shorter than an HMAC-SHA256 key, which
     * the services could not check identities with even on a developer's machine.
     */
    public static List<UnsafeSetting> unusable(PropertyResolver environment) {
        String identity = environment.getProperty(IDENTITY_SECRET, "");
        return !identity.isBlank() && tooShort(identity)
                ? List.of(identitySecret("is shorter than " + MIN_IDENTITY_SECRET_BYTES + " bytes, in local mode too"))
                : List.of();
    }

    private static boolean tooShort(String identitySecret) {
        return identitySecret.getBytes(StandardCharsets.UTF_8).length < MIN_IDENTITY_SECRET_BYTES;
    }

    private static UnsafeSetting identitySecret(String problem) {
        return new UnsafeSetting(
                IDENTITY_SECRET,
                "DATASYNC_IDENTITY_SECRET",
                problem,
                GENERATE + ", the same for the gateway and every service");
    }

    /** Whether a value is one of the examples this code base ships; such a value is no secret. */
    public static boolean published(String value) {
        return PublishedSecrets.published(value);
    }
}
