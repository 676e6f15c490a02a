package io.datasync.quality.quarantine;

import io.datasync.kit.inbox.InboundEvents;
import io.datasync.kit.inbox.Inbox;
import io.datasync.models.event.EventCodec;
import io.datasync.models.event.EventEnvelope;
import io.datasync.models.event.QualityEvent;
import io.datasync.models.event.SyncEvent;
import io.datasync.models.event.Topics;
import java.time.Clock;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores the rows the gate quarantined and applies the sync engine's replay answers. Each event is applied once
 * through the inbox; rows are keyed by their stable ids besides, so a chunk sent again stores nothing new.
 */
@Component
class QuarantineListener {

    static final String CONSUMER = "quality-quarantine";

    private final QuarantineRepository repository;
    private final ReplayService replays;
    private final Inbox inbox;
    private final TransactionTemplate transactions;
    private final EventCodec codec;
    private final Clock clock;

    QuarantineListener(
            QuarantineRepository repository,
            ReplayService replays,
            Inbox inbox,
            TransactionTemplate transactions,
            EventCodec codec,
            Clock clock) {
        this.repository = repository;
        this.replays = replays;
        this.inbox = inbox;
        this.transactions = transactions;
        this.codec = codec;
        this.clock = clock;
    }

    @KafkaListener(
            topics = {Topics.QUALITY_EVENTS, Topics.SYNC_EVENTS},
            groupId = "${datasync.quality.consumer-group:quality-service}-quarantine")
    void onEvent(ConsumerRecord<String, String> record) {
        Optional<EventEnvelope> read = InboundEvents.read(codec, record);
        if (read.isEmpty()) {
            return;
        }
        EventEnvelope envelope = read.get();
        Runnable effect;
        if (envelope.data() instanceof QualityEvent.ChunkChecked chunk
                && !chunk.quarantined().isEmpty()) {
            effect = () -> repository.insert(chunk, clock.instant());
        } else if (envelope.data() instanceof SyncEvent.QuarantineReplayed answer) {
            effect = () -> replays.replayed(answer);
        } else {
            return;
        }
        inbox.once(transactions, CONSUMER, envelope.id(), effect);
    }
}
