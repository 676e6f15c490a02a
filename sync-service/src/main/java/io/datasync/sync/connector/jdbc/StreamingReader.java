package io.datasync.sync.connector.jdbc;

import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.RejectedRecord;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.connector.spi.SplitReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads rows without a key through one server-side cursor: PostgreSQL streams with a fetch size only inside a
 * transaction, MariaDB streams any result set with a positive fetch size. The position {@code {"offset": n}} reports
 * progress only; rows without a key have no stable order, so this reader always starts at the split's beginning.
 */
final class StreamingReader implements SplitReader {

    private final JdbcSource source;
    private final JdbcRelation relation;
    private final String sql;
    private final List<Object> parameters;
    private final JdbcSourceOptions options;

    private Connection connection;
    private PreparedStatement statement;
    private ResultSet rows;
    private JdbcTypes.ValueReader[] readers;
    private long offset;
    private boolean exhausted;
    private boolean closed;

    StreamingReader(
            JdbcSource source, JdbcRelation relation, String sql, List<Object> parameters, JdbcSourceOptions options) {
        this.source = source;
        this.relation = relation;
        this.sql = sql;
        this.parameters = List.copyOf(parameters);
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
            if (rows == null) {
                start();
            }
            Schema schema = relation.schema();
            List<Object[]> chunk = new ArrayList<>(Math.min(maxRows, 10_000));
            List<RejectedRecord> rejected = new ArrayList<>();
            int read = 0;
            long bytes = 0;
            while (read < maxRows && rows.next()) {
                read++;
                Object[] row = new Object[schema.size()];
                String problem = relation.read(rows, readers, row);
                for (Object value : row) {
                    bytes += JdbcTypes.estimateBytes(value);
                }
                if (problem == null) {
                    chunk.add(row);
                } else {
                    rejected.add(new RejectedRecord("row " + (offset + read), problem));
                }
            }
            if (read < maxRows) {
                exhausted = true;
                release(); // frees the cursor and its transaction now, not when the engine closes the reader
            }
            if (read == 0) {
                return Optional.empty();
            }
            offset += read;
            return Optional.of(
                    new Chunk(schema, chunk, new Position(Map.of(JdbcSource.OFFSET, offset)), bytes, rejected));
        } catch (SQLException e) {
            throw source.classify(e);
        }
    }

    private void start() throws SQLException {
        connection = source.connect();
        connection.setAutoCommit(false);
        statement = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        statement.setFetchSize(options.fetchSize());
        statement.setQueryTimeout(options.queryTimeoutSeconds());
        int p = 1;
        for (Object parameter : parameters) {
            relation.dialect().bind(statement, p++, parameter);
        }
        rows = statement.executeQuery();
        readers = relation.readers(rows);
    }

    @Override
    public void close() {
        closed = true;
        release();
    }

    private void release() {
        // result set and statement first: closing a streaming MariaDB connection with an open result set drains it
        for (AutoCloseable resource : new AutoCloseable[] {rows, statement, connection}) {
            if (resource != null) {
                try {
                    resource.close();
                } catch (Exception e) {
                    // being discarded; the connection's close rolls the read-only transaction back regardless
                }
            }
        }
        rows = null;
        statement = null;
        connection = null;
    }
}
