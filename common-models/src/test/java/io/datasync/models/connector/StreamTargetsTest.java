package io.datasync.models.connector;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What {@code target.table} must look like when it names a Kafka topic, an MQTT topic template or a Redis key. */
class StreamTargetsTest {

    @Test
    void aKafkaTopicIsCheckedAsKafkaNamesTopics() {
        assertThat(StreamKinds.KAFKA.sink().tableCheck().problem("orders.out-v2_1"))
                .isNull();
        assertThat(StreamKinds.KAFKA.sink().tableCheck().problem("orders/out")).contains("not a Kafka topic name");
        assertThat(StreamKinds.KAFKA.sink().tableCheck().problem("..")).isNotNull();
        assertThat(StreamKinds.KAFKA.sink().tableCheck().problem("x".repeat(250)))
                .isNotNull();
    }

    @Test
    void anMqttTopicTemplateHasPlaceholdersButNoWildcards() {
        assertThat(StreamKinds.MQTT.sink().tableCheck().problem("devices/{device_id}/state"))
                .isNull();
        assertThat(StreamKinds.MQTT.sink().tableCheck().problem("devices/+/state"))
                .contains("wildcard");
        assertThat(StreamKinds.MQTT.sink().tableCheck().problem("devices/#")).contains("wildcard");
        assertThat(StreamKinds.MQTT.sink().tableCheck().problem("devices/{device id}"))
                .contains("brace that is not a {column} placeholder");
        assertThat(StreamTargets.templateColumns("a/{x}/{y_2}")).containsExactly("x", "y_2");
    }

    @Test
    void aRedisKeyTemplateAndATableNameAreCheckedByTheirKind() {
        assertThat(StreamKinds.REDIS.sink().tableCheck().problem("user:{id}")).isNull();
        assertThat(StreamKinds.REDIS.sink().tableCheck().problem("user:{id")).isNotNull();
        assertThat(JdbcKind.DESCRIPTOR.sink().tableCheck().problem("dw.orders")).isNull();
        assertThat(JdbcKind.DESCRIPTOR.sink().tableCheck().problem("orders; drop"))
                .contains("not a safe table name");
    }
}
