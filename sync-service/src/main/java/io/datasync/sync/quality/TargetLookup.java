package io.datasync.sync.quality;

import io.datasync.kit.quality.Lookup;
import io.datasync.models.job.SqlIdentifiers;
import io.datasync.sync.connector.jdbc.JdbcErrors;
import io.datasync.sync.connector.jdbc.JdbcPools;
import io.datasync.sync.connector.spi.ClientCache;
import io.datasync.sync.connector.spi.ConnectionSpec;
import io.datasync.sync.types.Conversions;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The gate's {@code unique: target} and {@code reference} checks, answered by the job's target database: one query per
 * check and chunk, {@code SELECT DISTINCT col::text FROM table WHERE col::text = ANY(?)}, on a pooled read connection
 * through the egress policy like every other connection. Values compare by their text form, so an {@code int} column
 * matches {@code Long} row values.
 */
final class TargetLookup implements Lookup {

    private final JdbcPools pools;
    private final ConnectionSpec target;
    private final String targetTable;

    TargetLookup(JdbcPools pools, ConnectionSpec target, String targetTable) {
        this.pools = pools;
        this.target = target;
        this.targetTable = targetTable;
    }

    @Override
    public Set<Object> present(String table, String column, Collection<Object> values) {
        if (values.isEmpty()) {
            return Set.of();
        }
        String relation = SqlIdentifiers.quotedTable(table == null ? targetTable : table);
        String col = SqlIdentifiers.quoted(column);
        String[] texts = values.stream().map(Conversions::text).toArray(String[]::new);
        Set<String> found = new HashSet<>();
        try (ClientCache<JdbcPools.Pool>.Lease lease = pools.reader(target)) {
            try (Connection connection = lease.client().open()) {
                Array array = connection.createArrayOf("text", texts);
                try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT DISTINCT " + col + "::text FROM " + relation + " WHERE " + col + "::text = ANY(?)")) {
                    statement.setArray(1, array);
                    try (ResultSet rs = statement.executeQuery()) {
                        while (rs.next()) {
                            found.add(rs.getString(1));
                        }
                    }
                }
            } catch (SQLException e) {
                throw JdbcErrors.classify(
                        e,
                        "table " + (table == null ? targetTable : table),
                        lease.client().password());
            }
        }
        Set<Object> present = new HashSet<>();
        for (Object value : values) {
            if (found.contains(Conversions.text(value))) {
                present.add(value);
            }
        }
        return present;
    }
}
