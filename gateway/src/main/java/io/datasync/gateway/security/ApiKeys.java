package io.datasync.gateway.security;

import io.datasync.models.internal.ApiKeyCheck;
import io.datasync.models.internal.ApiKeyGrant;
import io.datasync.models.security.ApiKeyShape;
import io.datasync.models.security.Identity;
import io.datasync.models.security.Role;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks API keys ({@code X-API-Key: dsk_<id>_<secret>}) with config-service, which alone holds their hashes: {@code
 * POST /internal/api-keys/verify} with the internal token. Answers, good and bad, are kept for at most {@link #TTL} so
 * a burst of calls with one key costs one check, and a revoked key stops working within that time. A key that does
 * not even have the shape of one is refused without asking.
 */
public final class ApiKeys {

    /** How long an answer is reused: the most a revocation may lag. */
    public static final Duration TTL = Duration.ofSeconds(5);

    /** How many answers are kept; beyond it expired ones are dropped, and if none expired, all. */
    static final int MAX_ENTRIES = 10_000;

    private final WebClient client;
    private final URI verifyUri;
    private final String internalToken;
    private final Clock clock;
    private final JsonMapper mapper = JsonMapper.builder().build();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Identity identity, String refusal, Instant until) {}

    public ApiKeys(WebClient client, URI configServiceUrl, String internalToken, Clock clock) {
        this.client = client;
        this.verifyUri = URI.create(configServiceUrl.toString().replaceAll("/+$", "") + "/internal/api-keys/verify");
        this.internalToken = internalToken;
        this.clock = clock;
    }

    /** Whether {@code key} has the shape of a DataSync API key. */
    public static boolean wellFormed(String key) {
        return ApiKeyShape.wellFormed(key);
    }

    /**
     * The identity a key grants.
     *
     * @return an error: {@link BadCredentialsException} (401) for a malformed, unknown, revoked or expired key, with
     *     config-service's reason; {@link AuthenticationServiceException} (503) when config-service cannot answer
     */
    public Mono<Identity> verify(String key) {
        if (!wellFormed(key)) {
            return Mono.error(
                    new BadCredentialsException("the X-API-Key is not a DataSync API key (dsk_<id>_<secret>)"));
        }
        if (internalToken == null || internalToken.isBlank()) {
            return Mono.error(new AuthenticationServiceException(
                    "API keys cannot be checked: DATASYNC_INTERNAL_TOKEN is not set on the gateway"));
        }
        String cacheKey = sha256(key);
        Instant now = clock.instant();
        Cached cached = cache.get(cacheKey);
        if (cached != null && now.isBefore(cached.until())) {
            return answer(cached);
        }
        return ask(key).flatMap(fresh -> {
            remember(cacheKey, fresh, now);
            return answer(fresh);
        });
    }

    private Mono<Cached> ask(String key) {
        return client.post()
                .uri(verifyUri)
                .header("X-Service-Token", internalToken)
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)
                .bodyValue(new ApiKeyCheck(key))
                .exchangeToMono(response -> response.bodyToMono(String.class)
                        .defaultIfEmpty("")
                        .map(body -> toAnswer(response.statusCode(), body)))
                .timeout(Duration.ofSeconds(5))
                .onErrorMap(
                        e -> !(e instanceof AuthenticationServiceException),
                        e -> new AuthenticationServiceException("config-service did not answer the API key check", e));
    }

    private Cached toAnswer(HttpStatusCode status, String body) {
        Instant until = clock.instant().plus(TTL);
        if (status.is2xxSuccessful()) {
            ApiKeyGrant grant;
            try {
                grant = mapper.readValue(body, ApiKeyGrant.class);
            } catch (RuntimeException e) {
                throw new AuthenticationServiceException("config-service answered the API key check unreadably");
            }
            Role role = Role.parse(grant.role())
                    .orElseThrow(() -> new AuthenticationServiceException(
                            "config-service granted an API key the unknown role '" + grant.role() + "'"));
            try {
                return new Cached(Identity.apiKey(grant.name(), grant.id(), role, grant.jobId()), null, until);
            } catch (IllegalArgumentException e) {
                throw new AuthenticationServiceException(
                        "config-service granted a malformed API key: " + e.getMessage());
            }
        }
        if (status.is4xxClientError() && status.value() != 401 && status.value() != 403) {
            // unknown, revoked or expired: config-service says which in the problem's detail
            return new Cached(null, "the API key was refused: " + detail(body), until);
        }
        // 401/403 mean the gateway's internal token is wrong; 5xx that config-service is unwell: neither is the
        // caller's fault
        throw new AuthenticationServiceException(
                "config-service answered the API key check with " + status.value() + " (" + detail(body) + ")");
    }

    private String detail(String body) {
        try {
            JsonNode problem = mapper.readTree(body);
            String detail = problem.path("detail").asString(null);
            if (detail != null && !detail.isBlank()) {
                return detail;
            }
        } catch (RuntimeException e) {
            // not a problem detail: fall through
        }
        return "unknown, revoked or expired";
    }

    private static Mono<Identity> answer(Cached cached) {
        return cached.identity() != null
                ? Mono.just(cached.identity())
                : Mono.error(new BadCredentialsException(cached.refusal()));
    }

    private void remember(String cacheKey, Cached answer, Instant now) {
        if (cache.size() >= MAX_ENTRIES) {
            for (Iterator<Cached> it = cache.values().iterator(); it.hasNext(); ) {
                if (!now.isBefore(it.next().until())) {
                    it.remove();
                }
            }
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
        }
        cache.put(cacheKey, answer);
    }

    private static String sha256(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
