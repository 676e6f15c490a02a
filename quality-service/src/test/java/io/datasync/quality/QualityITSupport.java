package io.datasync.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.datasync.kit.test.ServiceTestSupport;
import io.datasync.models.event.EventCodec;
import io.datasync.models.event.EventEnvelope;
import io.datasync.models.event.EventPayload;
import io.datasync.models.event.EventType;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What quality-service's feature ITs share: events sent to Kafka as another service would send them, the events this
 * service appended to its outbox, and JSON helpers. Same Spring context as every other IT of the service.
 */
public abstract class QualityITSupport extends ServiceTestSupport {

    /** The service token of the ITs (src/test/resources/application.properties). */
    protected static final String INTERNAL_TOKEN = "it-quality-internal-token-3b7e";

    protected static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    protected EventCodec codec;

    protected static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    protected static JsonNode body(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Publishes an event as {@code source} would, in a fresh envelope; returns the envelope. */
    protected EventEnvelope send(EventPayload payload) {
        EventEnvelope envelope = EventEnvelope.of("/datasync/sync-service", payload, Clock.systemUTC());
        send(envelope);
        return envelope;
    }

    /** Publishes an envelope (again); Kafka delivers it as a redelivery would. */
    protected void send(EventEnvelope envelope) {
        try {
            kafkaTemplate
                    .send(envelope.topic(), envelope.subject(), codec.toJson(envelope))
                    .get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish the test event", e);
        }
    }

    /** Ids of the events of a type this service appended to its outbox about {@code subject}. */
    protected List<String> appended(EventType type, String subject) {
        return jdbc.queryForList(
                "SELECT id::text FROM outbox_event WHERE type = ? AND message_key = ? ORDER BY seq",
                String.class,
                type.typeName(),
                subject);
    }

    /** The data of each event of a type about {@code subject} as it is on Kafka (once relayed), in order. */
    protected List<JsonNode> published(EventType type, String subject) {
        Set<String> ids = new HashSet<>(appended(type, subject));
        return events(type.topic(), ids).stream()
                .map(delivered -> JSON.readTree(delivered.json()).get("data"))
                .toList();
    }

    protected static void assertStatus(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    }
}
