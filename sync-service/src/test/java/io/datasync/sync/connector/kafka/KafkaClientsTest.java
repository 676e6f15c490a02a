package io.datasync.sync.connector.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.sync.connector.spi.ConnectionSpec;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.SyncErrorCode;
import io.datasync.sync.connector.spi.TestEgress;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {

    private static final ConnectionSpec SASL = ConnectionSpec.unsaved(
            "kafka",
            Map.of(
                    "bootstrapServers", "127.0.0.1:9092",
                    "securityProtocol", "SASL_SSL",
                    "saslMechanism", "SCRAM-SHA-512",
                    "saslUsername", "reader",
                    "saslPassword", "pa\"ss\\word"));

    @Test
    void theConsumerSharesTheConnectionsSecurityWithTheAdminClient() {
        Map<String, Object> consumer = KafkaClients.consumer(SASL, "datasync-job", "ds-1", 5_000);
        Map<String, Object> admin = KafkaClients.admin(SASL, 6_000);

        for (String shared :
                new String[] {"bootstrap.servers", "security.protocol", "sasl.mechanism", "sasl.jaas.config"}) {
            assertThat(consumer.get(shared)).as(shared).isNotNull().isEqualTo(admin.get(shared));
        }
        assertThat((String) consumer.get("sasl.jaas.config"))
                .startsWith("org.apache.kafka.common.security.scram.ScramLoginModule required")
                .contains("password=\"pa\\\"ss\\\\word\";");
    }

    @Test
    void theConsumerNeverCommitsByItselfAndReadsOnlyCommittedTransactions() {
        Map<String, Object> consumer = KafkaClients.consumer(SASL, "datasync-job", "ds-1", 5_000);

        assertThat(consumer)
                .containsEntry("group.id", "datasync-job")
                .containsEntry("group.instance.id", "ds-1")
                .containsEntry("enable.auto.commit", false)
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("max.poll.records", 5_000)
                .containsEntry("fetch.max.bytes", 16 * 1024 * 1024)
                .containsEntry("max.partition.fetch.bytes", 1024 * 1024)
                .containsEntry("max.poll.interval.ms", 600_000)
                .containsEntry(
                        "partition.assignment.strategy", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
    }

    @Test
    void aMemberIdWithAPortBecomesALegalGroupInstanceId() {
        Map<String, Object> consumer = KafkaClients.consumer(SASL, "datasync-job", "host-1.example:8082", 5_000);

        assertThat(consumer)
                .containsEntry("group.instance.id", "host-1.example_8082")
                .containsEntry("client.id", "datasync-host-1.example_8082");
        assertThat(KafkaClients.instanceId("x".repeat(300))).hasSize(249);
    }

    @Test
    void plaintextHasNoSaslSettings() {
        Map<String, Object> config =
                KafkaClients.common(ConnectionSpec.unsaved("kafka", Map.of("bootstrapServers", "127.0.0.1:9092")));

        assertThat(config).containsEntry("security.protocol", "PLAINTEXT").doesNotContainKeys("sasl.jaas.config");
    }

    @Test
    void theEgressPolicyIsCheckedBeforeASourceConnects() {
        var connector = new KafkaConnector(TestEgress.LOOPBACK, null);
        var spec = new io.datasync.models.job.SourceSpec(
                io.datasync.models.job.SourceType.KAFKA,
                "kafka",
                null,
                null,
                null,
                null,
                Map.of("topics", java.util.List.of("t"), "columns", java.util.List.of(Map.of("name", "id"))));
        var outside = ConnectionSpec.unsaved("kafka", Map.of("bootstrapServers", "10.1.2.3:9092"));

        assertThatThrownBy(() ->
                        connector.source(new io.datasync.sync.connector.spi.SourceContext(outside, spec, Map.of())))
                .isInstanceOf(ConnectorException.class)
                .extracting(e -> ((ConnectorException) e).errorCode())
                .isEqualTo(SyncErrorCode.EGRESS_REFUSED);
    }

    @Test
    void memberIdsBecomeValidGroupInstanceIds() {
        Map<String, Object> consumer = KafkaClients.consumer(SASL, "datasync-job", "vm:8082", 5_000);
        assertThat(consumer.get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)).isEqualTo("vm_8082");
        assertThat(consumer.get(ConsumerConfig.CLIENT_ID_CONFIG)).isEqualTo("datasync-vm_8082");
        assertThat(KafkaClients.instanceId("sync-1.example.com_a-b")).isEqualTo("sync-1.example.com_a-b");
        assertThat(KafkaClients.instanceId("host:8082/é")).isEqualTo("host_8082__");
    }
}
