package io.datasync.sync.connector.http;

import io.datasync.kit.egress.EgressGuard;
import io.datasync.models.connector.ConnectorDescriptor;
import io.datasync.models.connector.HttpKind;
import io.datasync.sync.connector.spi.ClientCache;
import io.datasync.sync.connector.spi.ConnectionSpec;
import io.datasync.sync.connector.spi.Connector;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.Egress;
import io.datasync.sync.connector.spi.LeasedSource;
import io.datasync.sync.connector.spi.ReadLimits;
import io.datasync.sync.connector.spi.Source;
import io.datasync.sync.connector.spi.SourceContext;
import io.datasync.sync.connector.spi.SyncErrorCode;
import io.datasync.sync.connector.spi.TestSteps;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The {@code http} unit: JSON records from an API. One {@link HttpClient} is kept per stored connection and shared by
 * every run reading it (its connections are reused across requests and runs). The connection test sends one GET of the
 * base URL (or a path below it) with the connection's authentication, as the source sends it: 2xx passes; 401/403 is
 * {@code SYNC-301}, other answers {@code SYNC-306}; no answer {@code SYNC-305}. Redirects are not followed by a test:
 * credentials go to the connection's own origin only.
 */
@Component
public class HttpConnector implements Connector {

    /** How long connecting to an API may take; each request has the job's own {@code timeoutMs} besides. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private static final Duration TEST_TIMEOUT = Duration.ofSeconds(10);

    /** A kept client; closing it releases its selector thread where the JDK can. */
    record Client(HttpClient client) implements AutoCloseable {
        @Override
        public void close() {
            HttpSource.closeClient(client);
        }
    }

    private final ClientCache<Client> clients;
    private final EgressGuard guard;
    private final ReadLimits limits;

    public HttpConnector(EgressGuard guard, ReadLimits limits, Clock clock) {
        this.guard = guard;
        this.limits = limits;
        this.clients = new ClientCache<>("http", clock);
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return HttpKind.DESCRIPTOR;
    }

    @Override
    public void test(ConnectionSpec connection, TestTarget target, TestSteps steps) {
        HttpEndpoint[] endpoint = new HttpEndpoint[1];
        URI[] uri = new URI[1];
        boolean valid = steps.run(
                "address",
                () -> {
                    endpoint[0] = new HttpEndpoint(connection.settings());
                    uri[0] = target.path() == null ? endpoint[0].baseUrl() : endpoint[0].resolve(target.path());
                    return uri[0].getScheme() + "://" + uri[0].getRawAuthority() + uri[0].getRawPath();
                },
                e -> new ConnectorException(SyncErrorCode.INVALID_OPTIONS, String.valueOf(e.getMessage()), e));
        if (!valid
                || !Egress.step(
                        steps, guard, g -> g.checkHttpUrl(uri[0]), uri[0].getRawAuthority() + " may be reached")) {
            return;
        }
        try (ClientCache<Client>.Lease lease = lease(connection, endpoint[0])) {
            steps.run(
                    "request",
                    () -> {
                        HttpRequest.Builder request = HttpRequest.newBuilder(uri[0])
                                .timeout(TEST_TIMEOUT)
                                .header("Accept", "application/json")
                                .GET();
                        String[] credential = endpoint[0].auth().header();
                        if (credential != null) {
                            request.header(credential[0], credential[1]);
                        }
                        int status = lease.client()
                                .client()
                                .send(request.build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode();
                        if (status == 401 || status == 403) {
                            throw new ConnectorException(
                                    SyncErrorCode.HTTP_AUTH_REFUSED,
                                    "the server refused the credentials: HTTP " + status,
                                    null);
                        }
                        if (status >= 300) {
                            throw new ConnectorException(
                                    SyncErrorCode.HTTP_REQUEST_REFUSED,
                                    status >= 500 || status == 429,
                                    "HTTP " + status,
                                    null);
                        }
                        return "HTTP " + status;
                    },
                    e -> new ConnectorException(
                            SyncErrorCode.HTTP_UNREACHABLE,
                            endpoint[0].redact(
                                    "no answer from " + uri[0].getRawAuthority() + ": " + HttpErrors.ioProblem(e)),
                            e));
        }
    }

    @Override
    public Source source(SourceContext context) {
        HttpEndpoint endpoint = new HttpEndpoint(context.connection().settings());
        ClientCache<Client>.Lease lease = lease(context.connection(), endpoint);
        try {
            return new LeasedSource(
                    new HttpSource(endpoint, context.spec(), lease.client().client(), guard, limits), lease);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    @Override
    public void evict(String connectionId) {
        clients.evict(connectionId);
    }

    @Override
    public void closeIdle(Duration idle) {
        clients.closeIdle(idle);
    }

    @Override
    public int openClients() {
        return clients.size();
    }

    @jakarta.annotation.PreDestroy
    void closeAll() {
        clients.closeAll();
    }

    private ClientCache<Client>.Lease lease(ConnectionSpec connection, HttpEndpoint endpoint) {
        return clients.acquire(connection, "client", c -> new Client(HttpSource.newClient(endpoint, CONNECT_TIMEOUT)));
    }
}
