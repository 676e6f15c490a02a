package io.datasync.kit.outbox;

import io.datasync.kit.KitProperties;
import io.datasync.kit.correlation.Correlation;
import io.datasync.models.event.EventCodec;
import io.datasync.models.event.EventEnvelope;
import io.datasync.models.event.EventPayload;
import java.time.Clock;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Records an event in the caller's transaction. The event is published if and only if that transaction commits, so a
 * state change and its event are never separated. The event keeps the correlation id of the work that appended it
 * (the request, command or event being handled on this thread), and the relay sends it along as a record header.
 */
public class Outbox {

    /** Largest event accepted, well below Kafka's default 1 MB record limit. */
    public static final int MAX_EVENT_CHARS = 256 * 1024;

    private final OutboxRepository repository;
    private final EventCodec codec;
    private final KitProperties properties;
    private final Clock clock;
    private final Runnable wakeRelay;

    public Outbox(
            OutboxRepository repository, EventCodec codec, KitProperties properties, Clock clock, Runnable wakeRelay) {
        this.repository = repository;
        this.codec = codec;
        this.properties = properties;
        this.clock = clock;
        this.wakeRelay = wakeRelay;
    }

    /**
     * Adds an event to the outbox. Must run inside a transaction (the one changing the state the event describes);
     * the relay is woken right after that transaction commits.
     *
     * @return the envelope as it will be published, with its id
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public EventEnvelope append(EventPayload payload) {
        EventEnvelope envelope = EventEnvelope.of(properties.eventSource(), payload, clock);
        String json = codec.toJson(envelope);
        if (json.length() > MAX_EVENT_CHARS) {
            // Kafka refuses records over 1 MB; refusing here keeps one oversized event from blocking the relay.
            throw new IllegalArgumentException("event " + envelope.type() + " is " + json.length()
                    + " characters; events must stay under " + MAX_EVENT_CHARS + ": carry ids, not data");
        }
        String correlationId = Correlation.current();
        repository.insert(
                envelope.id(),
                envelope.topic(),
                envelope.subject(),
                envelope.type(),
                json,
                envelope.time(),
                Correlation.valid(correlationId) ? correlationId : null);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                wakeRelay.run();
            }
        });
        return envelope;
    }
}
