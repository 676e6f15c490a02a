package io.datasync.models.event;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * The one envelope every event travels in, with CloudEvents attribute names. Consumers deduplicate on {@code id};
 * {@code subject} is also the Kafka record key, so all events of one job stay in order on one partition.
 *
 * @param id unique per event, never reused; the idempotency key for consumers
 * @param source the service that produced the event, e.g. {@code /datasync/sync-service}
 * @param type the versioned type name, see {@link EventType}
 * @param time when the state change happened (not when it was relayed)
 * @param subject the id of the job, connection, rule set or alert the event is about
 * @param data the payload; its class matches {@code type}
 */
public record EventEnvelope(String id, String source, String type, Instant time, String subject, EventPayload data) {

    /** Envelope attribute: unique event id. */
    public static final String ID = "id";
    /** Envelope attribute: producing service. */
    public static final String SOURCE = "source";
    /** Envelope attribute: versioned type name. */
    public static final String TYPE = "type";
    /** Envelope attribute: time of the state change. */
    public static final String TIME = "time";
    /** Envelope attribute: what the event is about; also the Kafka key. */
    public static final String SUBJECT = "subject";
    /** Envelope attribute: the payload. */
    public static final String DATA = "data";

    public EventEnvelope {
        Require.text(id, ID);
        Require.text(source, SOURCE);
        Require.text(type, TYPE);
        Require.present(time, TIME);
        Require.text(subject, SUBJECT);
        Require.present(data, DATA);
        EventType declared = EventType.byName(type)
                .orElseThrow(() -> new IllegalArgumentException("unknown event type '" + type + "'"));
        if (!declared.payloadClass().isInstance(data)) {
            throw new IllegalArgumentException("event type '" + type + "' carries "
                    + declared.payloadClass().getSimpleName() + ", not "
                    + data.getClass().getSimpleName());
        }
    }

    /** A new envelope for a payload, with a fresh random id, stamped with the clock's current time. */
    public static EventEnvelope of(String source, EventPayload data, Clock clock) {
        return new EventEnvelope(
                UUID.randomUUID().toString(),
                source,
                EventType.of(data).typeName(),
                clock.instant(),
                data.subject(),
                data);
    }

    public EventType eventType() {
        return EventType.byName(type).orElseThrow();
    }

    /** The topic this envelope is published on. */
    public String topic() {
        return eventType().topic();
    }
}
