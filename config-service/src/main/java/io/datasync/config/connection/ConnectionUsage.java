package io.datasync.config.connection;

import java.util.List;

/** Which live jobs name a connection, so a connection in use is not deleted from under them. */
@FunctionalInterface
public interface ConnectionUsage {

    /** The names of the live jobs whose current version reads from or writes to {@code connectionName}. */
    List<String> jobsUsing(String connectionName);
}
