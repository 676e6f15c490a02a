package io.datasync.sync.run;

import io.datasync.kit.inbox.InboundEvents;
import io.datasync.models.event.ChangeKind;
import io.datasync.models.event.ConfigChange;
import io.datasync.models.event.EventCodec;
import io.datasync.models.event.EventEnvelope;
import io.datasync.models.event.Topics;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Stops the runs of a job config-service deleted ({@code JobChanged} {@code DELETED} on {@link Topics#CONFIG_CHANGES}):
 * a stream run would otherwise run on, holding its thread and reading its source, for a job nobody can see or stop any
 * more; a change-log job's replication slot is dropped after ({@link ChangeLogs}). Idempotent (stopping an ended run
 * changes nothing, a dropped slot is not dropped again), so a redelivered event needs no inbox.
 */
@Component
class JobDeletionListener {

    private static final Logger log = LoggerFactory.getLogger(JobDeletionListener.class);

    private final RunService runs;
    private final EventCodec codec;
    private final ChangeLogs changeLogs;

    JobDeletionListener(RunService runs, EventCodec codec, ChangeLogs changeLogs) {
        this.runs = runs;
        this.codec = codec;
        this.changeLogs = changeLogs;
    }

    @KafkaListener(topics = Topics.CONFIG_CHANGES, groupId = "sync-service-job-changes")
    void onChange(ConsumerRecord<String, String> record) {
        Optional<EventEnvelope> read = InboundEvents.read(codec, record);
        if (read.isPresent()
                && read.get().data() instanceof ConfigChange.JobChanged changed
                && changed.change() == ChangeKind.DELETED) {
            List<UUID> stopped = runs.stopAll(changed.jobId(), "the job was deleted");
            if (!stopped.isEmpty()) {
                log.info("Job {} ({}) was deleted: stopping its runs {}", changed.name(), changed.jobId(), stopped);
            }
            changeLogs.jobDeleted(changed.jobId());
        }
    }
}
