package io.datasync.sync.connector.jdbc;

import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.RejectedRecord;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.connector.spi.SplitReader;
import io.datasync.sync.connector.spi.SyncErrorCode;
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
    private final JdbcRelation relation;
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
            JdbcRelation relation,
            String firstSql,
            String nextSql,
            List<Object> parameters,
            int[] order,
            KeyPositions positions,
            Object[] after,
            JdbcSourceOptions options) {
        this.source = source;
        this.relation = relation;
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
            Schema schema = relation.schema();
            List<Object[]> rows = new ArrayList<>(Math.min(maxRows, 10_000));
            List<RejectedRecord> rejected = new ArrayList<>();
            Object[] last = null;
            int read = 0;
            long bytes = 0;
            try (PreparedStatement st = connection.prepareStatement(after == null ? firstSql : nextSql)) {
                int p = 1;
                for (Object parameter : parameters) {
                    relation.dialect().bind(st, p++, parameter);
                }
                if (after != null) {
                    for (Object key : relation.dialect().afterParameters(after)) {
                        relation.dialect().bind(st, p++, key);
                    }
                }
                if (relation.dialect().limitsInSql()) {
                    st.setInt(p, maxRows);
                } else {
                    st.setMaxRows(maxRows);
                }
                st.setQueryTimeout(options.queryTimeoutSeconds());
                try (ResultSet rs = st.executeQuery()) {
                    JdbcTypes.ValueReader[] readers = relation.readers(rs);
                    while (read < maxRows && rs.next()) {
                        read++;
                        Object[] row = new Object[schema.size()];
                        String problem = relation.read(rs, readers, row);
                        for (Object value : row) {
                            bytes += JdbcTypes.estimateBytes(value);
                        }
                        if (problem == null) {
                            rows.add(row);
                        } else {
                            for (int k : order) {
                                if (row[k] == null) {
                                    // the next chunk continues after this row's key: without it there is no going on
                                    throw new ConnectorException(
                                            SyncErrorCode.JDBC_FAILED,
                                            "a row's key could not be read, so the split cannot go past it: " + problem,
                                            null);
                                }
                            }
                            rejected.add(new RejectedRecord(locator(schema, row), problem));
                        }
                        last = row;
                    }
                }
            }
            // fewer rows than asked for: the split holds no more, no need for a last empty query
            exhausted = read < maxRows;
            if (last == null) {
                return Optional.empty();
            }
            // a rejected row still moves the position on: its key was read, only another value was not
            Object[] key = new Object[order.length];
            for (int i = 0; i < order.length; i++) {
                key[i] = last[order[i]];
            }
            after = key;
            return Optional.of(new Chunk(schema, rows, positions.encode(key), bytes, rejected));
        } catch (SQLException e) {
            throw source.classify(e);
        }
    }

    /** Where a rejected row is: its key, e.g. {@code id=42}. */
    private String locator(Schema schema, Object[] row) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < order.length; i++) {
            out.append(i == 0 ? "" : ", ")
                    .append(schema.column(order[i]).name())
                    .append('=')
                    .append(row[order[i]]);
        }
        return out.toString();
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
