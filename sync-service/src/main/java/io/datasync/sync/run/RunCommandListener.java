package io.datasync.sync.run;

import io.datasync.kit.inbox.InboundEvents;
import io.datasync.models.event.EventCodec;
import io.datasync.models.event.EventEnvelope;
import io.datasync.models.event.SyncCommand;
import io.datasync.models.event.Topics;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Runs and stops jobs on the scheduler's commands. Both are idempotent by run id, so a redelivered command changes
 * nothing: a {@code RunRequested} whose run exists is not started again, and stopping a finished run is a no-op. A
 * crash between receiving a command and committing its offset only redelivers it.
 */
@Component
class RunCommandListener {

    private static final Logger log = LoggerFactory.getLogger(RunCommandListener.class);

    private final RunService runs;
    private final EventCodec codec;

    RunCommandListener(RunService runs, EventCodec codec) {
        this.runs = runs;
        this.codec = codec;
    }

    @KafkaListener(topics = Topics.SYNC_COMMANDS, groupId = "sync-service")
    void onCommand(ConsumerRecord<String, String> record) {
        Optional<EventEnvelope> read = InboundEvents.read(codec, record);
        if (read.isEmpty()) {
            return; // a newer command type this build does not know, or a malformed one (logged)
        }
        EventEnvelope envelope = read.get();
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
