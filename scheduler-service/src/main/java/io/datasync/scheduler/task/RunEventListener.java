package io.datasync.scheduler.task;

import io.datasync.kit.inbox.InboundEvents;
import io.datasync.kit.inbox.Inbox;
import io.datasync.models.event.EventCodec;
import io.datasync.models.event.EventEnvelope;
import io.datasync.models.event.SyncEvent;
import io.datasync.models.event.Topics;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Follows the sync engine's run events. Each event is applied once: its id goes into the inbox in the same
 * transaction as the task's change, so a redelivery (after a crash, or the relay sending twice) changes nothing.
 */
@Component
class RunEventListener {

    static final String CONSUMER = "scheduler-run-events";

    private final RunOutcomes outcomes;
    private final Inbox inbox;
    private final TransactionTemplate transactions;
    private final EventCodec codec;

    RunEventListener(RunOutcomes outcomes, Inbox inbox, TransactionTemplate transactions, EventCodec codec) {
        this.outcomes = outcomes;
        this.inbox = inbox;
        this.transactions = transactions;
        this.codec = codec;
    }

    @KafkaListener(topics = Topics.SYNC_EVENTS, groupId = "${datasync.scheduler.consumer-group:scheduler-service}")
    void onEvent(ConsumerRecord<String, String> record) {
        Optional<EventEnvelope> read = InboundEvents.read(codec, record);
        if (read.isEmpty()) {
            return;
        }
        EventEnvelope envelope = read.get();
        if (!(envelope.data() instanceof SyncEvent event) || event instanceof SyncEvent.RunProgress) {
            return;
        }
        inbox.once(transactions, CONSUMER, envelope.id(), () -> outcomes.apply(event));
    }
}
