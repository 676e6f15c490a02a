package io.datasync.kit.test;

import io.datasync.kit.KitProperties;
import io.datasync.kit.inbox.Inbox;
import io.datasync.kit.outbox.Outbox;
import io.datasync.kit.outbox.OutboxRelay;
import io.datasync.kit.outbox.OutboxRepository;
import io.datasync.models.event.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Base of every service integration test: the service started for real on a random port against the local
 * PostgreSQL (its own {@code <database>_it} database) and an in-JVM KRaft Kafka broker. All subclasses share one
 * Spring context per service, so a service's feature ITs extend this class and start it once.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
            "spring.datasource.url=jdbc:postgresql://${DATASYNC_DB_HOST:127.0.0.1}:${DATASYNC_DB_PORT:5432}/${datasync.service.database}_it",
            "datasync.service.outbox.batch-size=10",
            "datasync.security.identity-secret=" + ServiceHttp.TEST_IDENTITY_SECRET,
            // the ITs use published test secrets and the passwordless local PostgreSQL: a local run by definition
            "datasync.security.mode=local",
            "datasync.service.outbox.poll-interval=200ms"
        })
@EmbeddedKafka(partitions = 1)
public abstract class ServiceTestSupport {

    @LocalServerPort
    protected int port;

    @Value("${spring.embedded.kafka.brokers}")
    protected String brokers;

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    protected KitProperties properties;

    @Autowired
    protected Outbox outbox;

    @Autowired
    protected OutboxRelay relay;

    @Autowired
    protected OutboxRepository outboxRepository;

    @Autowired
    protected Inbox inbox;

    @Autowired
    protected TransactionTemplate transactions;

    @Autowired
    protected KafkaTemplate<String, String> kafkaTemplate;

    protected ServiceHttp http;

    @BeforeEach
    void httpClient() {
        http = ServiceHttp.throughGateway("http://127.0.0.1:" + port, ServiceHttp.TEST_IDENTITY_SECRET);
    }

    /** How many times each of the given event ids is on the probe topic. */
    protected Map<String, Integer> deliveries(Set<String> ids) {
        return deliveries(Topics.PLATFORM_PROBES, ids);
    }

    /** How many times each of the given event ids is on {@code topic}. */
    protected Map<String, Integer> deliveries(String topic, Set<String> ids) {
        Map<String, Integer> counts = new HashMap<>();
        events(topic, ids).forEach(e -> counts.merge(e.id(), 1, Integer::sum));
        return counts;
    }

    /**
     * An event as it is on Kafka: its envelope id (header {@code ce_id}), its JSON value and the correlation id it
     * carries (header {@code X-Correlation-Id}; null when none).
     */
    public record Delivered(String id, String json, String correlationId) {}

    /** Every copy of the given event ids on {@code topic}, read from the beginning, in partition order. */
    protected List<Delivered> events(String topic, Set<String> ids) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<Delivered> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    String id = OutboxRelay.idOf(record);
                    if (ids.contains(id)) {
                        var correlation = record.headers().lastHeader(OutboxRelay.CORRELATION_HEADER);
                        found.add(new Delivered(
                                id,
                                record.value(),
                                correlation == null
                                        ? null
                                        : new String(correlation.value(), java.nio.charset.StandardCharsets.UTF_8)));
                    }
                }
            }
        }
        return found;
    }
}
