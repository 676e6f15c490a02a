package io.datasync.sync.quality;

import io.datasync.kit.inbox.InboundEvents;
import io.datasync.kit.outbox.Outbox;
import io.datasync.kit.quality.QualityGate;
import io.datasync.models.event.EventCodec;
import io.datasync.models.event.EventEnvelope;
import io.datasync.models.event.SyncCommand;
import io.datasync.models.event.SyncEvent;
import io.datasync.models.event.Topics;
import io.datasync.models.job.QualitySpec;
import io.datasync.models.quality.ReplayRow;
import io.datasync.models.quality.Violation;
import io.datasync.sync.config.JobCatalog;
import io.datasync.sync.config.ResolvedJob;
import io.datasync.sync.connector.spi.Checkpoint;
import io.datasync.sync.connector.spi.Chunk;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.Position;
import io.datasync.sync.connector.spi.Schema;
import io.datasync.sync.connector.spi.SyncErrorCode;
import io.datasync.sync.run.PlanFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes fixed quarantined rows into their job's target ({@link SyncCommand.QuarantineReplayRequested} from
 * quality-service): each row is converted back to the column types of the job's gated rows, passes the job's current
 * quality rule set again (a fresh session: cleansing, then every check), and the rows it accepts are written with the
 * job's sink in one transaction with a checkpoint of the replay. The result goes back as a {@link
 * SyncEvent.QuarantineReplayed}: the ids written, and for each refused id why.
 *
 * <p>Idempotent: a command delivered again finds the replay's checkpoint in the target and writes nothing more (it
 * answers the same result again); rows go in with the job's write mode, so an upsert job holds each key once even if a
 * row was written by an earlier replay.
 */
@Component
class QuarantineReplayer {

    private static final Logger log = LoggerFactory.getLogger(QuarantineReplayer.class);
    private static final String SPLIT = "replay";

    private final JobCatalog jobs;
    private final PlanFactory plans;
    private final QualityGates gates;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final EventCodec codec;

    QuarantineReplayer(
            JobCatalog jobs,
            PlanFactory plans,
            QualityGates gates,
            Outbox outbox,
            TransactionTemplate transactions,
            EventCodec codec) {
        this.jobs = jobs;
        this.plans = plans;
        this.gates = gates;
        this.outbox = outbox;
        this.transactions = transactions;
        this.codec = codec;
    }

    @KafkaListener(topics = Topics.SYNC_COMMANDS, groupId = "sync-service-quarantine-replays")
    void onCommand(ConsumerRecord<String, String> record) {
        Optional<EventEnvelope> read = InboundEvents.read(codec, record);
        if (read.isPresent() && read.get().data() instanceof SyncCommand.QuarantineReplayRequested replay) {
            SyncEvent.QuarantineReplayed result;
            try {
                result = replay(replay);
            } catch (ConnectorException e) {
                log.warn("Replay {} of job {} failed: {} {}", replay.runId(), replay.jobId(), e.code(), e.getMessage());
                result = new SyncEvent.QuarantineReplayed(
                        replay.jobId(), replay.runId(), List.of(), Map.of(), e.code(), e.getMessage());
            } catch (RuntimeException e) {
                log.warn("Replay {} of job {} failed", replay.runId(), replay.jobId(), e);
                result = new SyncEvent.QuarantineReplayed(
                        replay.jobId(),
                        replay.runId(),
                        List.of(),
                        Map.of(),
                        SyncErrorCode.INTERNAL.code(),
                        String.valueOf(e.getMessage()));
            }
            SyncEvent.QuarantineReplayed answer = result;
            transactions.executeWithoutResult(status -> outbox.append(answer));
        }
    }

    SyncEvent.QuarantineReplayed replay(SyncCommand.QuarantineReplayRequested command) {
        ResolvedJob job = jobs.resolve(command.jobId(), null);
        QualitySpec quality = job.definition().quality();
        if (quality.ruleSet() == null) {
            throw new ConnectorException(
                    SyncErrorCode.QUALITY_RULES_INVALID,
                    "job " + job.name() + " has no quality rule set any more, so its rows cannot pass the gate again",
                    null);
        }
        if (job.definition().target().writeMode() == io.datasync.models.job.WriteMode.OVERWRITE) {
            throw new ConnectorException(
                    SyncErrorCode.QUALITY_RULES_INVALID,
                    "job " + job.name() + " overwrites its target with each run, so replayed rows would replace the"
                            + " whole table: fix the rows at the source and run the job again",
                    null);
        }
        QualityRulesCache.Loaded rules = gates.ruleSet(quality);
        PlanFactory.Replay target = plans.replay(job, command.runId());
        try (var sink = target.sink()) {
            Schema schema = target.rows();
            QualityGates.Compiled compiled = QualityGates.compile(rules, schema, gates.settings(job, quality));
            QualityGate gate = compiled.gate();
            Map<String, String> refused = new LinkedHashMap<>();
            List<Object[]> rows = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (ReplayRow row : command.rows()) {
                try {
                    rows.add(RowValues.fromJson(schema, row.row()));
                    ids.add(row.id());
                } catch (IllegalArgumentException e) {
                    refused.put(row.id(), e.getMessage());
                }
            }
            QualityGate.Outcome outcome = gate.newSession().apply(rows);
            for (QualityGate.Rejected rejected : outcome.rejected()) {
                refused.put(
                        ids.get(rejected.inputRow()),
                        rejected.violations().stream()
                                .map(QuarantineReplayer::describe)
                                .collect(Collectors.joining("; ")));
            }
            List<String> written = new ArrayList<>();
            for (int index : outcome.inputRows()) {
                written.add(ids.get(index));
            }
            Schema outputSchema = compiled.output();
            sink.prepare(outputSchema);
            if (sink.checkpoint(target.checkpointKey(), SPLIT).isEmpty()
                    && !outcome.accepted().isEmpty()) {
                Chunk chunk =
                        new Chunk(outputSchema, outcome.accepted(), new Position(Map.of("replay", command.runId())), 0);
                sink.write(chunk, new Checkpoint(target.checkpointKey(), SPLIT, chunk.position(), written.size()));
            }
            log.info(
                    "Replay {} of job {}: {} rows written, {} refused again",
                    command.runId(),
                    job.name(),
                    written.size(),
                    refused.size());
            return new SyncEvent.QuarantineReplayed(command.jobId(), command.runId(), written, refused, null, null);
        }
    }

    private static String describe(Violation v) {
        return v.check() + ": " + v.reason();
    }
}
