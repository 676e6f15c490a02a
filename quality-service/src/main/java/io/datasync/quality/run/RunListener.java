package io.datasync.quality.run;

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
 * Follows what the gate reports per chunk and how runs end. Each event is applied once: its id goes into the inbox in
 * the same transaction as its effect, and the effect itself is keyed (chunk, run, check), so even the same facts sent
 * again under a new id change nothing.
 */
@Component
class RunListener {

    static final String CONSUMER = "quality-runs";

    private final QualityRunRepository runs;
    private final ChunkRepository chunks;
    private final PostLoadRepository postLoad;
    private final RunFinalizer finalizer;
    private final QualityMeters meters;
    private final Inbox inbox;
    private final TransactionTemplate transactions;
    private final EventCodec codec;
    private final Clock clock;

    RunListener(
            QualityRunRepository runs,
            ChunkRepository chunks,
            PostLoadRepository postLoad,
            RunFinalizer finalizer,
            QualityMeters meters,
            Inbox inbox,
            TransactionTemplate transactions,
            EventCodec codec,
            Clock clock) {
        this.runs = runs;
        this.chunks = chunks;
        this.postLoad = postLoad;
        this.finalizer = finalizer;
        this.meters = meters;
        this.inbox = inbox;
        this.transactions = transactions;
        this.codec = codec;
        this.clock = clock;
    }

    @KafkaListener(
            topics = {Topics.QUALITY_EVENTS, Topics.SYNC_EVENTS},
            groupId = "${datasync.quality.consumer-group:quality-service}-runs")
    void onEvent(ConsumerRecord<String, String> record) {
        Optional<EventEnvelope> read = InboundEvents.read(codec, record);
        if (read.isEmpty()) {
            return;
        }
        EventEnvelope envelope = read.get();
        Runnable effect = effect(envelope);
        if (effect == null) {
            return;
        }
        inbox.once(transactions, CONSUMER, envelope.id(), effect);
    }

    private Runnable effect(EventEnvelope envelope) {
        if (envelope.data() instanceof QualityEvent.ChunkChecked chunk && chunk.part() == 0) {
            return () -> chunkChecked(chunk);
        }
        if (envelope.data() instanceof QualityEvent.PostLoadChecked checked) {
            return () -> postLoad.upsert(checked, envelope.time());
        }
        if (envelope.data() instanceof SyncEvent.RunCompleted completed) {
            return () -> runEnded(new QualityRunRepository.RunEnd(
                    completed.jobId(),
                    completed.runId(),
                    "completed",
                    completed.rowsRead(),
                    completed.durationMs(),
                    null,
                    envelope.time()));
        }
        if (envelope.data() instanceof SyncEvent.RunFailed failed) {
            return () -> runEnded(new QualityRunRepository.RunEnd(
                    failed.jobId(),
                    failed.runId(),
                    // a stopped run (a stream runs until stopped) ends with SYNC-020 but did not fail
                    "SYNC-020".equals(failed.errorCode()) ? "cancelled" : "failed",
                    null,
                    null,
                    failed.errorCode(),
                    envelope.time()));
        }
        return null;
    }

    private void runEnded(QualityRunRepository.RunEnd end) {
        runs.serialize(end.runId());
        finalizer.runEnded(end);
    }

    private void chunkChecked(QualityEvent.ChunkChecked chunk) {
        runs.serialize(chunk.runId());
        if (!chunks.insert(chunk, clock.instant())) {
            return;
        }
        meters.chunkChecked(chunk.jobId(), chunk.tally());
        if (chunk.replayId() == null || chunk.replayId().isEmpty()) {
            finalizer.chunkStored(chunk.runId());
        }
    }
}
