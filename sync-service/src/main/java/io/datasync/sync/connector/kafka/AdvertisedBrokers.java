package io.datasync.sync.connector.kafka;

import io.datasync.kit.egress.EgressGuard;
import io.datasync.sync.connector.spi.Egress;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;

/**
 * The egress check of the brokers a cluster advertises. A Kafka client connects to the bootstrap servers only to learn
 * the cluster's brokers, then to those brokers' advertised addresses: a cluster the user controls could advertise an
 * address the policy denies (the platform's own broker, an internal service), and the bootstrap check alone would let
 * the job read and write there. So the readers and the sink check every broker of the partitions they use, from the
 * client's metadata, before they fetch or send, and again whenever the metadata names a broker not checked yet.
 *
 * <p>What this cannot see: a broker that changes its advertised address between a check and the client's next
 * connection, and the group coordinator's address (a consumer learns it inside {@code poll}); both are only ever
 * reached with Kafka's own protocol. Thread-safe.
 */
final class AdvertisedBrokers {

    private final EgressGuard guard;
    /** host:port of the brokers checked and allowed so far (a new address is checked, with its name resolved, once). */
    private final Set<String> allowed = new HashSet<>();

    /** @param guard the egress policy; null for a cluster the platform trusts (its own, which the push intake reads) */
    AdvertisedBrokers(EgressGuard guard) {
        this.guard = guard;
    }

    /** No check: the platform's own cluster. */
    static AdvertisedBrokers trusted() {
        return new AdvertisedBrokers(null);
    }

    /**
     * Checks the leaders and replicas of these partitions.
     *
     * @throws io.datasync.sync.connector.spi.ConnectorException {@code SYNC-015} when the policy denies one, naming it
     */
    void checkPartitions(Collection<PartitionInfo> partitions) {
        if (guard == null || partitions == null) {
            return;
        }
        Set<Node> nodes = new LinkedHashSet<>();
        for (PartitionInfo p : partitions) {
            add(nodes, p.leader());
            if (p.replicas() != null) {
                for (Node n : p.replicas()) {
                    add(nodes, n);
                }
            }
        }
        check(nodes);
    }

    /** Checks these brokers (e.g. a cluster description). */
    synchronized void check(Collection<Node> nodes) {
        if (guard == null) {
            return;
        }
        Set<String> unchecked = new LinkedHashSet<>();
        for (Node node : nodes) {
            if (node != null && !node.isEmpty()) {
                String hostPort = hostPort(node);
                if (!allowed.contains(hostPort)) {
                    unchecked.add(hostPort);
                }
            }
        }
        if (unchecked.isEmpty()) {
            return;
        }
        String list = String.join(",", unchecked);
        Egress.check(
                guard, g -> g.checkHostPorts(list, KafkaClients.DEFAULT_PORT, "Kafka broker the cluster advertises"));
        allowed.addAll(unchecked);
    }

    private static void add(Set<Node> nodes, Node node) {
        if (node != null && !node.isEmpty()) {
            nodes.add(node);
        }
    }

    /** {@code host:port}, an IPv6 literal in brackets. */
    static String hostPort(Node node) {
        String host = node.host();
        return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + node.port();
    }
}
