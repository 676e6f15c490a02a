package io.datasync.system.suite;

import static io.datasync.system.suite.Suite.single;

import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * What the streaming system tests share: the user's Kafka broker (an in-JVM KRaft broker: the platform's broker on
 * 9092 is off limits to jobs by the local egress policy), a producer for it, the message every test sends and the
 * target's row count.
 */
final class StreamFixtures {

    private StreamFixtures() {}

    /** A one-node KRaft broker with 4 partitions per topic, rebalancing at once. */
    static EmbeddedKafkaKraftBroker userKafka() {
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 4);
        kafka.brokerProperty("group.initial.rebalance.delay.ms", "0");
        kafka.afterPropertiesSet();
        return kafka;
    }

    /** An {@code acks=all} producer of string keys and values. */
    static KafkaProducer<String, String> producer(EmbeddedKafkaKraftBroker kafka) {
        return producer(kafka.getBrokersAsString());
    }

    /** An {@code acks=all} producer of string keys and values to the brokers at {@code bootstrap}. */
    static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                5));
    }

    /** Message {@code i}: the row {@code (i, 'name-' || i, i * 7 % 1000)} as JSON. */
    static String json(long i) {
        return "{\"id\":" + i + ",\"name\":\"name-" + i + "\",\"amount\":" + (i * 7 % 1000) + "}";
    }

    /** The columns of that row, as a job declares them. */
    static final String COLUMNS = "[{name: id, type: bigint}, {name: name, type: text}, {name: amount, type: bigint}]";

    /** Stops the runs still live among these: a stream runs until stopped, so one a failed test left running. */
    static void stopLive(java.util.List<String> runs) throws Exception {
        for (String runId : runs) {
            if (Suite.runField(runId, "state").matches("RUNNING|PAUSED")) {
                Suite.send("POST", "/api/sync/runs/" + runId + "/stop", "", "application/json");
            }
        }
    }

    /** The rows in the target table {@code public.events} so far; 0 before the job created it. */
    static long rows(String db) throws Exception {
        if ("0"
                .equals(single(
                        db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = 'events'"))) {
            return 0;
        }
        return Long.parseLong(single(db, "SELECT count(*) FROM events"));
    }
}
