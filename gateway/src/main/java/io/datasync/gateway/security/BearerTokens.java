package io.datasync.gateway.security;

import io.datasync.models.security.Identity;
import io.datasync.models.security.LocalTokens;
import io.datasync.models.security.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import reactor.core.publisher.Mono;

/**
 * Bearer tokens: how they are checked (the local run's HS256 key, or the OIDC provider's JWK set) and what identity a
 * valid one gives. One place, used by the resource server and by the Swagger UI login alike.
 */
public final class BearerTokens implements Converter<Jwt, Mono<AbstractAuthenticationToken>> {

    /** How far a local token's times may be off: the gateway and ./datasync token share one clock. */
    static final Duration LOCAL_CLOCK_SKEW = Duration.ofSeconds(5);

    /** How far an identity provider's clock may be off from the gateway's (Spring's default is 60 s). */
    static final Duration PROVIDER_CLOCK_SKEW = Duration.ofSeconds(30);

    /** A token must say when it expires. */
    private static final OAuth2TokenValidator<Jwt> EXPIRES = new JwtClaimValidator<Object>("exp", exp -> exp != null);

    private final ReactiveJwtDecoder decoder;
    private final ClaimRoles roles;
    private final boolean localTokens;

    private BearerTokens(ReactiveJwtDecoder decoder, ClaimRoles roles, boolean localTokens) {
        this.decoder = decoder;
        this.roles = roles;
        this.localTokens = localTokens;
    }

    /** The checks the settings ask for; the settings must have no {@link GatewaySecurityProperties#problems()}. */
    public static BearerTokens from(GatewaySecurityProperties settings) {
        if (settings.localKeyPath() != null) {
            byte[] key;
            try {
                key = LocalTokens.key(Files.readString(settings.localKeyPath(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot read DATASYNC_JWT_LOCAL_KEY_FILE " + settings.localKeyPath() + ": " + e.getMessage(),
                        e);
            }
            if (key.length < 32) {
                throw new IllegalStateException("the key in DATASYNC_JWT_LOCAL_KEY_FILE " + settings.localKeyPath()
                        + " is shorter than 32 bytes");
            }
            NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withSecretKey(
                            new SecretKeySpec(key, "HmacSHA256"))
                    .macAlgorithm(MacAlgorithm.HS256)
                    .build();
            // one machine's clock: no skew beyond a few seconds, and a token without exp would never expire
            decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                    new JwtTimestampValidator(LOCAL_CLOCK_SKEW), new JwtIssuerValidator(LocalTokens.ISSUER), EXPIRES));
            return new BearerTokens(decoder, new ClaimRoles("roles"), true);
        }
        GatewaySecurityProperties.Jwt jwt = settings.jwt();
        NimbusReactiveJwtDecoder decoder = GatewaySecurityProperties.blank(jwt.jwkSetUri())
                ? NimbusReactiveJwtDecoder.withIssuerLocation(jwt.issuerUri().strip())
                        .build()
                : NimbusReactiveJwtDecoder.withJwkSetUri(jwt.jwkSetUri().strip())
                        .build();
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(new JwtTimestampValidator(PROVIDER_CLOCK_SKEW));
        validators.add(EXPIRES);
        if (!GatewaySecurityProperties.blank(jwt.issuerUri())) {
            validators.add(new JwtIssuerValidator(jwt.issuerUri().strip()));
        }
        if (!GatewaySecurityProperties.blank(jwt.audience())) {
            String audience = jwt.audience().strip();
            validators.add(new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains(audience)));
        }
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        // Spring reports a JWK set it could not fetch as an IllegalStateException, which would surface as a 500: as a
        // JwtException it becomes an AuthenticationServiceException, answered 503 (the provider is away, not the token
        // bad)
        ReactiveJwtDecoder guarded = token -> decoder.decode(token)
                .onErrorMap(
                        e -> !(e instanceof JwtException),
                        e -> new JwtException(
                                "the identity provider's keys could not be fetched (" + e.getMessage() + ")", e));
        return new BearerTokens(guarded, new ClaimRoles(jwt.rolesClaim()), false);
    }

    public ReactiveJwtDecoder decoder() {
        return decoder;
    }

    /** The authentication a checked token gives; a local token without exactly one known role is refused (401). */
    @Override
    public Mono<AbstractAuthenticationToken> convert(Jwt jwt) {
        String subject = jwt.getSubject();
        if (subject == null || subject.isBlank() || subject.length() > 200) {
            return Mono.error(new InvalidBearerTokenException("the token has no subject (sub) of 1 to 200 characters"));
        }
        if (localTokens) {
            try {
                return Mono.just(GatewayAuthentication.of(Identity.token(subject, roles.exactlyOne(jwt.getClaims()))));
            } catch (IllegalArgumentException e) {
                return Mono.error(new InvalidBearerTokenException(e.getMessage()));
            }
        }
        Optional<Role> role = roles.highest(jwt.getClaims());
        return Mono.just(
                role.isPresent()
                        ? GatewayAuthentication.of(Identity.token(subject, role.get()))
                        : GatewayAuthentication.withoutRole(
                                subject,
                                subject + " has none of the roles viewer, operator or admin in the token's '"
                                        + roles.describe() + "' claim; ask an administrator of the identity provider"
                                        + " to grant one"));
    }
}
