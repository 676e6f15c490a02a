package io.datasync.sync.connector.jdbc;

import io.datasync.models.egress.JdbcUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Where and as whom a JDBC source connects, with the password already decrypted by the caller. Never printed with
 * its password: {@link #toString()} and {@link #redactedUrl()} are safe for logs and messages.
 *
 * @param user null when the URL or the driver supplies it
 * @param password null or empty when the database does not ask for one
 */
public record JdbcEndpoint(String url, String user, String password) implements JdbcConnections {

    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)((?:password|pwd)=)[^&;]*");
    private static final Pattern URL_USER_INFO = Pattern.compile("(//[^/:@]+):[^@/]*@");

    public JdbcEndpoint {
        if (url == null || !url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("a JDBC url starts with 'jdbc:'");
        }
        password = password == null ? "" : password;
    }

    /** From a jdbc connection's settings ({@code url}, {@code user}, {@code password}), as config-service resolves them. */
    public static JdbcEndpoint of(java.util.Map<String, Object> settings) {
        return new JdbcEndpoint(setting(settings, "url"), setting(settings, "user"), setting(settings, "password"));
    }

    private static String setting(java.util.Map<String, Object> settings, String key) {
        Object value = settings.get(key);
        return value == null ? null : value.toString();
    }

    /**
     * The URL handed to the driver. A {@code jdbc:mysql:} URL goes to the MariaDB driver, which speaks MySQL's protocol,
     * when no MySQL driver is on the class path: that driver accepts the scheme only with {@code permitMysqlScheme}.
     */
    public String driverUrl() {
        if (!url.startsWith("jdbc:mysql:") || url.contains("permitMysqlScheme") || accepted(url)) {
            return url;
        }
        return url + (url.contains("?") ? "&" : "?") + "permitMysqlScheme";
    }

    private static boolean accepted(String url) {
        try {
            DriverManager.getDriver(url);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * A new read-only connection straight from the driver (no pool); the caller closes it.
     *
     * @throws io.datasync.sync.connector.spi.ConnectorException SYNC-001 when no driver accepts the URL (which
     *     {@code DriverManager} would report as a retriable-looking 08001)
     * @throws SQLException as the driver reports it, for {@link JdbcErrors#classify}
     */
    @Override
    public Connection open() throws SQLException {
        if (!accepted(driverUrl())) {
            throw JdbcErrors.invalid("no JDBC driver on the class path accepts " + redactedUrl());
        }
        Connection connection = DriverManager.getConnection(driverUrl(), properties(Map.of()));
        try {
            connection.setReadOnly(true); // a guard for source queries: the database refuses writes where it can
        } catch (SQLException e) {
            // only a hint; drivers that cannot honour it read just the same
        }
        return connection;
    }

    /**
     * The driver's properties: user and password, then {@code extra}, then the driver defaults the URL may not turn
     * off ({@link JdbcUrl#driverDefaults()}: no local-file loading or server redirects on MariaDB, no password file
     * lookup by pgjdbc when the connection has no password).
     */
    Properties properties(Map<String, String> extra) {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (!password.isEmpty()) {
            properties.setProperty("password", password);
        }
        extra.forEach(properties::setProperty);
        try {
            JdbcUrl.parse(url).driverDefaults().forEach(properties::putIfAbsent);
        } catch (IllegalArgumentException e) {
            // a URL the policy cannot read is refused by the egress check before any connection is opened
        }
        return properties;
    }

    /** The URL with any password it embeds replaced by {@code ****}. */
    public String redactedUrl() {
        String redacted = URL_PASSWORD.matcher(url).replaceAll("$1****");
        return URL_USER_INFO.matcher(redacted).replaceAll("$1:****@");
    }

    @Override
    public String toString() {
        return "JdbcEndpoint[url=" + redactedUrl() + ", user=" + user + ", password=****]";
    }
}
