package io.datasync.sync.connector.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datasync.sync.connector.records.PayloadFormat;
import io.datasync.sync.connector.spi.InvalidOptionsException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The MQTT source's options: defaults, shared filters, and refusals naming the field. */
class MqttSourceOptionsTest {

    private static final List<Map<String, String>> COLUMNS = List.of(Map.of("name", "id"));

    @Test
    void defaultsAndTheSharedFilters() {
        MqttSourceOptions options =
                MqttSourceOptions.parse(Map.of("topics", List.of("a/+/b", "c/#"), "columns", COLUMNS));
        assertThat(options.qos()).isEqualTo(1);
        assertThat(options.sessionExpiry()).isEqualTo(Duration.ofSeconds(3600));
        assertThat(options.format()).isEqualTo(PayloadFormat.JSON);
        assertThat(options.sharedFilters("j1")).containsExactly("$share/datasync-j1/a/+/b", "$share/datasync-j1/c/#");
        assertThat(MqttSourceOptions.parse(
                                Map.of("topics", List.of("t"), "columns", COLUMNS, "sharedGroup", "g", "qos", 2))
                        .sharedFilters("j1"))
                .containsExactly("$share/g/t");
    }

    @Test
    void topicsAndColumnsAreRequired() {
        assertThatThrownBy(() -> MqttSourceOptions.parse(Map.of()))
                .isInstanceOf(InvalidOptionsException.class)
                .hasMessageContaining("/source/options/topics: is required")
                .hasMessageContaining("/source/options/columns: are required");
    }

    @Test
    void badFiltersQosAndGroupsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> MqttSourceOptions.parse(Map.of(
                        "topics",
                        List.of("$share/g/t", "a/#/b", "a+/b"),
                        "columns",
                        COLUMNS,
                        "qos",
                        0,
                        "sharedGroup",
                        "a/b")))
                .isInstanceOf(InvalidOptionsException.class)
                .hasMessageContaining("/source/options/topics/0: names a shared subscription itself")
                .hasMessageContaining("/source/options/topics/1: '#' must be a whole level and the last one")
                .hasMessageContaining("/source/options/topics/2: '+' must be a whole level")
                .hasMessageContaining("/source/options/qos: must be between 1 and 2")
                .hasMessageContaining("/source/options/sharedGroup");
    }

    @Test
    void twoBadFiltersAreTwoProblemsNotAThirdForTheirDuplicateNull() {
        assertThatThrownBy(() -> MqttSourceOptions.parse(Map.of("topics", List.of("a+", "b+"), "columns", COLUMNS)))
                .isInstanceOfSatisfying(
                        InvalidOptionsException.class,
                        e -> assertThat(e.errors())
                                .extracting(io.datasync.models.problem.FieldError::pointer)
                                .containsExactly("/source/options/topics/0", "/source/options/topics/1"));
        assertThatThrownBy(() -> MqttSourceOptions.parse(Map.of("topics", List.of("a/b", "a/b"), "columns", COLUMNS)))
                .hasMessageContaining("names 'a/b' twice");
    }

    @Test
    void clientIdsAreStablePerJobAndMember() {
        assertThat(MqttStreamReader.clientId("5f1c2e7a-0000-4000-8000-000000000001", "pod-0"))
                .isEqualTo("ds-5f1c2e7a-pod-0")
                .isEqualTo(MqttStreamReader.clientId("5f1c2e7a-0000-4000-8000-000000000001", "pod-0"));
        assertThat(MqttStreamReader.clientId("j", "host:pid 42")).isEqualTo("ds-j-host_pid_42");
    }

    @Test
    void userPropertiesBecomeOneJsonObject() {
        org.eclipse.paho.mqttv5.common.packet.MqttProperties properties =
                new org.eclipse.paho.mqttv5.common.packet.MqttProperties();
        assertThat(MqttStreamReader.properties(properties)).isNull();
        properties.setUserProperties(List.of(
                new org.eclipse.paho.mqttv5.common.packet.UserProperty("ts", "1"),
                new org.eclipse.paho.mqttv5.common.packet.UserProperty("site", "a\"b")));
        assertThat(MqttStreamReader.properties(properties)).isEqualTo("{\"ts\":\"1\",\"site\":\"a\\\"b\"}");
    }
}
