package io.datasync.models.egress;

/** The operator settings of the egress policy, named in refusals so a message says what would allow it. */
public final class EgressSettings {

    public static final String PREFIX = "datasync.egress";
    public static final String FILE_ROOTS = PREFIX + ".file-roots";
    public static final String ALLOW_LOOPBACK = PREFIX + ".networks.allow-loopback";
    public static final String ALLOW_PRIVATE = PREFIX + ".networks.allow-private";
    public static final String ALLOW = PREFIX + ".networks.allow";
    public static final String DENY = PREFIX + ".networks.deny";
    /** Followed by the driver's key: {@code postgresql} or {@code mariadb}. */
    public static final String ALLOWED_PROPERTIES = PREFIX + ".jdbc.allowed-properties";

    public static final String PLATFORM_URL = PREFIX + ".jdbc.platform-url";

    private EgressSettings() {}
}
