package io.datasync.kit.test;

import io.datasync.models.security.Identity;
import io.datasync.models.security.IdentityTokens;
import io.datasync.models.security.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * A tiny HTTP client for tests that talk to a started service or the gateway over real HTTP. Given the identity
 * secret, it calls a service as the gateway would: with a freshly minted identity ({@link IdentityTokens#HEADER}) of
 * its role, an admin unless {@link #as} says otherwise, unless the request sets that header itself.
 */
public final class ServiceHttp {

    /** The identity secret every service IT runs with (set by {@link ServiceTestSupport}). */
    public static final String TEST_IDENTITY_SECRET = "identity-secret-of-the-service-its-32+";

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final IdentityTokens tokens;
    private final Identity identity;

    /** Without any identity: as a caller that bypasses the gateway. */
    public ServiceHttp(String base) {
        this(base, null, null);
    }

    private ServiceHttp(String base, IdentityTokens tokens, Identity identity) {
        this.base = base;
        this.tokens = tokens;
        this.identity = identity;
    }

    /** Calls {@code base} as the gateway does for an admin, with identities signed with {@code secret}. */
    public static ServiceHttp throughGateway(String base, String secret) {
        return new ServiceHttp(base, new IdentityTokens(secret), Identity.token("it-admin", Role.ADMIN));
    }

    /** The same client calling as a user with {@code role}. */
    public ServiceHttp as(Role role) {
        return as(Identity.token("it-" + role.wireName(), role));
    }

    /** The same client calling as {@code caller}. */
    public ServiceHttp as(Identity caller) {
        if (tokens == null) {
            throw new IllegalStateException("this client has no identity secret; make it with throughGateway");
        }
        return new ServiceHttp(base, tokens, caller);
    }

    /** The same client sending no identity, as a caller that bypasses the gateway. */
    public ServiceHttp anonymous() {
        return new ServiceHttp(base, null, null);
    }

    /** The identity header for the current caller, e.g. for a client of the test's own; empty without one. */
    public String[] identityHeader() {
        return identity == null
                ? new String[0]
                : new String[] {IdentityTokens.HEADER, tokens.mint(identity, Instant.now())};
    }

    public HttpResponse<String> get(String path, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), headers);
    }

    public HttpResponse<String> post(String path, String jsonBody, String... headers) {
        return send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(jsonBody)),
                headers);
    }

    /** Any method with an optional body of the given content type, plus header name/value pairs. */
    public HttpResponse<String> send(String method, String path, String body, String contentType, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(builder, headers);
    }

    private HttpResponse<String> send(HttpRequest.Builder builder, String... headers) {
        if (headers.length > 0) {
            builder.headers(headers);
        }
        boolean ownIdentity = false;
        for (int i = 0; i < headers.length; i += 2) {
            ownIdentity |= headers[i].equalsIgnoreCase(IdentityTokens.HEADER);
        }
        if (identity != null && !ownIdentity) {
            builder.headers(identityHeader());
        }
        try {
            return CLIENT.send(builder.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
