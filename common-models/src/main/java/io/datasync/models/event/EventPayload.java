package io.datasync.models.event;

/**
 * The data of an event. Each domain has one sealed family of records; {@link EventType} maps every record to its
 * versioned type name and its topic.
 */
public sealed interface EventPayload
        permits SyncCommand, SyncEvent, ConfigChange, QualityEvent, MonitoringAlert, AuditEvent, EventPayload.Probe {

    /** The id of the thing the event is about (the envelope's {@code subject}, and the Kafka key). */
    String subject();

    /**
     * A diagnostic event a service publishes about itself (e.g. to prove its outbox reaches Kafka); it changes no
     * state anywhere.
     */
    record Probe(String service, String note) implements EventPayload {
        public Probe {
            Require.text(service, "service");
            note = note == null ? "" : note;
        }

        @Override
        public String subject() {
            return service;
        }
    }
}
