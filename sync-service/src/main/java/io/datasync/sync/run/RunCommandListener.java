package io.datasync.sync.run;

import io.datasync.kit.inbox.Inbox;
import io.datasync.models.event.EventCodec;
import io.datasync.models.event.EventEnvelope;
import io.datasync.models.event.SyncCommand;
import io.datasync.models.event.Topics;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs and stops jobs on the scheduler's commands. Each command id is handled once (the inbox), however often Kafka
 * delivers it; a {@code RunRequested} with a run id that already exists is not started twice either.
 */
@Component
class RunCommandListener {

    private static final Logger log = LoggerFactory.getLogger(RunCommandListener.class);
    private static final String CONSUMER = "sync-service.run-commands";

    private final RunService runs;
    private final EventCodec codec;
    private final Inbox inbox;
    private final TransactionTemplate transactions;

    RunCommandListener(RunService runs, EventCodec codec, Inbox inbox, TransactionTemplate transactions) {
        this.runs = runs;
        this.codec = codec;
        this.inbox = inbox;
        this.transactions = transactions;
    }

    @KafkaListener(topics = Topics.SYNC_COMMANDS, groupId = "sync-service")
    void onCommand(ConsumerRecord<String, String> record) {
        EventEnvelope envelope;
        try {
            var read = codec.fromJson(record.value());
            if (read.isEmpty()) {
                return; // a newer command type this build does not know
            }
            envelope = read.get();
        } catch (EventCodec.EventFormatException e) {
            log.warn(
                    "Skipping a malformed command at {}-{}@{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
            return;
        }
        Boolean first = transactions.execute(s -> inbox.firstDelivery(CONSUMER, envelope.id()));
        if (!Boolean.TRUE.equals(first)) {
            return;
        }
        try {
            if (envelope.data() instanceof SyncCommand.RunRequested requested) {
                runs.start(
                        requested.jobId(),
                        requested.jobVersion() > 0 ? requested.jobVersion() : null,
                        requested.trigger(),
                        requested.taskId(),
                        requested.attempt(),
                        UUID.fromString(requested.runId()));
            } else if (envelope.data() instanceof SyncCommand.RunCancelRequested cancel) {
                runs.stop(UUID.fromString(cancel.runId()), cancel.reason());
            }
        } catch (RuntimeException e) {
            log.warn("Command {} for job {} failed: {}", envelope.type(), envelope.subject(), e.getMessage());
            if (envelope.data() instanceof SyncCommand.RunRequested requested) {
                runs.refused(requested, e); // the scheduler learns why, and whether a retry can help
            }
        }
    }
}
