package io.datasync.sync.connector.jdbc;

import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.KeyAggregates;
import io.datasync.sync.connector.spi.SyncErrorCode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A table as one side of a verification: count, Σkey and Σkey² computed by its own database, in bigint arithmetic
 * summed into exact decimals when every square fits a bigint (PostgreSQL, MariaDB/MySQL), as exact decimals otherwise.
 * One connection for the whole verification, returned to its pool on {@link #close}.
 */
public final class JdbcKeyAggregates implements KeyAggregates {

    private static final Set<Integer> INTEGER_TYPES =
            Set.of(Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT);

    private final JdbcConnections connections;
    private final String table;
    private final String key;
    private final AutoCloseable lease;
    private Connection connection;
    private Dialect dialect;

    /** A table of a database reached without a pool (an endpoint), e.g. in tests and tools. */
    public static JdbcKeyAggregates of(JdbcConnections connections, String table, String key) {
        return new JdbcKeyAggregates(connections, table, key, () -> {});
    }

    JdbcKeyAggregates(JdbcConnections connections, String table, String key, AutoCloseable lease) {
        this.connections = connections;
        this.table = table;
        this.key = key;
        this.lease = lease;
    }

    @Override
    public Bounds bounds() {
        String k = dialect().quote(key);
        return query("SELECT min(" + k + "), max(" + k + ") FROM " + dialect.quoteTable(table), null, null, rs -> {
            // a float or decimal key would be rounded differently by each database's cast to an integer
            boolean integer = INTEGER_TYPES.contains(rs.getMetaData().getColumnType(1));
            rs.next();
            return rs.getObject(1) == null ? null : new Bounds(rs.getLong(1), rs.getLong(2), integer);
        });
    }

    @Override
    public Aggregate aggregate(Long from, Long to, boolean integerSums) {
        String k = dialect().quote(key);
        String wide = wide(k, integerSums);
        String sql = "SELECT count(*), sum(" + wide + "), sum(" + wide + " * " + wide + ") FROM "
                + dialect.quoteTable(table) + (from == null ? "" : " WHERE " + k + " BETWEEN ? AND ?");
        return query(sql, from, to, rs -> {
            rs.next();
            long rows = rs.getLong(1);
            return rows == 0 ? Aggregate.EMPTY : new Aggregate(rows, rs.getBigDecimal(2), rs.getBigDecimal(3));
        });
    }

    @Override
    public Map<Long, Aggregate> aggregatesPerRange(long width) {
        String k = dialect().quote(key);
        String wide = "CAST(" + k + " AS DECIMAL(38,0))";
        String sql = "SELECT floor(" + k + " / " + width + ".0), count(" + k + "), sum(" + wide + "), sum(" + wide
                + " * " + wide + ") FROM " + dialect.quoteTable(table) + " WHERE " + k + " IS NOT NULL GROUP BY 1";
        return query(sql, null, null, rs -> {
            Map<Long, Aggregate> held = new TreeMap<>();
            while (rs.next()) {
                held.put(
                        rs.getBigDecimal(1).longValueExact() * width,
                        new Aggregate(rs.getLong(2), rs.getBigDecimal(3), rs.getBigDecimal(4)));
            }
            return held;
        });
    }

    @Override
    public void close() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException e) {
            // nothing was written; the pool discards a broken connection itself
        } finally {
            try {
                lease.close();
            } catch (Exception e) {
                // returning a lease never fails a verification
            }
        }
    }

    /**
     * The key as the type its sums are computed in: integers summed into exact decimals when every square fits a
     * bigint, several times cheaper than decimal multiplication; otherwise the key is widened to a decimal first.
     */
    private String wide(String k, boolean integerSums) {
        if (integerSums && dialect == Dialect.POSTGRESQL) {
            return "CAST(" + k + " AS BIGINT)";
        }
        if (integerSums && dialect == Dialect.MYSQL) {
            return "CAST(" + k + " AS SIGNED)";
        }
        return "CAST(" + k + " AS DECIMAL(38,0))";
    }

    private Dialect dialect() {
        if (dialect == null) {
            dialect = Dialect.fromUrl(connections.url());
        }
        return dialect;
    }

    private interface Rows<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> T query(String sql, Long from, Long to, Rows<T> rows) {
        try {
            if (connection == null) {
                connection = connections.open();
            }
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                if (from != null) {
                    ps.setLong(1, from);
                    ps.setLong(2, to);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    return rows.read(rs);
                }
            }
        } catch (SQLException e) {
            ConnectorException classified = JdbcErrors.classify(e, "table " + table, connections.password());
            if (!classified.retriable()) {
                throw classified; // e.g. the table is missing: a retry will not help
            }
            throw new ConnectorException(
                    SyncErrorCode.VERIFICATION_UNREADABLE,
                    "verification could not read " + table + ": " + classified.getMessage(),
                    null);
        }
    }
}
