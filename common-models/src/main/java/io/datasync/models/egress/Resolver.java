package io.datasync.models.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves a host name to every address it has, the way the connector's client will when it connects. The kit's
 * implementation asks the JVM ({@code InetAddress.getAllByName}); tests pass a stub. Never called for IP literals.
 */
@FunctionalInterface
public interface Resolver {

    /**
     * @return every address of the host, never empty
     * @throws UnknownHostException when the name does not resolve
     */
    List<InetAddress> resolve(String host) throws UnknownHostException;
}
