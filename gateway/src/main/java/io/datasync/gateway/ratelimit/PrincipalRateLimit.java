package io.datasync.gateway.ratelimit;

import io.datasync.gateway.Problems;
import io.datasync.models.problem.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * One token bucket per principal (the authenticated subject; an anonymous caller's IP address), in Redis through
 * Spring Cloud Gateway's {@link RedisRateLimiter}, shared by every gateway instance. Runs after authentication and
 * before authorization, so calls the route table refuses count too; calls whose credentials are refused count
 * against the client address ({@link #chargeRefused}). Over the limit: 429 problem with {@code Retry-After} and the
 * {@code X-RateLimit-*} headers.
 *
 * <p>When Redis cannot be reached the limiter lets calls through (fail open): a rate limit protects capacity, not
 * data, and taking the whole API down with Redis would be worse. Each such call increments {@value #UNAVAILABLE} and
 * a warning is logged at most once a minute.
 */
public final class PrincipalRateLimit implements WebFilter {

    /** Counter of calls let through because Redis could not be asked. */
    public static final String UNAVAILABLE = "datasync.gateway.ratelimit.unavailable";

    static final String ROUTE_ID = "datasync-gateway";
    private static final Logger log = LoggerFactory.getLogger(PrincipalRateLimit.class);
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(2);

    private final RateLimiter<RedisRateLimiter.Config> limiter;
    private final int replenishPerSecond;
    private final Counter unavailable;
    private final AtomicLong lastWarning = new AtomicLong();

    public PrincipalRateLimit(
            RateLimiter<RedisRateLimiter.Config> limiter, int replenishPerSecond, MeterRegistry meters) {
        this.limiter = limiter;
        this.replenishPerSecond = replenishPerSecond;
        this.unavailable = Counter.builder(UNAVAILABLE)
                .description("calls let through unlimited because Redis could not be asked")
                .register(meters);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        if (path.startsWith("/actuator/")) {
            return chain.filter(exchange); // probes and scrapes are not callers
        }
        return principal(exchange).flatMap(key -> limit(exchange, key, () -> chain.filter(exchange)));
    }

    /**
     * For a call whose credentials were refused: charges the client address's bucket, so guessing tokens or API keys
     * is limited like anonymous calls are, and answers 429 once it is empty, else what {@code refusal} answers.
     */
    public Mono<Void> chargeRefused(ServerWebExchange exchange, Supplier<Mono<Void>> refusal) {
        return limit(exchange, "ip:" + clientAddress(exchange), refusal);
    }

    private Mono<Void> limit(ServerWebExchange exchange, String key, Supplier<Mono<Void>> next) {
        return limiter.isAllowed(ROUTE_ID, key)
                .timeout(ASK_TIMEOUT)
                .onErrorResume(
                        e -> Mono.just(new RateLimiter.Response(true, Map.of(RedisRateLimiter.REMAINING_HEADER, "-1"))))
                .flatMap(response -> {
                    Map<String, String> headers = response.getHeaders();
                    if ("-1".equals(headers.get(RedisRateLimiter.REMAINING_HEADER))) {
                        failedOpen();
                    } else {
                        headers.forEach((name, value) ->
                                exchange.getResponse().getHeaders().set(name, value));
                    }
                    if (response.isAllowed()) {
                        return next.get();
                    }
                    long retryAfter = Math.max(1, (long) Math.ceil(1.0 / replenishPerSecond));
                    exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
                    return Problems.write(
                            exchange,
                            Problems.of(
                                    exchange,
                                    ErrorCode.TOO_MANY_REQUESTS,
                                    "more than " + headers.getOrDefault(RedisRateLimiter.BURST_CAPACITY_HEADER, "the")
                                            + " calls in a burst or " + replenishPerSecond
                                            + " per second over time; retry after " + retryAfter + " s"));
                });
    }

    private void failedOpen() {
        unavailable.increment();
        long now = System.nanoTime();
        long last = lastWarning.get();
        if ((last == 0 || now - last > Duration.ofMinutes(1).toNanos()) && lastWarning.compareAndSet(last, now)) {
            log.warn(
                    "the rate limiter cannot reach Redis (DATASYNC_REDIS_URL): calls pass unlimited until it is back;"
                            + " see the {} counter",
                    UNAVAILABLE);
        }
    }

    private static Mono<String> principal(ServerWebExchange exchange) {
        return ReactiveSecurityContextHolder.getContext()
                .map(SecurityContext::getAuthentication)
                .filter(Authentication::isAuthenticated)
                .map(a -> "sub:" + a.getName())
                .switchIfEmpty(Mono.fromSupplier(() -> "ip:" + clientAddress(exchange)));
    }

    private static String clientAddress(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        return remote == null || remote.getAddress() == null
                ? "unknown"
                : remote.getAddress().getHostAddress();
    }
}
