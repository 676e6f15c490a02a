package io.datasync.kit.startup;

/** A service cannot start because PostgreSQL or Kafka does not answer at the configured address. */
public class DependencyUnreachableException extends RuntimeException {

    private final String dependency;
    private final String address;

    public DependencyUnreachableException(String dependency, String address, String reason, Throwable cause) {
        super(dependency + " is unreachable at " + address + ": " + reason, cause);
        this.dependency = dependency;
        this.address = address;
    }

    /** {@code PostgreSQL} or {@code Kafka}. */
    public String dependency() {
        return dependency;
    }

    /** The URL or bootstrap servers that were tried. */
    public String address() {
        return address;
    }
}
