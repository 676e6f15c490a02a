package io.datasync.sync.connector.jdbc;

import io.datasync.kit.egress.EgressGuard;
import io.datasync.models.egress.EgressRefusedException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The data source a pool opens its physical connections through: every new connection is checked against the egress
 * policy first (so a name that later resolves somewhere the policy refuses is caught at the next connect, not only when
 * the pool was made), and carries the driver defaults the URL may not turn off.
 */
public final class GuardedDataSource implements DataSource {

    /** The SQLState of a connection the egress policy refused (an implementation-defined class, so no driver uses it). */
    public static final String REFUSED_STATE = "ZE015";

    private final JdbcEndpoint endpoint;
    private final EgressGuard guard;
    private final Map<String, String> extra;

    public GuardedDataSource(JdbcEndpoint endpoint, EgressGuard guard, Map<String, String> extra) {
        this.endpoint = endpoint;
        this.guard = guard;
        this.extra = Map.copyOf(extra);
    }

    @Override
    public Connection getConnection() throws SQLException {
        try {
            guard.checkJdbcUrl(endpoint.url());
        } catch (EgressRefusedException e) {
            throw new SQLNonTransientConnectionException(e.getMessage(), REFUSED_STATE);
        } catch (UncheckedIOException e) {
            throw new SQLTransientConnectionException(
                    "the host name " + e.getCause().getMessage() + " does not resolve (DNS)", "08001");
        }
        return DriverManager.getConnection(endpoint.driverUrl(), endpoint.properties(extra));
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("connections use the connection's own credentials");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return false;
    }
}
