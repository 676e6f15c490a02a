package io.datasync.models.egress;

import java.net.URI;
import java.net.UnknownHostException;

/**
 * What a connection setting reaches, declared on the setting itself ({@code Option.reaches}), so config-service at
 * save, the connection test and the connectors all apply the same policy to the same settings without switching on
 * the kind.
 */
public sealed interface EgressTarget {

    /**
     * The policy's decision on a setting's value.
     *
     * @param resolver null to decide without DNS (literals and localhost decided, other names pass)
     * @throws UnknownHostException when a name does not resolve (a connection failure, not a refusal)
     */
    EgressDecision decide(EgressPolicy policy, String value, Resolver resolver) throws UnknownHostException;

    /** A JDBC URL: its properties, hosts and database. */
    record Jdbc() implements EgressTarget {
        @Override
        public EgressDecision decide(EgressPolicy policy, String value, Resolver resolver) throws UnknownHostException {
            return resolver == null ? policy.decideJdbcUrl(value) : policy.decideJdbcUrl(value, resolver);
        }
    }

    /** The base URL of an HTTP API. */
    record Http() implements EgressTarget {
        @Override
        public EgressDecision decide(EgressPolicy policy, String value, Resolver resolver) throws UnknownHostException {
            URI uri = URI.create(value);
            return resolver == null ? policy.decideHttpUrl(uri) : policy.decideHttpUrl(uri, resolver);
        }
    }

    /** A base directory of files, checked lexically here and by its real path where the files are read. */
    record FileRoot() implements EgressTarget {
        @Override
        public EgressDecision decide(EgressPolicy policy, String value, Resolver resolver) {
            return policy.decideFileRoot(value);
        }
    }

    /** A comma-separated {@code host:port} list, e.g. Kafka's bootstrap servers. */
    record HostPorts(int defaultPort, String what) implements EgressTarget {
        @Override
        public EgressDecision decide(EgressPolicy policy, String value, Resolver resolver) throws UnknownHostException {
            return policy.decideHostPorts(value, defaultPort, what, resolver);
        }
    }

    /** A broker URI ({@code tcp://broker:1883}, {@code redis://cache:6379}). */
    record BrokerUri(int defaultPort, String what) implements EgressTarget {
        @Override
        public EgressDecision decide(EgressPolicy policy, String value, Resolver resolver) throws UnknownHostException {
            return policy.decideUri(URI.create(value), defaultPort, what, resolver);
        }
    }
}
