package io.datasync.sync.connector.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.kit.egress.EgressGuard;
import io.datasync.models.egress.EgressPolicy;
import io.datasync.models.egress.JdbcPolicy;
import io.datasync.models.egress.NetworkPolicy;
import io.datasync.models.egress.NetworkRule;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.SyncErrorCode;
import java.util.List;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.junit.jupiter.api.Test;

/**
 * The brokers a user's cluster advertises are checked like its bootstrap servers: a cluster bootstrapped at an allowed
 * address cannot lead a job to the platform's own broker. Pure decisions on literal addresses: nothing connects.
 */
class AdvertisedBrokersTest {

    /** The local run's policy: loopback allowed, but never the platform's Kafka (9092-9093). */
    private static final EgressGuard LOCAL_RUN = new EgressGuard(new EgressPolicy(
            List.of("/"),
            new NetworkPolicy(true, false, List.of(), List.of(NetworkRule.parse("loopback:9092-9093"))),
            JdbcPolicy.DEFAULT));

    @Test
    void aPartitionLedByADeniedBrokerIsRefusedNamingItsAdvertisedAddress() {
        AdvertisedBrokers brokers = new AdvertisedBrokers(LOCAL_RUN);
        Node allowed = new Node(1, "127.0.0.1", 39092);
        Node platform = new Node(2, "127.0.0.1", 9092);

        brokers.checkPartitions(
                List.of(new PartitionInfo("t", 0, allowed, new Node[] {allowed}, new Node[] {allowed})));
        assertThatThrownBy(() -> brokers.checkPartitions(
                        List.of(new PartitionInfo("t", 1, platform, new Node[] {platform}, new Node[] {platform}))))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(SyncErrorCode.EGRESS_REFUSED);
                    assertThat(e.retriable()).isFalse();
                    assertThat(e.getMessage())
                            .contains("Kafka broker the cluster advertises")
                            .contains("127.0.0.1:9092")
                            .contains("loopback:9092-9093");
                });
        assertThatThrownBy(() -> brokers.check(List.of(new Node(3, "::1", 9093))))
                .isInstanceOf(ConnectorException.class)
                .hasMessageContaining("9093");
    }

    @Test
    void aReplicaOnADeniedBrokerIsRefusedToo() {
        Node allowed = new Node(1, "127.0.0.1", 39092);
        Node platform = new Node(2, "127.0.0.1", 9093);
        assertThatThrownBy(() -> new AdvertisedBrokers(LOCAL_RUN)
                        .checkPartitions(List.of(
                                new PartitionInfo("t", 0, allowed, new Node[] {allowed, platform}, new Node[0]))))
                .isInstanceOf(ConnectorException.class);
    }

    @Test
    void thePlatformsOwnClusterAndPartitionsWithoutALeaderPass() {
        AdvertisedBrokers.trusted().check(List.of(new Node(1, "127.0.0.1", 9092)));
        new AdvertisedBrokers(LOCAL_RUN)
                .checkPartitions(List.of(new PartitionInfo("t", 0, Node.noNode(), new Node[0], new Node[0])));
        assertThat(AdvertisedBrokers.hostPort(new Node(1, "::1", 19092))).isEqualTo("[::1]:19092");
    }
}
