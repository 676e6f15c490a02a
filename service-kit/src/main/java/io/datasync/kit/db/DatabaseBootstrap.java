package io.datasync.kit.db;

import io.datasync.kit.startup.DependencyUnreachableException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the database a PostgreSQL JDBC URL names exists, creating it through the server's {@code postgres}
 * maintenance database when it does not. Each service owns its database, so nobody else creates it.
 */
public final class DatabaseBootstrap {

    private static final Logger log = LoggerFactory.getLogger(DatabaseBootstrap.class);
    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/]+/)([^?]+)(\\?.*)?");
    private static final Pattern SAFE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private DatabaseBootstrap() {}

    /**
     * Connects to the server of {@code url} and creates its database when missing.
     *
     * @return true when the database was created
     * @throws DependencyUnreachableException when the server does not answer or refuses the credentials
     */
    public static boolean ensureDatabase(String url, String user, String password, Duration timeout) {
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + url);
        }
        String database = m.group(2);
        if (!SAFE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("database name '" + database + "' must match " + SAFE_NAME);
        }
        String maintenanceUrl = m.group(1) + "postgres" + (m.group(3) == null ? "" : m.group(3));
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null && !password.isEmpty()) {
            props.setProperty("password", password);
        }
        props.setProperty("connectTimeout", String.valueOf(Math.max(1, timeout.toSeconds())));
        props.setProperty("loginTimeout", String.valueOf(Math.max(1, timeout.toSeconds())));
        try (Connection c = DriverManager.getConnection(maintenanceUrl, props)) {
            if (exists(c, database)) {
                return false;
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE \"" + database + "\"");
                log.info("Created database {}", database);
                return true;
            } catch (SQLException e) {
                if ("42P04".equals(e.getSQLState())) { // duplicate_database: another replica created it meanwhile
                    return false;
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new DependencyUnreachableException("PostgreSQL", url, e.getMessage(), e);
        }
    }

    private static boolean exists(Connection c, String database) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
