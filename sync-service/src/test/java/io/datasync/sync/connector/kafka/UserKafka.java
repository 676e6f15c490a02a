package io.datasync.sync.connector.kafka;

import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A user's Kafka cluster for the Kafka source ITs: an in-JVM KRaft broker of its own (not the platform's) and a
 * producer for it, closed together.
 */
final class UserKafka implements AutoCloseable {

    final EmbeddedKafkaKraftBroker broker;
    final KafkaProducer<String, byte[]> producer;

    UserKafka(int partitions) {
        broker = new EmbeddedKafkaKraftBroker(1, partitions);
        broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
        // the broker also sets spring.embedded.kafka.brokers, which is how the shared Spring test contexts of later
        // ITs find their own broker: put it back, this one is gone once the class ran
        String contextBrokers = System.getProperty("spring.embedded.kafka.brokers");
        broker.afterPropertiesSet();
        if (contextBrokers == null) {
            System.clearProperty("spring.embedded.kafka.brokers");
        } else {
            System.setProperty("spring.embedded.kafka.brokers", contextBrokers);
        }
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class.getName(),
                // a topic just created may answer NOT_LEADER first: plain retries, in order, without the idempotent
                // producer's sequence checks that can loop on OUT_OF_ORDER_SEQUENCE after such a start
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                false,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                1,
                ProducerConfig.ACKS_CONFIG,
                "all"));
    }

    @Override
    public void close() {
        producer.close();
        broker.destroy();
    }
}
