package io.datasync.config.audit;

import io.datasync.kit.inbox.Inbox;
import io.datasync.models.event.AuditEvent.AuditRecorded;
import io.datasync.models.event.EventCodec;
import io.datasync.models.event.EventEnvelope;
import io.datasync.models.event.Topics;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores the {@code AuditRecorded} events of the other services in the audit log. A redelivered event is stored once:
 * the inbox remembers its id in the same transaction as the row (and the row's {@code event_id} is unique besides).
 */
@Component
class AuditEventListener {

    static final String CONSUMER = "config-service-audit";

    private static final Logger log = LoggerFactory.getLogger(AuditEventListener.class);

    private final AuditLog auditLog;
    private final Inbox inbox;
    private final TransactionTemplate transactions;
    private final EventCodec codec;

    AuditEventListener(AuditLog auditLog, Inbox inbox, TransactionTemplate transactions, EventCodec codec) {
        this.auditLog = auditLog;
        this.inbox = inbox;
        this.transactions = transactions;
        this.codec = codec;
    }

    @KafkaListener(topics = Topics.AUDIT, groupId = "${datasync.config.audit.consumer-group:" + CONSUMER + "}")
    void onEvent(ConsumerRecord<String, String> record) {
        Optional<EventEnvelope> read = read(record);
        if (read.isEmpty() || !(read.get().data() instanceof AuditRecorded event)) {
            return;
        }
        String eventId = read.get().id();
        UUID id;
        try {
            id = UUID.fromString(eventId);
        } catch (IllegalArgumentException e) {
            log.warn(
                    "Skipping an audit event whose id '{}' is no UUID (from {})",
                    eventId,
                    read.get().source());
            return;
        }
        transactions.executeWithoutResult(status -> {
            if (inbox.firstDelivery(CONSUMER, eventId)) {
                auditLog.add(new AuditLog.NewEntry(
                        event.occurredAt(),
                        event.service(),
                        event.actor(),
                        event.actorRole(),
                        event.via(),
                        event.apiKeyId(),
                        event.action(),
                        event.resourceType(),
                        event.resourceId(),
                        event.method(),
                        event.path(),
                        null,
                        null,
                        event.correlationId(),
                        id));
            }
        });
    }

    /** The envelope; empty (logged) for a malformed record, which no redelivery could make readable. */
    private Optional<EventEnvelope> read(ConsumerRecord<String, String> record) {
        try {
            return codec.fromJson(record.value());
        } catch (EventCodec.EventFormatException e) {
            log.warn(
                    "Skipping a malformed audit event at {}-{}@{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
            return Optional.empty();
        }
    }
}
