package io.datasync.sync.connector.http;

import io.datasync.kit.egress.EgressGuard;
import io.datasync.sync.connector.spi.Egress;
import io.datasync.sync.connector.spi.ReadLimits;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends the source's requests and decides, once, what each answer means: 2xx is a page; a redirect is followed within
 * the connection's origin; 408, 429, 5xx and I/O errors are retried with {@link Backoff} (honouring
 * {@code Retry-After}) up to {@code maxRetries} times; anything else fails at once (see {@link HttpErrors}). Thread-safe:
 * readers on several threads share one instance.
 */
final class HttpFetcher {

    private static final Logger log = LoggerFactory.getLogger(HttpFetcher.class);

    private static final int MAX_REDIRECTS = 5;
    private static final int EXCERPT_BYTES = 4096;

    private final HttpClient client;
    private final HttpEndpoint endpoint;
    private final EgressGuard guard;
    private final ReadLimits limits;
    private final HttpSourceOptions options;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final Clock clock;
    private final RandomGenerator random;
    private final byte[] body;

    /** A successful answer: the URI that gave it (after redirects), its headers and body. */
    record Response(URI uri, HttpHeaders headers, byte[] body) {}

    HttpFetcher(
            HttpClient client,
            HttpEndpoint endpoint,
            HttpSourceOptions options,
            EgressGuard guard,
            ReadLimits limits,
            Sleeper sleeper,
            Clock clock,
            RandomGenerator random) {
        this.client = client;
        this.endpoint = endpoint;
        this.guard = guard;
        this.limits = limits;
        this.options = options;
        this.backoff = options.backoff();
        this.sleeper = sleeper;
        this.clock = clock;
        this.random = random;
        this.body =
                options.method().equals("POST") ? JsonMapper.builder().build().writeValueAsBytes(options.body()) : null;
        try {
            request(endpoint.baseUrl());
        } catch (IllegalArgumentException e) {
            // the JDK refuses some header names and values only when a request is built: fail before any is sent
            throw HttpErrors.invalid("a request cannot carry these headers: " + endpoint.redact(e.getMessage()));
        }
    }

    /**
     * The answer to a request for {@code target}.
     *
     * @throws io.datasync.sync.connector.spi.ConnectorException classified by {@link HttpErrors}
     */
    Response fetch(URI target) {
        if (!endpoint.sameOrigin(target)) {
            throw HttpErrors.otherOrigin(endpoint.baseUrl(), target, "the next page");
        }
        URI uri = target;
        int failures = 0;
        int redirects = 0;
        while (true) {
            HttpResponse<InputStream> response;
            if (redirects == 0) {
                // right before the request: the name may resolve elsewhere than when the run started
                Egress.check(guard, g -> g.checkHttpUrl(target));
            }
            byte[] page = null;
            try {
                response = client.send(request(uri), HttpResponse.BodyHandlers.ofInputStream());
                if (success(response.statusCode())) {
                    page = body(response, uri);
                }
            } catch (IOException e) { // sending, or reading a page's body
                failures++;
                if (failures > options.maxRetries()) {
                    throw HttpErrors.unreachable(uri, failures, e);
                }
                pause(uri, failures, HttpErrors.ioProblem(e), null);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw HttpErrors.interrupted(uri);
            }
            int status = response.statusCode();
            if (success(status)) {
                return new Response(uri, response.headers(), page);
            }
            byte[] start = startOf(response);
            Optional<String> location = response.headers().firstValue("Location");
            if (status >= 300 && status < 400 && location.isPresent() && redirects < MAX_REDIRECTS) {
                URI next = uri.resolve(location.get());
                URI from = uri;
                Egress.check(guard, g -> g.checkRedirect(from, next));
                if (!endpoint.sameOrigin(next)) {
                    throw HttpErrors.otherOrigin(uri, next, "a redirect");
                }
                redirects++;
                uri = next;
                continue;
            }
            if (HttpErrors.retriable(status)) {
                failures++;
                if (failures > options.maxRetries()) {
                    throw HttpErrors.exhausted(uri, failures, "HTTP " + status);
                }
                pause(
                        uri,
                        failures,
                        "HTTP " + status,
                        response.headers().firstValue("Retry-After").orElse(null));
                continue;
            }
            throw HttpErrors.refused(status, uri, excerpt(start));
        }
    }

    /**
     * A page's body, read up to {@link ReadLimits#httpBodyBytes()}: a longer one fails the run (a permanent
     * {@code SYNC-308}) before it is held in memory, whatever its Content-Length claims.
     */
    private byte[] body(HttpResponse<InputStream> response, URI uri) throws IOException {
        long max = limits.httpBodyBytes();
        try (InputStream in = response.body()) {
            long declared =
                    response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > max) {
                throw HttpErrors.tooLarge(uri, max);
            }
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (bytes.length > max) {
                throw HttpErrors.tooLarge(uri, max);
            }
            return bytes;
        }
    }

    private static boolean success(int status) {
        return status >= 200 && status < 300;
    }

    /** The start of a refusal's or failure's body, for the message; the rest is never read. */
    private static byte[] startOf(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            return in.readNBytes(EXCERPT_BYTES);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private void pause(URI uri, int retry, String problem, String retryAfter) {
        Duration wait = backoff.wait(retry, retryAfter, clock.instant(), random);
        log.info(
                "retrying {} in {} ms after {} (retry {} of {})",
                HttpErrors.describe(uri),
                wait.toMillis(),
                problem,
                retry,
                options.maxRetries());
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw HttpErrors.interrupted(uri);
        }
    }

    private HttpRequest request(URI uri) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(options.timeout()).setHeader("Accept", "application/json");
        for (Map.Entry<String, String> header : options.headers().entrySet()) {
            Egress.check(guard, g -> g.checkHeader(header.getKey()));
            request.setHeader(header.getKey(), header.getValue());
        }
        String[] credential = endpoint.auth().header();
        if (credential != null) {
            if ("header".equals(endpoint.auth().type())) { // a header name the user chose
                Egress.check(guard, g -> g.checkHeader(credential[0]));
            }
            request.setHeader(credential[0], credential[1]);
        }
        if (body != null) {
            request.setHeader("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            request.GET();
        }
        return request.build();
    }

    /** The start of a refusal's body, for the message, without the connection's secrets should the API echo them. */
    private String excerpt(byte[] responseBody) {
        if (responseBody == null || responseBody.length == 0) {
            return "";
        }
        int length = Math.min(responseBody.length, EXCERPT_BYTES);
        return endpoint.redact(new String(responseBody, 0, length, StandardCharsets.UTF_8));
    }
}
