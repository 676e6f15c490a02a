package io.datasync.scheduler.schedule;

import io.datasync.kit.inbox.InboundEvents;
import io.datasync.kit.inbox.Inbox;
import io.datasync.models.event.ChangeKind;
import io.datasync.models.event.ConfigChange;
import io.datasync.models.event.EventCodec;
import io.datasync.models.event.EventEnvelope;
import io.datasync.models.event.Topics;
import io.datasync.scheduler.job.JobCatalog;
import io.datasync.scheduler.job.JobPlan;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates, changes and removes schedules as jobs change in config-service. The event only names the job, so its
 * current schedule is fetched; the job's revision in the answer makes an older answer lose to a newer one whatever
 * order they arrive in. The change is applied once per event id through the inbox. When config-service does not
 * answer, the listener throws and Kafka redelivers until it does.
 */
@Component
class JobChangeListener {

    static final String CONSUMER = "scheduler-job-changes";
    private static final Logger log = LoggerFactory.getLogger(JobChangeListener.class);

    private final JobCatalog catalog;
    private final ScheduleService schedules;
    private final Inbox inbox;
    private final TransactionTemplate transactions;
    private final EventCodec codec;

    JobChangeListener(
            JobCatalog catalog,
            ScheduleService schedules,
            Inbox inbox,
            TransactionTemplate transactions,
            EventCodec codec) {
        this.catalog = catalog;
        this.schedules = schedules;
        this.inbox = inbox;
        this.transactions = transactions;
        this.codec = codec;
    }

    @KafkaListener(topics = Topics.CONFIG_CHANGES, groupId = "${datasync.scheduler.consumer-group:scheduler-service}")
    void onChange(ConsumerRecord<String, String> record) {
        Optional<EventEnvelope> read = InboundEvents.read(codec, record);
        if (read.isEmpty()) {
            return;
        }
        EventEnvelope envelope = read.get();
        if (!(envelope.data() instanceof ConfigChange.JobChanged changed)) {
            return;
        }
        // A deletion is final, so it needs no lookup; any other change is looked up, and only config-service's
        // "no such job" answer (not any 404 or 400) counts as a deletion.
        Optional<JobPlan> current =
                changed.change() == ChangeKind.DELETED ? Optional.empty() : catalog.fetch(changed.jobId());
        transactions.executeWithoutResult(status -> {
            if (inbox.firstDelivery(CONSUMER, envelope.id()) && schedules.apply(changed.jobId(), current)) {
                log.info(
                        "Job {} {} (v{}): schedule {}",
                        changed.name(),
                        changed.change(),
                        changed.version(),
                        current.map(p -> p.scheduled() ? "set" : "none").orElse("removed"));
            }
        });
    }
}
