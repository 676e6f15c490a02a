package io.datasync.kit.startup;

/** A service cannot start because PostgreSQL or Kafka does not answer, or refuses it, at the configured address. */
public class DependencyUnreachableException extends RuntimeException {

    private final String dependency;
    private final String address;
    private final boolean refused;

    private DependencyUnreachableException(
            String dependency, String address, boolean refused, String message, Throwable cause) {
        super(message, cause);
        this.dependency = dependency;
        this.address = address;
        this.refused = refused;
    }

    /** Nothing answered at the address (down, wrong host or port, firewalled). */
    public static DependencyUnreachableException unreachable(
            String dependency, String address, String reason, Throwable cause) {
        return new DependencyUnreachableException(
                dependency, address, false, dependency + " is unreachable at " + address + ": " + reason, cause);
    }

    /** Something answered but refused the service: bad credentials or missing rights. */
    public static DependencyUnreachableException refused(
            String dependency, String address, String reason, Throwable cause) {
        return new DependencyUnreachableException(
                dependency, address, true, dependency + " at " + address + " refused the service: " + reason, cause);
    }

    /** {@code PostgreSQL} or {@code Kafka}. */
    public String dependency() {
        return dependency;
    }

    /** The URL or bootstrap servers that were tried. */
    public String address() {
        return address;
    }

    /** True when the dependency answered but refused (credentials, rights), false when it did not answer. */
    public boolean refused() {
        return refused;
    }
}
