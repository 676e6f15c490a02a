package io.datasync.sync.connector.spi;

/** Returning leases, which never fail the run that held them. */
public final class Leases {

    private Leases() {}

    public static void release(AutoCloseable lease) {
        try {
            lease.close();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(Leases.class).warn("Returning a client lease failed: {}", e.getMessage());
        }
    }
}
