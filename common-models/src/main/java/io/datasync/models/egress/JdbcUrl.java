package io.datasync.models.egress;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JDBC URL read the way its driver reads it, so the egress policy checks the hosts, database and properties the
 * driver will really use:
 *
 * <ul>
 *   <li>{@code jdbc:postgresql:} as pgjdbc 42.7 parses it: {@code //host1[:port1][,host2[:port2]]/database?props},
 *       {@code jdbc:postgresql:database} and {@code jdbc:postgresql://} (localhost), an empty host meaning localhost,
 *       IPv6 in brackets; the database and property values percent-decoded as pgjdbc decodes them ({@code +} is a
 *       space), property names taken as written (pgjdbc matches them case-sensitively);
 *   <li>{@code jdbc:mariadb:} and {@code jdbc:mysql:} as MariaDB Connector/J 3 parses them:
 *       {@code [mode:]//host[:port][,…]/database?props} with the modes {@code replication}, {@code loadbalance},
 *       {@code load-balance-read}, {@code sequential} and {@code failover}; nothing decoded (the driver decodes
 *       nothing); the {@code address=(host=…)(port=…)} form refused.
 * </ul>
 *
 * Anything the parser cannot read with certainty is refused rather than guessed.
 *
 * @param driver which driver reads the URL
 * @param subprotocol as written: {@code postgresql}, {@code mariadb} or {@code mysql}
 * @param mode the MariaDB high-availability mode in lower case, or null
 * @param hosts every host the driver may connect to, with its port (the driver's default when none is written)
 * @param database the database, or null when the URL names none
 * @param properties the URL's properties in order, duplicates kept (the driver sees each)
 */
public record JdbcUrl(
        Driver driver,
        String subprotocol,
        String mode,
        List<HostPort> hosts,
        String database,
        List<Property> properties) {

    /** The two drivers sync-service has, and how each reads URL property names. */
    public enum Driver {
        /** pgjdbc: property names are case-sensitive. */
        POSTGRESQL("postgresql", 5432, true),
        /** MariaDB Connector/J 3, also for {@code jdbc:mysql:}: property names are case-insensitive. */
        MARIADB("mariadb", 3306, false);

        private final String key;
        private final int defaultPort;
        private final boolean caseSensitive;

        Driver(String key, int defaultPort, boolean caseSensitive) {
            this.key = key;
            this.defaultPort = defaultPort;
            this.caseSensitive = caseSensitive;
        }

        /** The key of its settings, e.g. {@code datasync.egress.jdbc.allowed-properties.postgresql}. */
        public String key() {
            return key;
        }

        public int defaultPort() {
            return defaultPort;
        }

        /** Whether it matches URL property names case-sensitively. */
        public boolean caseSensitive() {
            return caseSensitive;
        }

        /** The driver for a settings key or sub-protocol ({@code mysql} is MariaDB's), or null. */
        public static Driver forKey(String key) {
            return switch (key.toLowerCase(Locale.ROOT)) {
                case "postgresql" -> POSTGRESQL;
                case "mariadb", "mysql" -> MARIADB;
                default -> null;
            };
        }
    }

    /** One {@code name=value} of the URL's query; a name without '=' has the value "". */
    public record Property(String name, String value) {}

    private static final Pattern MARIADB_PREFIX = Pattern.compile("jdbc:(mariadb|mysql):(?:([A-Za-z_-]+):)?//");
    private static final List<String> MARIADB_MODES =
            List.of("replication", "loadbalance", "load-balance-read", "load_balance_read", "sequential", "failover");

    public JdbcUrl {
        hosts = List.copyOf(hosts);
        properties = List.copyOf(properties);
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("a JDBC URL names at least one host");
        }
    }

    /**
     * @throws IllegalArgumentException with a message for the user saying what cannot be read
     */
    public static JdbcUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("the JDBC URL is empty");
        }
        for (int i = 0; i < url.length(); i++) {
            if (Character.isWhitespace(url.charAt(i)) || Character.isISOControl(url.charAt(i))) {
                throw new IllegalArgumentException("a JDBC URL must not contain spaces or control characters");
            }
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return postgresql(url);
        }
        if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
            return mariadb(url);
        }
        throw new IllegalArgumentException(
                "only jdbc:postgresql:, jdbc:mariadb: and jdbc:mysql: URLs can be checked and connected");
    }

    /** The URL's properties by name, the last occurrence winning (as it does in both drivers). */
    public Map<String, String> propertyMap() {
        Map<String, String> map = new LinkedHashMap<>();
        properties.forEach(p -> map.put(p.name(), p.value()));
        return map;
    }

    /**
     * Properties the connector puts into the driver's {@code Properties} with {@code putIfAbsent}, after the user and
     * password, so that what the URL may not turn on stays off however the driver's defaults change: MariaDB's
     * {@code allowLocalInfile} (on by default in 3.x) and {@code permitRedirect} (a server could send the connection
     * to a host the egress policy never checked); pgjdbc's {@code password} as "" when none is given, because pgjdbc
     * otherwise looks for one in the platform's {@code ~/.pgpass} or {@code PGPASSFILE}. The URL cannot override
     * them: a URL turning them on is refused.
     */
    public Map<String, String> driverDefaults() {
        return switch (driver) {
            case POSTGRESQL -> Map.of("password", "");
            case MARIADB -> Map.of("allowLocalInfile", "false", "permitRedirect", "false");
        };
    }

    // --- pgjdbc ----------------------------------------------------------------------------------------------------

    private static JdbcUrl postgresql(String url) {
        int q = url.indexOf('?');
        String server = (q < 0 ? url : url.substring(0, q)).substring("jdbc:postgresql:".length());
        List<Property> properties = q < 0 ? List.of() : pgProperties(url.substring(q + 1));
        Driver driver = Driver.POSTGRESQL;
        HostPort localhost = new HostPort("localhost", driver.defaultPort());
        if (server.equals("//") || server.equals("///")) {
            return new JdbcUrl(driver, "postgresql", null, List.of(localhost), null, properties);
        }
        if (!server.startsWith("//")) {
            if (server.startsWith("/")) {
                throw new IllegalArgumentException("pgjdbc does not read jdbc:postgresql:/…; write"
                        + " jdbc:postgresql://host:5432/database or jdbc:postgresql:database");
            }
            String database = server.isEmpty() ? null : pgDecode(server, "the database name");
            return new JdbcUrl(driver, "postgresql", null, List.of(localhost), database, properties);
        }
        String rest = server.substring(2);
        int slash = rest.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException(
                    "a '/' must follow the hosts, e.g. jdbc:postgresql://db:5432/app or jdbc:postgresql://db:5432/");
        }
        if (rest.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("pgjdbc refuses more than one '/' after the hosts");
        }
        String database = slash == rest.length() - 1 ? null : pgDecode(rest.substring(slash + 1), "the database name");
        List<HostPort> hosts = new ArrayList<>();
        // String.split drops trailing empty entries, exactly as pgjdbc's own split does.
        for (String address : rest.substring(0, slash).split(",")) {
            if (address.indexOf('@') >= 0) {
                throw new IllegalArgumentException(
                        "a JDBC URL does not carry credentials before the host; use the user and password settings");
            }
            int colon = address.lastIndexOf(':');
            String host;
            int port;
            if (colon >= 0 && address.lastIndexOf(']') < colon) {
                host = address.substring(0, colon);
                port = HostPort.port(address.substring(colon + 1), address);
            } else {
                host = address;
                port = driver.defaultPort();
            }
            hosts.add(new HostPort(pgHost(host), port));
        }
        return new JdbcUrl(driver, "postgresql", null, hosts, database, properties);
    }

    /** pgjdbc connects to localhost for an empty host; IPv6 must be bracketed for its port split to be right. */
    private static String pgHost(String host) {
        if (host.isEmpty()) {
            return "localhost";
        }
        if (host.startsWith("[")) {
            if (!host.endsWith("]") || IpAddresses.parseLiteral(host) == null) {
                throw new IllegalArgumentException("'" + host + "' is not a bracketed IPv6 address");
            }
            return host;
        }
        if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException(
                    "'" + host + "': write an IPv6 address in brackets, e.g. jdbc:postgresql://[::1]:5432/app");
        }
        return host;
    }

    private static List<Property> pgProperties(String query) {
        List<Property> properties = new ArrayList<>();
        for (String token : query.split("&")) {
            if (token.isEmpty()) {
                continue;
            }
            int eq = token.indexOf('=');
            if (eq < 0) {
                properties.add(new Property(token, ""));
            } else {
                String name = token.substring(0, eq);
                properties.add(new Property(name, pgDecode(token.substring(eq + 1), "the value of '" + name + "'")));
            }
        }
        return properties;
    }

    private static String pgDecode(String value, String what) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not correctly percent-encoded");
        }
    }

    // --- MariaDB Connector/J 3 -------------------------------------------------------------------------------------

    private static JdbcUrl mariadb(String url) {
        if (url.toLowerCase(Locale.ROOT).contains("address=")) {
            throw new IllegalArgumentException("the address=(host=…)(port=…) form is not accepted; write plain"
                    + " host:port entries, e.g. jdbc:mariadb://db1:3306,db2:3306/app");
        }
        Matcher m = MARIADB_PREFIX.matcher(url);
        if (!m.lookingAt()) {
            throw new IllegalArgumentException("cannot read this URL; write jdbc:mariadb://host:3306/database (or"
                    + " jdbc:mariadb:replication://primary:3306,replica:3306/database)");
        }
        String mode = m.group(2) == null ? null : m.group(2).toLowerCase(Locale.ROOT);
        if (mode != null && !MARIADB_MODES.contains(mode)) {
            throw new IllegalArgumentException(
                    "'" + m.group(2) + "' is not a MariaDB mode; use replication, loadbalance, load-balance-read,"
                            + " sequential or failover");
        }
        String rest = url.substring(m.end());
        int slash = rest.indexOf('/');
        int q = rest.indexOf('?');
        String hostList;
        String database = null;
        String query = null;
        if (slash < 0 || (q >= 0 && q < slash)) {
            // as the driver does: a '?' before any '/' ends the hosts, and the URL names no database
            hostList = q < 0 ? rest : rest.substring(0, q);
            query = q < 0 ? null : rest.substring(q + 1);
        } else {
            hostList = rest.substring(0, slash);
            String after = rest.substring(slash + 1);
            int q2 = after.indexOf('?');
            database = q2 < 0 ? after : after.substring(0, q2);
            query = q2 < 0 ? null : after.substring(q2 + 1);
            database = database.isEmpty() ? null : database;
        }
        Driver driver = Driver.MARIADB;
        List<HostPort> hosts = new ArrayList<>();
        for (String entry : hostList.split(",")) {
            if (entry.isEmpty()) {
                continue; // the driver skips empty entries
            }
            hosts.add(mariadbHost(entry, driver.defaultPort()));
        }
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("the URL names no host; write jdbc:mariadb://host:3306/database");
        }
        List<Property> properties = new ArrayList<>();
        if (query != null) {
            for (String token : query.split("&")) {
                if (token.isEmpty()) {
                    continue;
                }
                int eq = token.indexOf('=');
                properties.add(
                        eq < 0
                                ? new Property(token, "")
                                : new Property(token.substring(0, eq), token.substring(eq + 1)));
            }
        }
        return new JdbcUrl(driver, m.group(1), mode, hosts, database, properties);
    }

    private static HostPort mariadbHost(String entry, int defaultPort) {
        if (entry.indexOf('@') >= 0) {
            throw new IllegalArgumentException(
                    "a JDBC URL does not carry credentials before the host; use the user and password settings");
        }
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            if (close < 0 || IpAddresses.parseLiteral(entry.substring(0, close + 1)) == null) {
                throw new IllegalArgumentException("'" + entry + "' is not a bracketed IPv6 address");
            }
            String rest = entry.substring(close + 1);
            if (rest.isEmpty()) {
                return new HostPort(entry.substring(1, close), defaultPort);
            }
            if (!rest.startsWith(":")) {
                throw new IllegalArgumentException("'" + entry + "': after ']' comes ':' and the port");
            }
            return new HostPort(entry.substring(1, close), HostPort.port(rest.substring(1), entry));
        }
        int colon = entry.indexOf(':');
        if (colon >= 0 && colon != entry.lastIndexOf(':')) {
            throw new IllegalArgumentException(
                    "'" + entry + "': write an IPv6 address in brackets, e.g. jdbc:mariadb://[::1]:3306/app");
        }
        if (colon == 0) {
            throw new IllegalArgumentException("'" + entry + "' names no host");
        }
        return colon < 0
                ? new HostPort(entry, defaultPort)
                : new HostPort(entry.substring(0, colon), HostPort.port(entry.substring(colon + 1), entry));
    }

    /** The URL's hosts as written after {@code //}, for messages. */
    public String hostList() {
        return String.join(",", hosts.stream().map(HostPort::toString).toList());
    }
}
