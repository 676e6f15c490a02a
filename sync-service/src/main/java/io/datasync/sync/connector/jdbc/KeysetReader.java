package io.datasync.sync.connector.jdbc;

import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.connector.spi.SplitReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a split one chunk per statement, each continuing after the last key of the previous one. The connection is
 * kept between chunks but in autocommit mode, so nothing else (no transaction, no cursor) outlives a chunk.
 */
final class KeysetReader implements SplitReader {

    private final JdbcSource source;
    private final JdbcSource.Plan plan;
    private final String firstSql;
    private final String nextSql;
    private final List<Object> parameters;
    private final int[] order;
    private final KeyPositions positions;
    private final JdbcSourceOptions options;

    private Object[] after;
    private Connection connection;
    private boolean exhausted;
    private boolean closed;

    KeysetReader(
            JdbcSource source,
            JdbcSource.Plan plan,
            String firstSql,
            String nextSql,
            List<Object> parameters,
            int[] order,
            KeyPositions positions,
            Object[] after,
            JdbcSourceOptions options) {
        this.source = source;
        this.plan = plan;
        this.firstSql = firstSql;
        this.nextSql = nextSql;
        this.parameters = List.copyOf(parameters);
        this.order = order.clone();
        this.positions = positions;
        this.after = after;
        this.options = options;
    }

    @Override
    public Optional<Chunk> next(int maxRows) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be positive, not " + maxRows);
        }
        if (closed) {
            throw new IllegalStateException("the reader is closed");
        }
        if (exhausted) {
            return Optional.empty();
        }
        try {
            if (connection == null) {
                connection = source.connect();
            }
            Schema schema = plan.schema();
            List<Object[]> rows = new ArrayList<>(Math.min(maxRows, 10_000));
            long bytes = 0;
            try (PreparedStatement st = connection.prepareStatement(after == null ? firstSql : nextSql)) {
                int p = 1;
                for (Object parameter : parameters) {
                    JdbcSource.bind(st, p++, parameter, plan.dialect());
                }
                if (after != null) {
                    for (Object key : plan.dialect().afterParameters(after)) {
                        JdbcSource.bind(st, p++, key, plan.dialect());
                    }
                }
                if (plan.dialect().limitsInSql()) {
                    st.setInt(p, maxRows);
                } else {
                    st.setMaxRows(maxRows);
                }
                st.setQueryTimeout(options.queryTimeoutSeconds());
                try (ResultSet rs = st.executeQuery()) {
                    JdbcTypes.ValueReader[] readers = plan.readers(rs);
                    while (rows.size() < maxRows && rs.next()) {
                        Object[] row = new Object[schema.size()];
                        for (int i = 0; i < row.length; i++) {
                            row[i] = readers[i].read(rs, i + 1);
                            bytes += JdbcTypes.estimateBytes(row[i]);
                        }
                        rows.add(row);
                    }
                }
            }
            // fewer rows than asked for: the split holds no more, no need for a last empty query
            exhausted = rows.size() < maxRows;
            if (rows.isEmpty()) {
                return Optional.empty();
            }
            Object[] last = rows.get(rows.size() - 1);
            Object[] key = new Object[order.length];
            for (int i = 0; i < order.length; i++) {
                key[i] = last[order[i]];
            }
            after = key;
            return Optional.of(new Chunk(schema, rows, positions.encode(key), bytes));
        } catch (SQLException e) {
            throw source.classify(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        if (connection != null) {
            Connection c = connection;
            connection = null;
            try {
                c.close();
            } catch (SQLException e) {
                // the connection is being discarded; a broken one failing to close changes nothing
            }
        }
    }
}
