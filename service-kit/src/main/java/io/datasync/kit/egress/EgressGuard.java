package io.datasync.kit.egress;

import io.datasync.models.egress.EgressDecision;
import io.datasync.models.egress.EgressPolicy;
import io.datasync.models.egress.EgressRefusedException;
import io.datasync.models.egress.EgressSettings;
import io.datasync.models.egress.FileRoots;
import io.datasync.models.egress.JdbcUrl;
import io.datasync.models.egress.Resolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;

/**
 * Enforces the egress policy where connectors run: host names resolved by the JVM's resolver, file paths resolved to
 * their real location. Every method returns normally when allowed and throws {@link EgressRefusedException} when
 * refused: its message says what was refused and why, and {@link EgressRefusedException#setting()} names the operator
 * setting that would allow it (null when none may). Thread-safe.
 *
 * <p><b>When to call.</b> Immediately before connecting or opening, every time (a connection test, each run, each
 * reconnect, each redirect), with the same host string the client will use. DNS answers change and files move: a check
 * made at save says nothing about the connect.
 *
 * <p><b>DNS rebinding.</b> The JVM caches each successful lookup for {@code networkaddress.cache.ttl} seconds (30 by
 * default when no security manager is installed, whatever TTL the DNS answer carried), and pgjdbc, MariaDB Connector/J,
 * the Kafka, MQTT and Redis clients and {@code java.net.http} all resolve through that cache. So the connect that
 * follows a check within the TTL gets the very addresses that were checked, and a name that answers a public address
 * first and a private one next cannot slip through. The TTL must stay positive: a guard built where it is set to 0
 * logs a warning (see {@link #dnsCacheProblem()}); the default needs no setting. What remains is a race of a few
 * milliseconds when a cached answer expires between the check and the connect.
 *
 * <p><b>Files.</b> {@link #checkFileRoot} is the lexical check (config-service at save). Before reading,
 * {@link #realBaseDirectory} and {@link #realFile} resolve symlinks and return the real path: open that path, not the
 * one given. A directory renamed into a symlink between the check and the open is a race no JVM API closes; the file
 * roots should be writable only by whom the operator trusts.
 */
public class EgressGuard {

    /** The JVM's resolver ({@code InetAddress.getAllByName}), the one every client resolves with. */
    public static final Resolver DNS = host -> List.of(InetAddress.getAllByName(host));

    private final EgressPolicy policy;
    private final Resolver resolver;

    /** A guard resolving names with the JVM's resolver. */
    public EgressGuard(EgressPolicy policy) {
        this(policy, DNS);
    }

    /** A guard resolving names with the given resolver (tests). */
    public EgressGuard(EgressPolicy policy, Resolver resolver) {
        this.policy = policy;
        this.resolver = resolver;
    }

    /** The policy, for decisions without DNS (config-service at save) or as values instead of exceptions. */
    public EgressPolicy policy() {
        return policy;
    }

    // --- networks --------------------------------------------------------------------------------------------------

    /**
     * A host and port about to be reached; a name only when every address it resolves to is allowed.
     *
     * @param what what the host is for, starting the message: "Kafka bootstrap server", "MQTT broker"…
     * @throws EgressRefusedException when refused
     * @throws UncheckedIOException wrapping the {@link UnknownHostException} when the name does not resolve (a
     *     connection failure, not a refusal)
     */
    public void checkHostPort(String host, int port, String what) {
        resolving(host, () -> policy.decideHost(host, port, what, resolver));
    }

    /**
     * A comma-separated {@code host:port} list, e.g. Kafka's {@code bootstrap.servers}; IPv6 in brackets.
     *
     * @param defaultPort the port of entries that name none, or 0 when each must
     */
    public void checkHostPorts(String hostPorts, int defaultPort, String what) {
        resolving(hostPorts, () -> policy.decideHostPorts(hostPorts, defaultPort, what, resolver));
    }

    /** The host and port of a broker URI ({@code tcp://broker:1883}, {@code rediss://cache:6380}). */
    public void checkUri(URI uri, int defaultPort, String what) {
        resolving(
                String.valueOf(uri == null ? null : uri.getHost()),
                () -> policy.decideUri(uri, defaultPort, what, resolver));
    }

    /** An HTTP request's URL: http or https, no credentials in it, its host (every address) and port allowed. */
    public void checkHttpUrl(URI url) {
        resolving(String.valueOf(url == null ? null : url.getHost()), () -> policy.decideHttpUrl(url, resolver));
    }

    /**
     * A redirect about to be followed: {@code to} (possibly relative) as {@link #checkHttpUrl}, and never from https
     * to http. Follow redirects one by one ({@code HttpClient.Redirect.NEVER}) so each goes through here.
     */
    public void checkRedirect(URI from, URI to) {
        resolving(String.valueOf(to), () -> policy.decideRedirect(from, to, resolver));
    }

    /** A request header a user set: never one the client, a proxy or the platform sets. */
    public void checkHeader(String name) {
        policy.decideHeader(name).orThrow();
    }

    // --- JDBC ------------------------------------------------------------------------------------------------------

    /**
     * A JDBC URL about to be connected: readable, only allowed properties, not the platform's own databases, every
     * host allowed.
     *
     * @return the URL as its driver reads it; put its {@link JdbcUrl#driverDefaults()} into the driver's properties
     *     with {@code putIfAbsent}
     */
    public JdbcUrl checkJdbcUrl(String url) {
        JdbcUrl parsed;
        try {
            parsed = JdbcUrl.parse(url);
        } catch (IllegalArgumentException e) {
            throw new EgressRefusedException(EgressDecision.refused("JDBC URL is refused: " + e.getMessage(), null));
        }
        resolving(parsed.hostList(), () -> policy.jdbc().decide(parsed, policy.networks(), resolver));
        return parsed;
    }

    // --- files -----------------------------------------------------------------------------------------------------

    /** The lexical check of a base directory, for where the files are not at hand (config-service at save). */
    public void checkFileRoot(String baseDirectory) {
        policy.decideFileRoot(baseDirectory).orThrow();
    }

    /**
     * The real base directory of a file connection, before reading: the lexical check, then symlinks resolved, and
     * the real directory still under the real path of a root and outside {@code /proc}, {@code /sys}, {@code /dev}.
     *
     * @return the real path; resolve files against it
     * @throws IOException when it does not exist or is not a directory
     */
    public Path realBaseDirectory(String baseDirectory) throws IOException {
        checkFileRoot(baseDirectory);
        Path real = Path.of(baseDirectory).toRealPath();
        String subject = "file base directory '" + baseDirectory + "'";
        checkReal(subject, real);
        if (!Files.isDirectory(real)) {
            throw new NotDirectoryException(baseDirectory);
        }
        return real;
    }

    /**
     * The real path of a file about to be opened: inside the real base directory after every symlink, a regular file
     * (not a FIFO or device that would block or expose the machine), outside {@code /proc}, {@code /sys},
     * {@code /dev}; and the base directory itself still under a root.
     *
     * @param baseDirectory the connection's base directory (as given or as {@link #realBaseDirectory} returned it)
     * @param file the file, relative to the base directory as the job names it, or absolute
     * @return the real path: open this one
     * @throws IOException when the file does not exist
     */
    public Path realFile(Path baseDirectory, Path file) throws IOException {
        Path realBase = baseDirectory.toRealPath();
        checkReal("file base directory '" + baseDirectory + "'", realBase);
        Path real = baseDirectory.resolve(file).toRealPath();
        String subject = "file '" + file + "'";
        refuseSystem(subject, real);
        if (!real.startsWith(realBase)) {
            // where a link leads outside is not said: it may name the machine's own paths (e.g. /proc/<pid>)
            throw refused(
                    subject + " is refused: it leads outside the connection's base directory " + realBase + ".", null);
        }
        if (!Files.isRegularFile(real)) {
            throw refused(subject + " is refused: it is not a regular file.", null);
        }
        return real;
    }

    private void checkReal(String subject, Path real) {
        refuseSystem(subject, real);
        List<String> roots = policy.fileRoots();
        if (roots.isEmpty()) {
            policy.decideFileRoot(real.toString()).orThrow();
        }
        List<Path> realRoots = new ArrayList<>();
        for (String root : roots) {
            try {
                realRoots.add(Path.of(root).toRealPath());
            } catch (IOException | RuntimeException e) {
                // a root missing on this machine allows nothing here
            }
        }
        for (Path root : realRoots) {
            if (real.startsWith(root)) {
                return;
            }
        }
        throw refused(
                subject + " is refused: it leads outside the allowed file roots (" + String.join(", ", roots)
                        + "). An operator adds roots with " + EgressSettings.FILE_ROOTS + ".",
                EgressSettings.FILE_ROOTS);
    }

    private static void refuseSystem(String subject, Path real) {
        String system = FileRoots.systemDirectory(real.toString());
        if (system != null) {
            throw refused(
                    subject + " is refused: it leads into " + system + "; "
                            + String.join(", ", FileRoots.SYSTEM_DIRECTORIES)
                            + " are never readable by a connector. No setting allows it.",
                    null);
        }
    }

    private static EgressRefusedException refused(String message, String setting) {
        return new EgressRefusedException(EgressDecision.refused(message, setting));
    }

    // --- DNS -------------------------------------------------------------------------------------------------------

    /**
     * Why the JVM's DNS cache does not hold the answers a check saw until the connect, or null when it does: a
     * {@code networkaddress.cache.ttl} (or {@code sun.net.inetaddr.ttl}) of 0 makes every lookup fresh, so a name could
     * answer differently to the check and to the connect.
     */
    public static String dnsCacheProblem() {
        String ttl = Security.getProperty("networkaddress.cache.ttl");
        String source = "networkaddress.cache.ttl";
        if (ttl == null) {
            ttl = System.getProperty("sun.net.inetaddr.ttl");
            source = "sun.net.inetaddr.ttl";
        }
        if (ttl != null && ttl.strip().equals("0")) {
            return source + "=0 turns off the JVM's DNS cache, so a host name checked by the egress policy may resolve"
                    + " to another address when the connector connects (DNS rebinding); leave it unset (30 s) or"
                    + " positive";
        }
        return null;
    }

    @FunctionalInterface
    private interface Decision {
        EgressDecision decide() throws UnknownHostException;
    }

    private static void resolving(String host, Decision decision) {
        EgressDecision outcome;
        try {
            outcome = decision.decide();
        } catch (UnknownHostException e) {
            throw new UncheckedIOException("cannot resolve " + e.getMessage() + " (for " + host + ")", e);
        }
        outcome.orThrow();
    }
}
