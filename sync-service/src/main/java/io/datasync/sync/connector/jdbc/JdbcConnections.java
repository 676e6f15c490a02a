package io.datasync.sync.connector.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where a JDBC source or a verification side gets its connections: the pool kept for a stored connection
 * ({@link JdbcPools}), or a plain {@link JdbcEndpoint} (settings being tried, tests). Connections are read-only; the
 * caller closes each one (a pooled one goes back to its pool).
 */
public interface JdbcConnections {

    /**
     * @throws SQLException as the driver reports it, for {@link JdbcErrors#classify}
     */
    Connection open() throws SQLException;

    /** The URL, for the dialect and for messages ({@link JdbcEndpoint#redactedUrl()} when shown). */
    String url();

    /** The password, removed from every message; empty when there is none. */
    String password();
}
