package io.datasync.sync.connector.jdbc;

import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.SyncErrorCode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What a change log needs to know and check about its PostgreSQL source before it starts: that the server decodes
 * logical changes ({@code wal_level=logical}), that the user may replicate, that a slot is free when the job has none
 * yet, and that the table tells which row a change is about (a primary key, or {@code REPLICA IDENTITY FULL}).
 * Every refusal is {@code SYNC-110} and says what to do.
 *
 * @param schema the table's schema ({@code public} for an unqualified table in the default search path)
 * @param name the table's name
 */
record CdcTable(String schema, String name) {

    /** {@code schema.name}, as Debezium's include list and messages name it. */
    String qualified() {
        return schema + "." + name;
    }

    /**
     * Resolves {@code table} (as the job names it) and checks the server, the user and the table.
     *
     * @param slot the job's replication slot, which may already exist
     * @param hasKey whether the table has a primary key the job reads
     */
    static CdcTable check(Connection c, String table, String slot, boolean hasKey, String where) throws SQLException {
        String walLevel = single(c, "SHOW wal_level");
        if (!"logical".equals(walLevel)) {
            throw notReady(where + " has wal_level=" + walLevel + ": a change log needs logical decoding. Run ALTER"
                    + " SYSTEM SET wal_level = logical; and restart PostgreSQL");
        }
        CdcTable resolved;
        try (PreparedStatement ps = c.prepareStatement("SELECT n.nspname, c.relname"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = ?::regclass")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw notReady("table " + table + " does not exist in " + where);
                }
                resolved = new CdcTable(rs.getString(1), rs.getString(2));
            }
        }
        if (resolved.schema().equals("pg_catalog")
                || resolved.schema().equals("information_schema")
                || resolved.schema().startsWith("pg_toast")) {
            throw notReady("table " + resolved.qualified() + " is a system catalog, which logical decoding does not"
                    + " publish: a change log follows a user table");
        }
        if (!hasKey) {
            throw notReady("table " + resolved.qualified() + " has no primary key, so its updates and deletes do not"
                    + " say which row they change: add a primary key to it (tables without one are not supported by"
                    + " change logs yet)");
        }
        try (PreparedStatement ps =
                c.prepareStatement("SELECT rolreplication OR rolsuper FROM pg_roles WHERE rolname = current_user")) {
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && !rs.getBoolean(1)) {
                    throw notReady("the connection's user may not replicate in " + where + ": run ALTER ROLE <user>"
                            + " REPLICATION; (and grant it SELECT on " + resolved.qualified()
                            + " and CREATE on the database, or create the publication yourself)");
                }
            }
        }
        if (slot != null && !slotExists(c, slot)) {
            int max = Integer.parseInt(single(c, "SHOW max_replication_slots"));
            int used = Integer.parseInt(single(c, "SELECT count(*) FROM pg_replication_slots"));
            if (used >= max) {
                throw notReady(where + " has no free replication slot (" + used + " of max_replication_slots=" + max
                        + " are taken): raise max_replication_slots and restart, or drop an unused slot");
            }
        }
        return resolved;
    }

    /**
     * Drops a job's slot and publication (both named {@code slot}) where they exist.
     *
     * @throws SQLException {@code 55006} while a run still streams from the slot
     */
    static void drop(Connection c, String slot) throws SQLException {
        c.setAutoCommit(true);
        if (slotExists(c, slot)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
                ps.setString(1, slot);
                ps.execute();
            }
        }
        try (Statement st = c.createStatement()) {
            // the name is ds_ and letters, digits and underscores only (CdcSource.slotName)
            st.execute("DROP PUBLICATION IF EXISTS " + slot);
        }
    }

    static boolean slotExists(Connection c, String slot) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static ConnectorException notReady(String message) {
        return new ConnectorException(SyncErrorCode.CDC_SOURCE_NOT_READY, message, null);
    }
}
