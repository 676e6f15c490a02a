package io.datasync.config.connection;

import java.util.List;
import java.util.Map;

/** Which live jobs name a connection, so a connection in use is not deleted or changed from under them. */
public interface ConnectionUsage {

    /** The names of the live jobs whose current version reads from or writes to {@code connectionName}. */
    List<String> jobsUsing(String connectionName);

    /**
     * How many connections each live job using {@code connectionName} needs at once (its split parallelism, else 1),
     * by job name.
     */
    Map<String, Integer> connectionsNeeded(String connectionName);
}
