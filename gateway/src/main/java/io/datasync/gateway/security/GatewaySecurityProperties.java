package io.datasync.gateway.security;

import io.datasync.models.security.Hs256;
import io.datasync.models.security.PublishedSecrets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway authenticates callers and vouches for them ({@code datasync.security.*}, each bound to the
 * environment variable named in {@code application.yml}). {@link #problems()} lists every setting that keeps the
 * gateway from starting, all at once, so an operator fixes them in one go.
 *
 * @param mode {@code production} (default) or {@code local}; only local may use the local key file
 * @param identitySecret the secret shared with the services for {@code X-DataSync-Identity} (≥32 bytes)
 * @param internalToken the service-to-service token sent to config-service to verify API keys
 * @param jwt how bearer tokens are checked
 */
@ConfigurationProperties("datasync.security")
public record GatewaySecurityProperties(
        @DefaultValue("production") String mode,
        String identitySecret,
        String internalToken,
        @DefaultValue Jwt jwt) {

    /**
     * @param localKeyFile the HS256 key of local tokens (local mode only)
     * @param issuerUri the OIDC issuer; its discovery document names the JWK set, and tokens must carry it as iss
     * @param jwkSetUri the JWK set, when the issuer has no discovery document or it is not reachable from here
     * @param rolesClaim where the roles are in a token: a claim name or a dotted path like {@code realm_access.roles}
     * @param audience when set, tokens must name it in {@code aud}
     */
    public record Jwt(
            String localKeyFile,
            String issuerUri,
            String jwkSetUri,
            @DefaultValue("roles") String rolesClaim,
            String audience) {}

    public GatewaySecurityProperties {
        jwt = jwt == null ? new Jwt(null, null, null, "roles", null) : jwt;
    }

    /** Whether this is the local run, where the local key file is honoured. */
    public boolean local() {
        return "local".equals(mode == null ? "" : mode.strip().toLowerCase(Locale.ROOT));
    }

    /** Why the gateway cannot start with these settings; empty when it can. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        String m = mode == null ? "" : mode.strip().toLowerCase(Locale.ROOT);
        if (!m.equals("local") && !m.equals("production")) {
            problems.add("DATASYNC_SECURITY_MODE (datasync.security.mode) is '" + mode + "'; use production or local");
        }
        if (blank(identitySecret)) {
            problems.add("DATASYNC_IDENTITY_SECRET (datasync.security.identity-secret) is not set: the gateway signs "
                    + "the identity it hands the services with it; generate one with `openssl rand -base64 48`");
        } else if (identitySecret.getBytes(StandardCharsets.UTF_8).length < Hs256.MIN_SECRET_BYTES) {
            problems.add("DATASYNC_IDENTITY_SECRET (datasync.security.identity-secret) is shorter than "
                    + Hs256.MIN_SECRET_BYTES + " bytes");
        }
        boolean oidc = !blank(jwt.issuerUri()) || !blank(jwt.jwkSetUri());
        if (local()) {
            if (blank(jwt.localKeyFile()) && !oidc) {
                problems.add("local mode needs DATASYNC_JWT_LOCAL_KEY_FILE (datasync.security.jwt.local-key-file) or "
                        + "DATASYNC_JWT_ISSUER_URI / DATASYNC_JWT_JWK_SET_URI to check bearer tokens");
            }
        } else {
            if (!blank(jwt.localKeyFile())) {
                problems.add("DATASYNC_JWT_LOCAL_KEY_FILE (datasync.security.jwt.local-key-file) is set but "
                        + "DATASYNC_SECURITY_MODE is not local: local tokens are refused outside the local run");
            }
            if (!oidc) {
                problems.add("neither DATASYNC_JWT_ISSUER_URI (datasync.security.jwt.issuer-uri) nor "
                        + "DATASYNC_JWT_JWK_SET_URI (datasync.security.jwt.jwk-set-uri) is set: the gateway cannot "
                        + "check bearer tokens without the identity provider");
            }
            if (blank(internalToken)) {
                problems.add("DATASYNC_INTERNAL_TOKEN (datasync.security.internal-token) is not set: the gateway "
                        + "needs it to verify API keys with config-service");
            } else if (PublishedSecrets.published(internalToken)
                    || internalToken.strip().length() < PublishedSecrets.MIN_TOKEN_LENGTH) {
                problems.add("DATASYNC_INTERNAL_TOKEN (datasync.security.internal-token) is a value published with "
                        + "DataSync or shorter than " + PublishedSecrets.MIN_TOKEN_LENGTH + " characters; use the "
                        + "token config-service has, generated with `openssl rand -base64 32`");
            }
            if (!blank(identitySecret) && PublishedSecrets.published(identitySecret)) {
                problems.add("DATASYNC_IDENTITY_SECRET (datasync.security.identity-secret) is a value published with "
                        + "DataSync; generate one with `openssl rand -base64 48`, the same for every service");
            }
        }
        if (blank(jwt.rolesClaim())) {
            problems.add("DATASYNC_JWT_ROLES_CLAIM (datasync.security.jwt.roles-claim) is empty");
        }
        return problems;
    }

    /** The local key file, when local mode uses one. */
    Path localKeyPath() {
        return local() && !blank(jwt.localKeyFile())
                ? Path.of(jwt.localKeyFile().strip())
                : null;
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
