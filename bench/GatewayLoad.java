import io.datasync.models.security.Identity;
import io.datasync.models.security.IdentityTokens;
import io.datasync.models.security.Role;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What the gateway's security costs a caller: the same cheap read ({@code GET /api/config/connectors}) sent for a fixed
 * time by {@code threads} closed-loop clients (a) straight to config-service with an identity header minted here — the
 * baseline, what a call costs without the gateway — (b) through the gateway with a bearer token, (c) through the gateway
 * with an API key. The gateway path includes everything a real call passes: JWT or API-key check, the route table,
 * the Redis rate limiter and the identity it mints. Run by {@code bench/gateway-overhead.sh}.
 *
 * <p>Arguments: {@code <identity-secret-file> <bearer-token> <api-key> [seconds per case] [threads]}.
 */
public class GatewayLoad {

    record Result(String name, long requests, long errors, double seconds, long[] latenciesMicros) {
        double perSecond() {
            return requests / seconds;
        }

        long percentile(double p) {
            if (latenciesMicros.length == 0) {
                return 0;
            }
            return latenciesMicros[(int) Math.min(latenciesMicros.length - 1, Math.floor(p * latenciesMicros.length))];
        }
    }

    public static void main(String[] args) throws Exception {
        String secret = Files.readString(Path.of(args[0])).strip();
        String token = args[1];
        String apiKey = args[2];
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 8;
        String path = "/api/config/connectors";
        IdentityTokens identities = new IdentityTokens(secret);
        Identity admin = Identity.token("bench-direct", Role.ADMIN);
        // minted every 20 s, as the identity lives 60 s; minting is the gateway's cost, not the baseline's
        AtomicLong mintedAt = new AtomicLong();
        String[] header = new String[1];
        Supplier<String> identity = () -> {
            long now = System.nanoTime();
            synchronized (header) {
                if (header[0] == null || now - mintedAt.get() > 20_000_000_000L) {
                    header[0] = identities.mint(admin, Instant.now());
                    mintedAt.set(now);
                }
                return header[0];
            }
        };

        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(2))
                .build();
        Supplier<HttpRequest> direct = () -> HttpRequest.newBuilder(URI.create("http://127.0.0.1:8081" + path))
                .header(IdentityTokens.HEADER, identity.get())
                .build();
        Supplier<HttpRequest> bearer = () -> HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080" + path))
                .header("Authorization", "Bearer " + token)
                .build();
        Supplier<HttpRequest> keyed = () -> HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080" + path))
                .header("X-API-Key", apiKey)
                .build();

        // warm up every path (JIT, connection pools, the API-key cache) before measuring
        for (Supplier<HttpRequest> s : List.of(direct, bearer, keyed)) {
            run(client, "warm-up", s, Math.max(3, seconds / 4), threads);
        }
        List<Result> results = new ArrayList<>();
        results.add(run(client, "direct to config-service (baseline)", direct, seconds, threads));
        results.add(run(client, "gateway + bearer JWT", bearer, seconds, threads));
        results.add(run(client, "gateway + API key", keyed, seconds, threads));
        double base = results.get(0).perSecond();
        System.out.printf("%-38s %10s %8s %8s %8s %7s%n", "case", "req/s", "p50 ms", "p99 ms", "errors", "ratio");
        for (Result r : results) {
            System.out.printf(
                    "%-38s %10.0f %8.2f %8.2f %8d %7.2f%n",
                    r.name(),
                    r.perSecond(),
                    r.percentile(0.50) / 1000.0,
                    r.percentile(0.99) / 1000.0,
                    r.errors(),
                    r.perSecond() / base);
        }
        System.exit(0);
    }

    private static Result run(HttpClient client, String name, Supplier<HttpRequest> request, int seconds, int threads)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        List<Future<long[]>> workers = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                long[] latencies = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    HttpResponse<Void> response = client.send(request.get(), HttpResponse.BodyHandlers.discarding());
                    long micros = (System.nanoTime() - t0) / 1000;
                    if (response.statusCode() != 200) {
                        errors.incrementAndGet();
                    }
                    if (n == latencies.length) {
                        latencies = Arrays.copyOf(latencies, n * 2);
                    }
                    latencies[n++] = micros;
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        long[] all = new long[0];
        for (Future<long[]> w : workers) {
            long[] part = w.get();
            long[] merged = Arrays.copyOf(all, all.length + part.length);
            System.arraycopy(part, 0, merged, all.length, part.length);
            all = merged;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        Arrays.sort(all);
        return new Result(name, all.length, errors.get(), elapsed, all);
    }
}
