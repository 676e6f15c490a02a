package io.datasync.sync.connector.postgres;

import static io.datasync.sync.connector.postgres.TargetTable.execute;
import static io.datasync.sync.connector.postgres.TargetTable.quote;

import io.datasync.sync.connector.spi.Schema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The shadow table an overwrite loads into, {@code <table>__datasync_load} made {@code LIKE} the target, and its swap
 * into the target's place once every split is written, so that readers see the old table or the new one, never a
 * half-loaded one.
 */
final class OverwriteSwap {

    static final String SHADOW_SUFFIX = "__datasync_load";
    static final String OLD_SUFFIX = "__datasync_old";

    private final TargetTable table;
    private final TargetTable shadow;
    private final CheckpointStore checkpoints;

    /** @param checkpoints the job's checkpoints, which belong to the shadow's rows and go when it is swapped in */
    OverwriteSwap(TargetTable table, CheckpointStore checkpoints) {
        this.table = table;
        this.shadow = table.sibling(SHADOW_SUFFIX);
        this.checkpoints = checkpoints;
    }

    /** The table the load writes to. */
    TargetTable shadow() {
        return shadow;
    }

    /**
     * Creates the shadow table, or takes up the one an interrupted load of this job left (its rows committed with the
     * job's checkpoints), emptying one that no checkpoint of the job accounts for.
     *
     * @return the shadow's oid
     */
    long prepareShadow(Connection c, Schema schema) throws SQLException {
        Long shadowOid = shadow.oid(c);
        if (shadowOid == null) {
            execute(c, "CREATE TABLE " + shadow.sql() + " (LIKE " + table.sql() + " INCLUDING ALL)");
            // Checkpoints left without their shadow belong to no rows; a fresh load must not skip anything.
            checkpoints.deleteAll(c);
            return shadow.oid(c);
        }
        shadow.checkColumns(c, shadowOid, schema);
        if (!checkpoints.any(c)) {
            // Left by another load that never finished (a failed run): none of its rows are this load's,
            // and appending to them would double every row both loads read.
            execute(c, "TRUNCATE " + shadow.sql());
        }
        return shadowOid;
    }

    /**
     * Puts the shadow in the target's place and forgets the job's checkpoints, in the caller's transaction: rename,
     * rename, drop under an {@code ACCESS EXCLUSIVE} lock. Grants, triggers and foreign keys pointing at the old table
     * are not carried over; the sequences of its serial columns are.
     */
    void swap(Connection c) throws SQLException {
        TargetTable old = table.sibling(OLD_SUFFIX);
        // Readers queue behind the lock and, once it is released, resolve the name to the new table.
        execute(c, "LOCK TABLE " + table.sql() + " IN ACCESS EXCLUSIVE MODE");
        execute(c, "ALTER TABLE " + table.sql() + " RENAME TO " + quote(old.name()));
        execute(c, "ALTER TABLE " + shadow.sql() + " RENAME TO " + quote(table.name()));
        keepOwnedSequences(c, old.sql(), table.sql());
        execute(c, "DROP TABLE " + old.sql());
        checkpoints.deleteAll(c);
    }

    /**
     * Hands the sequences of the old table's serial columns to the new table before the old one is dropped: the
     * shadow, made {@code LIKE} the old table, draws its defaults from those very sequences, and dropping their owner
     * would drop them (or, as PostgreSQL refuses that, fail the swap).
     */
    private static void keepOwnedSequences(Connection c, String oldTable, String newTable) throws SQLException {
        List<String> moves = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("SELECT s.oid::regclass::text, a.attname::text FROM pg_depend d"
                + " JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'"
                + " JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid"
                + " WHERE d.classid = 'pg_class'::regclass AND d.refobjid = ?::regclass AND d.deptype = 'a'")) {
            st.setString(1, oldTable);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    moves.add("ALTER SEQUENCE " + rs.getString(1) + " OWNED BY " + newTable + "."
                            + quote(rs.getString(2)));
                }
            }
        }
        for (String move : moves) {
            execute(c, move);
        }
    }
}
