package io.datasync.kit.db;

import io.datasync.kit.startup.DependencyUnreachableException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the database a PostgreSQL JDBC URL names exists. It connects to that database first; only when the server
 * says it does not exist (SQLState 3D000) does it connect to the {@code postgres} maintenance database and create it.
 * Each service owns its database, so nobody else creates it.
 */
public final class DatabaseBootstrap {

    private static final Logger log = LoggerFactory.getLogger(DatabaseBootstrap.class);
    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/?]+/)([^?]+)(\\?.*)?");
    private static final Pattern SAFE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final String INVALID_CATALOG = "3D000";
    private static final String DUPLICATE_DATABASE = "42P04";

    private DatabaseBootstrap() {}

    /**
     * Connects to {@code url} and creates its database when the server says it is missing.
     *
     * @return true when the database was created
     * @throws DependencyUnreachableException when the server does not answer, or refuses the credentials or rights
     */
    public static boolean ensureDatabase(String url, String user, String password, Duration timeout) {
        Properties props = connectionProperties(user, password, timeout);
        try (Connection ignored = DriverManager.getConnection(url, props)) {
            return false;
        } catch (SQLException e) {
            if (!INVALID_CATALOG.equals(e.getSQLState())) {
                throw failure(url, e);
            }
        }
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            throw DependencyUnreachableException.refused(
                    "PostgreSQL", url, "the database does not exist and the URL names no database to create", null);
        }
        String database = m.group(2);
        if (!SAFE_NAME.matcher(database).matches()) {
            throw DependencyUnreachableException.refused(
                    "PostgreSQL",
                    url,
                    "the database does not exist, and '" + database + "' is not a name this service creates ("
                            + SAFE_NAME + "); create it beforehand",
                    null);
        }
        String maintenanceUrl = m.group(1) + "postgres" + (m.group(3) == null ? "" : m.group(3));
        try (Connection c = DriverManager.getConnection(maintenanceUrl, props);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE \"" + database + "\"");
            log.info("Created database {}", database);
            return true;
        } catch (SQLException e) {
            if (DUPLICATE_DATABASE.equals(e.getSQLState())) { // another replica created it meanwhile
                return false;
            }
            throw failure(url, e);
        }
    }

    private static Properties connectionProperties(String user, String password, Duration timeout) {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null && !password.isEmpty()) {
            props.setProperty("password", password);
        }
        String seconds = String.valueOf(Math.max(1, timeout.toSeconds()));
        props.setProperty("connectTimeout", seconds);
        props.setProperty("loginTimeout", seconds);
        return props;
    }

    /** Connection-class errors (08xxx) mean nothing usable answered; anything else is a refusal. */
    private static DependencyUnreachableException failure(String url, SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08")
                ? DependencyUnreachableException.unreachable("PostgreSQL", url, e.getMessage(), e)
                : DependencyUnreachableException.refused("PostgreSQL", url, e.getMessage(), e);
    }
}
