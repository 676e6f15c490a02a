package io.datasync.models.egress;

import io.datasync.models.egress.JdbcUrl.Driver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which JDBC URLs a connection may use: readable by its driver's rules ({@link JdbcUrl}), only allowed properties
 * ({@link JdbcProperties}), never one of the platform's own databases on the platform's database server, and every
 * host allowed by the network policy.
 *
 * @param allowedProperties the operator's additions to each driver's default property list
 * @param platformDatabase where the platform's own databases live (the services' {@code spring.datasource.url}); null
 *     when unknown, and then their names are refused on every host
 */
public record JdbcPolicy(Map<Driver, Set<String>> allowedProperties, JdbcUrl platformDatabase) {

    /** The databases the platform's services own; never a connector's. */
    public static final Set<String> PLATFORM_DATABASES =
            Set.of("datasync_config", "datasync_sync", "datasync_quality", "datasync_scheduler", "datasync_monitoring");

    public static final JdbcPolicy DEFAULT = new JdbcPolicy(Map.of(), null);

    /**
     * @throws IllegalArgumentException when an addition is a property no setting may allow
     */
    public JdbcPolicy {
        Map<Driver, Set<String>> copy = new EnumMap<>(Driver.class);
        allowedProperties.forEach((driver, names) -> {
            for (String name : names) {
                String reason = JdbcProperties.refusedByName(driver, name);
                if (reason != null) {
                    throw new IllegalArgumentException(EgressSettings.ALLOWED_PROPERTIES + "." + driver.key()
                            + " lists '" + name + "', which is always refused: " + reason);
                }
            }
            copy.put(driver, Set.copyOf(names));
        });
        allowedProperties = Map.copyOf(copy);
    }

    /**
     * @param resolver null to decide without DNS (see {@link NetworkPolicy#decideHost})
     * @throws UnknownHostException when a host of the URL does not resolve
     */
    public EgressDecision decide(String url, NetworkPolicy networks, Resolver resolver) throws UnknownHostException {
        JdbcUrl parsed;
        try {
            parsed = JdbcUrl.parse(url);
        } catch (IllegalArgumentException e) {
            return EgressDecision.refused("JDBC URL is refused: " + e.getMessage(), null);
        }
        return decide(parsed, networks, resolver);
    }

    /** As {@link #decide(String, NetworkPolicy, Resolver)}, for a URL already read. */
    public EgressDecision decide(JdbcUrl url, NetworkPolicy networks, Resolver resolver) throws UnknownHostException {
        EgressDecision properties = decideProperties(url);
        if (!properties.isAllowed()) {
            return properties;
        }
        EgressDecision platform = decidePlatformDatabase(url, resolver);
        if (!platform.isAllowed()) {
            return platform;
        }
        for (HostPort host : url.hosts()) {
            EgressDecision decision = networks.decideHost(host.host(), host.port(), "database host", resolver);
            if (!decision.isAllowed()) {
                return decision;
            }
        }
        return EgressDecision.allowed();
    }

    EgressDecision decideProperties(JdbcUrl url) {
        Driver driver = url.driver();
        Set<String> extra = allowedProperties.getOrDefault(driver, Set.of());
        // first what nothing allows, so a refusal never names a setting that would not be enough
        for (JdbcUrl.Property property : url.properties()) {
            String always = JdbcProperties.alwaysRefused(driver, property.name(), property.value());
            if (always != null) {
                return EgressDecision.refused(
                        "JDBC URL property '" + property.name() + "' is refused: " + always + ". No setting allows it.",
                        null);
            }
        }
        for (JdbcUrl.Property property : url.properties()) {
            String name = property.name();
            if (!JdbcProperties.allowed(driver, name, extra)) {
                String hint = JdbcProperties.caseHint(driver, name, extra);
                Set<String> all = new TreeSet<>(JdbcProperties.defaults(driver));
                all.addAll(extra);
                String setting = EgressSettings.ALLOWED_PROPERTIES + "." + driver.key();
                return EgressDecision.refused(
                        "JDBC URL property '" + name + "' is not among those allowed for jdbc:" + url.subprotocol()
                                + ": URLs (" + String.join(", ", all) + ")."
                                + (hint == null
                                        ? ""
                                        : " pgjdbc reads property names exactly as written: did you mean '" + hint
                                                + "'?")
                                + " An operator allows more with " + setting + ".",
                        setting);
            }
        }
        return EgressDecision.allowed();
    }

    EgressDecision decidePlatformDatabase(JdbcUrl url, Resolver resolver) {
        String database = url.database();
        if (database == null || !PLATFORM_DATABASES.contains(database.toLowerCase(Locale.ROOT))) {
            return EgressDecision.allowed();
        }
        for (HostPort host : url.hosts()) {
            if (platformDatabase == null || platformHost(host, resolver)) {
                return EgressDecision.refused(
                        "JDBC URL is refused: the database '" + database + "' on " + host
                                + " is one of the platform's own, which no connection may use. No setting allows it.",
                        null);
            }
        }
        return EgressDecision.allowed();
    }

    /** Whether a host:port is the platform's database server: same name, both loopback, or a shared address. */
    private boolean platformHost(HostPort host, Resolver resolver) {
        for (HostPort platform : platformDatabase.hosts()) {
            if (platform.port() != host.port()) {
                continue;
            }
            if (bare(platform.host()).equalsIgnoreCase(bare(host.host()))) {
                return true;
            }
            Set<InetAddress> mine = addresses(host.host(), resolver);
            Set<InetAddress> theirs = addresses(platform.host(), resolver);
            boolean bothLoopback = !mine.isEmpty()
                    && !theirs.isEmpty()
                    && mine.stream().allMatch(a -> AddressClass.of(a) == AddressClass.LOOPBACK)
                    && theirs.stream().allMatch(a -> AddressClass.of(a) == AddressClass.LOOPBACK);
            mine.retainAll(theirs);
            if (bothLoopback || !mine.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static String bare(String host) {
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    /** The host's addresses (normalized), empty when they cannot be known here. */
    private static Set<InetAddress> addresses(String host, Resolver resolver) {
        Set<InetAddress> out = new HashSet<>();
        InetAddress literal = IpAddresses.parseLiteral(host);
        List<InetAddress> found = new ArrayList<>();
        if (literal != null) {
            found.add(literal);
        } else if (NetworkPolicy.isLocalhost(host)) {
            found.add(IpAddresses.parseLiteral("127.0.0.1"));
        } else if (resolver != null) {
            try {
                found.addAll(resolver.resolve(host));
            } catch (UnknownHostException e) {
                // not the platform's server, as far as can be told; the network decision reports the name
            }
        }
        found.forEach(a -> out.add(IpAddresses.normalize(a)));
        return out;
    }
}
