package io.datasync.kit.egress;

import io.datasync.models.egress.EgressPolicy;
import io.datasync.models.egress.EgressSettings;
import io.datasync.models.egress.JdbcPolicy;
import io.datasync.models.egress.JdbcUrl;
import io.datasync.models.egress.NetworkPolicy;
import io.datasync.models.egress.NetworkRule;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What connectors may reach ({@code datasync.egress.*}), the same in every service; checked when bound, so a rule or
 * root that cannot be read stops the start with a message naming it.
 *
 * @param fileRoots absolute directories that file connections' base directories must lie under; none by default, which
 *     refuses every file connection
 * @param networks which addresses and ports connectors may reach
 * @param jdbc which JDBC URL properties are allowed beyond each driver's defaults, and where the platform's own
 *     databases live
 */
@ConfigurationProperties(EgressSettings.PREFIX)
public record EgressProperties(
        @DefaultValue List<String> fileRoots,
        @DefaultValue Networks networks,
        @DefaultValue Jdbc jdbc) {

    public EgressProperties {
        policy(fileRoots, networks, jdbc, null); // fails the binding, naming the setting, when something is unreadable
    }

    /**
     * @param allowLoopback whether 127.0.0.0/8 and ::1 may be reached (the local run sets it, with the platform's own
     *     ports denied)
     * @param allowPrivate whether 10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7… may be reached
     * @param allow {@code CIDR[:port|port-range]} rules that allow what loopback or private would refuse
     * @param deny {@code CIDR[:port|port-range]} rules that refuse what would otherwise be allowed
     */
    public record Networks(
            @DefaultValue("false") boolean allowLoopback,
            @DefaultValue("false") boolean allowPrivate,
            @DefaultValue List<String> allow,
            @DefaultValue List<String> deny) {}

    /**
     * @param allowedProperties JDBC URL property names allowed beyond the defaults, by driver ({@code postgresql},
     *     {@code mariadb}); never one that is always refused
     * @param platformUrl a JDBC URL of the platform's database server; the service's {@code spring.datasource.url}
     *     when not set
     */
    public record Jdbc(@DefaultValue Map<String, List<String>> allowedProperties, String platformUrl) {}

    /**
     * The policy these settings describe.
     *
     * @param defaultPlatformUrl the platform's database URL when {@code jdbc.platform-url} is not set (the service's
     *     {@code spring.datasource.url}); ignored when it is not a URL the policy can read
     * @throws IllegalArgumentException naming the setting that cannot be read
     */
    public EgressPolicy toPolicy(String defaultPlatformUrl) {
        return policy(fileRoots, networks, jdbc, defaultPlatformUrl);
    }

    private static EgressPolicy policy(
            List<String> fileRoots, Networks networks, Jdbc jdbc, String defaultPlatformUrl) {
        NetworkPolicy networkPolicy = new NetworkPolicy(
                networks.allowLoopback(),
                networks.allowPrivate(),
                rules(networks.allow(), EgressSettings.ALLOW),
                rules(networks.deny(), EgressSettings.DENY));
        Map<JdbcUrl.Driver, Set<String>> allowed = new EnumMap<>(JdbcUrl.Driver.class);
        jdbc.allowedProperties().forEach((key, names) -> {
            JdbcUrl.Driver driver = JdbcUrl.Driver.forKey(key);
            if (driver == null) {
                throw new IllegalArgumentException(EgressSettings.ALLOWED_PROPERTIES + "." + key
                        + ": no such driver; the keys are postgresql and mariadb (also for jdbc:mysql:)");
            }
            allowed.computeIfAbsent(driver, d -> new LinkedHashSet<>()).addAll(names);
        });
        return new EgressPolicy(
                fileRoots,
                networkPolicy,
                new JdbcPolicy(allowed, platformDatabase(jdbc.platformUrl(), defaultPlatformUrl)));
    }

    private static JdbcUrl platformDatabase(String configured, String defaultPlatformUrl) {
        if (configured != null && !configured.isBlank()) {
            try {
                return JdbcUrl.parse(configured);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(EgressSettings.PLATFORM_URL + ": " + e.getMessage());
            }
        }
        if (defaultPlatformUrl == null || defaultPlatformUrl.isBlank()) {
            return null;
        }
        try {
            return JdbcUrl.parse(defaultPlatformUrl);
        } catch (IllegalArgumentException e) {
            return null; // then the platform's database names are refused on every host
        }
    }

    private static List<NetworkRule> rules(List<String> rules, String setting) {
        return rules.stream()
                .map(rule -> {
                    try {
                        return NetworkRule.parse(rule);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(setting + ": " + e.getMessage());
                    }
                })
                .toList();
    }
}
