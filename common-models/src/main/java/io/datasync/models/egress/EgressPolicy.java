package io.datasync.models.egress;

import io.datasync.models.connector.HttpHeaderNames;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The platform's egress policy, as the operator set it ({@code datasync.egress.*}), and its pure decisions: a connector
 * reaches only files under the configured roots, JDBC URLs with allowed properties, and addresses the network policy
 * allows; never the platform's own files, environment, databases or internal API. Immutable and thread-safe.
 *
 * <p>Decisions that take a {@link Resolver} check every address a host name resolves to; those without decide IP
 * literals and {@code localhost} and let other well-formed names pass, for checks made where DNS may differ from the
 * connector's (config-service at save). A connector always decides with a resolver immediately before it connects.
 *
 * @param fileRoots absolute directories (normalized) that file connections' base directories must lie under; none by
 *     default, which refuses every file connection
 * @param networks which addresses and ports may be reached
 * @param jdbc which JDBC URL properties and databases may be used
 */
public record EgressPolicy(List<String> fileRoots, NetworkPolicy networks, JdbcPolicy jdbc) {

    /** Everything at its default: no file roots, loopback and private refused, default JDBC properties. */
    public static final EgressPolicy DEFAULT = new EgressPolicy(List.of(), NetworkPolicy.DEFAULT, JdbcPolicy.DEFAULT);

    /**
     * @throws IllegalArgumentException when a root is not absolute or has a {@code ..} segment
     */
    public EgressPolicy {
        List<String> roots = new ArrayList<>();
        for (String root : fileRoots) {
            try {
                roots.add(FileRoots.normalize(root));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(EgressSettings.FILE_ROOTS + ": '" + root + "' " + e.getMessage());
            }
        }
        fileRoots = List.copyOf(roots);
    }

    // --- files -----------------------------------------------------------------------------------------------------

    /**
     * The lexical check of a file connection's base directory: absolute, no {@code ..}, under a root after
     * normalization, not in {@code /proc}, {@code /sys} or {@code /dev}. Symlinks are the real check's business.
     */
    public EgressDecision decideFileRoot(String baseDirectory) {
        String subject = "file base directory '" + baseDirectory + "'";
        String normalized;
        try {
            normalized = FileRoots.normalize(baseDirectory);
        } catch (IllegalArgumentException e) {
            return EgressDecision.refused(subject + " " + e.getMessage(), null);
        }
        return decideNormalizedPath(subject, normalized);
    }

    /** Whether a normalized path (lexical, or a real path already resolved) lies under a root and outside the system. */
    public EgressDecision decideNormalizedPath(String subject, String normalized) {
        String system = FileRoots.systemDirectory(normalized);
        if (system != null) {
            return EgressDecision.refused(
                    subject + " is refused: " + String.join(", ", FileRoots.SYSTEM_DIRECTORIES)
                            + " are never readable by a connector. No setting allows it.",
                    null);
        }
        if (fileRoots.isEmpty()) {
            return EgressDecision.refused(
                    subject + " is refused: no file roots are configured. An operator allows directories with "
                            + EgressSettings.FILE_ROOTS + ".",
                    EgressSettings.FILE_ROOTS);
        }
        for (String root : fileRoots) {
            if (FileRoots.isUnder(normalized, root)) {
                return EgressDecision.allowed();
            }
        }
        return EgressDecision.refused(
                subject + " is refused: it is not under an allowed file root (" + String.join(", ", fileRoots)
                        + "). An operator adds roots with " + EgressSettings.FILE_ROOTS + ".",
                EgressSettings.FILE_ROOTS);
    }

    // --- networks --------------------------------------------------------------------------------------------------

    /** A host and port with DNS: every address of the name. */
    public EgressDecision decideHost(String host, int port, String what, Resolver resolver)
            throws UnknownHostException {
        return networks.decideHost(host, port, what, resolver);
    }

    /** A host and port without DNS: literals and localhost decided, other names pass until connect time. */
    public EgressDecision decideHost(String host, int port, String what) {
        return withoutDns(() -> networks.decideHost(host, port, what, null));
    }

    /**
     * A comma-separated {@code host:port} list such as Kafka's bootstrap servers.
     *
     * @param defaultPort the port of entries that name none, or 0 when each must
     * @param resolver null to decide without DNS
     */
    public EgressDecision decideHostPorts(String hostPorts, int defaultPort, String what, Resolver resolver)
            throws UnknownHostException {
        List<HostPort> list;
        try {
            list = HostPort.parseList(hostPorts, defaultPort);
        } catch (IllegalArgumentException e) {
            return EgressDecision.refused(what + " '" + hostPorts + "' is refused: " + e.getMessage(), null);
        }
        for (HostPort hp : list) {
            EgressDecision decision = networks.decideHost(hp.host(), hp.port(), what, resolver);
            if (!decision.isAllowed()) {
                return decision;
            }
        }
        return EgressDecision.allowed();
    }

    /**
     * The host and port of a broker URI ({@code tcp://broker:1883}, {@code rediss://cache:6380}); its scheme is the
     * caller's to check.
     *
     * @param resolver null to decide without DNS
     */
    public EgressDecision decideUri(URI uri, int defaultPort, String what, Resolver resolver)
            throws UnknownHostException {
        if (uri == null || uri.getHost() == null) {
            return EgressDecision.refused(
                    what + " '" + uri + "' is refused: it names no host the client can read", null);
        }
        return networks.decideHost(uri.getHost(), uri.getPort() < 0 ? defaultPort : uri.getPort(), what, resolver);
    }

    // --- JDBC ------------------------------------------------------------------------------------------------------

    /** A JDBC URL with DNS: syntax, properties, the platform's databases, every host. */
    public EgressDecision decideJdbcUrl(String url, Resolver resolver) throws UnknownHostException {
        return jdbc.decide(url, networks, resolver);
    }

    /** A JDBC URL without DNS: as with, but host names other than localhost pass until connect time. */
    public EgressDecision decideJdbcUrl(String url) {
        return withoutDns(() -> jdbc.decide(url, networks, null));
    }

    // --- HTTP ------------------------------------------------------------------------------------------------------

    /** An HTTP request's URL: http or https, no credentials in it, its host (every address) and port allowed. */
    public EgressDecision decideHttpUrl(URI url, Resolver resolver) throws UnknownHostException {
        return decideHttp(url, "HTTP request to", resolver);
    }

    /** {@link #decideHttpUrl(URI, Resolver)} without DNS. */
    public EgressDecision decideHttpUrl(URI url) {
        return withoutDns(() -> decideHttp(url, "HTTP request to", null));
    }

    /**
     * A redirect the server answered with: its target (relative to {@code from}) must pass as a URL would, and
     * https never redirects to http.
     */
    public EgressDecision decideRedirect(URI from, URI to, Resolver resolver) throws UnknownHostException {
        URI target;
        try {
            target = from.resolve(to);
        } catch (IllegalArgumentException e) {
            return EgressDecision.refused("HTTP redirect is refused: its Location cannot be read", null);
        }
        if ("https".equalsIgnoreCase(from.getScheme()) && "http".equalsIgnoreCase(target.getScheme())) {
            return EgressDecision.refused(
                    "HTTP redirect from https to http is refused: the request would travel unencrypted.", null);
        }
        return decideHttp(target, "HTTP redirect to", resolver);
    }

    /** A request header a user set: never one the client, a proxy or the platform sets ({@link HttpHeaderNames}). */
    public EgressDecision decideHeader(String name) {
        String problem = HttpHeaderNames.problem(name);
        return problem == null ? EgressDecision.allowed() : EgressDecision.refused("HTTP header " + problem, null);
    }

    private EgressDecision decideHttp(URI url, String what, Resolver resolver) throws UnknownHostException {
        if (url == null || !url.isAbsolute() || url.isOpaque()) {
            return EgressDecision.refused(what + " '" + url + "' is refused: it is not an absolute http(s) URL", null);
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return EgressDecision.refused(
                    what + " a " + scheme + ": URL is refused: only http and https may be requested", null);
        }
        if (url.getRawUserInfo() != null) {
            return EgressDecision.refused(
                    what + " a URL with credentials is refused: put them in the connection's auth, which is encrypted",
                    null);
        }
        if (url.getHost() == null) {
            return EgressDecision.refused(
                    what + " '" + url.getRawAuthority() + "' is refused: it is not a host name or IP address the HTTP"
                            + " client can read",
                    null);
        }
        int port = url.getPort() >= 0 ? url.getPort() : scheme.equals("https") ? 443 : 80;
        return networks.decideHost(url.getHost(), port, what, resolver);
    }

    @FunctionalInterface
    private interface Decision {
        EgressDecision decide() throws UnknownHostException;
    }

    private static EgressDecision withoutDns(Decision decision) {
        try {
            return decision.decide();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("no name is resolved without a resolver", e);
        }
    }
}
