package io.datasync.quality.quarantine;

import io.datasync.kit.outbox.Outbox;
import io.datasync.kit.security.CurrentIdentity;
import io.datasync.kit.web.ApiException;
import io.datasync.models.event.SyncCommand;
import io.datasync.models.event.SyncEvent;
import io.datasync.models.problem.ErrorCode;
import io.datasync.models.problem.FieldError;
import io.datasync.models.quality.ReplayRow;
import io.datasync.models.security.Identity;
import io.datasync.quality.QualityJson;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Sends quarantined rows back through the gate: marks them {@code replaying} under a new replay id and appends the
 * {@link SyncCommand.QuarantineReplayRequested} commands in the same transaction; applies the sync engine's {@link
 * SyncEvent.QuarantineReplayed} answers.
 */
@Service
public class ReplayService {

    private static final Logger log = LoggerFactory.getLogger(ReplayService.class);

    /** A replay as accepted: the sync engine will answer it. */
    public record Accepted(UUID replayId, String job, int rows, int batches) {}

    /** A replay's progress: its entries by their status now. */
    public record Summary(
            UUID replayId,
            String jobId,
            int rows,
            int batches,
            String requestedBy,
            Instant requestedAt,
            Instant answeredAt,
            String errorCode,
            String error,
            Map<String, Long> statuses) {}

    private final QuarantineRepository repository;
    private final QuarantineProperties properties;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public ReplayService(
            QuarantineRepository repository,
            QuarantineProperties properties,
            Outbox outbox,
            TransactionTemplate transactions,
            Clock clock) {
        this.repository = repository;
        this.properties = properties;
        this.outbox = outbox;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Replays the named rows of a job (open ones as they are, fixed ones as fixed), or without ids all its fixed rows.
     *
     * @throws ApiException 404 naming ids the job has no entry for, 409 naming rows in another status or when there is
     *     nothing to replay
     */
    public Accepted replay(JsonNode body) {
        QuarantineRequests.ReplayRequest request = QuarantineRequests.replay(body);
        return transactions.execute(status -> {
            List<QuarantineEntry> entries = request.ids() == null
                    ? repository.lockByStatus(request.job(), QuarantineStatus.FIXED)
                    : named(request.job(), request.ids());
            if (entries.isEmpty()) {
                throw new ApiException(
                        ErrorCode.CONFLICT, "job '" + request.job() + "' has no fixed quarantined rows to replay");
            }
            UUID replayId = UUID.randomUUID();
            Instant now = clock.instant();
            List<ReplayRow> rows = entries.stream()
                    .map(e -> new ReplayRow(e.id(), row(e.fixedRow() != null ? e.fixedRow() : e.row())))
                    .toList();
            List<List<ReplayRow>> batches =
                    ReplayBatches.split(rows, properties.replayBatchSize(), ReplayBatches.MAX_CHARS);
            repository.markReplaying(entries.stream().map(QuarantineEntry::id).toList(), replayId, now);
            repository.insertReplay(new QuarantineRepository.Replay(
                    replayId,
                    request.job(),
                    rows.size(),
                    batches.size(),
                    CurrentIdentity.get().map(Identity::subject).orElse(null),
                    now,
                    null,
                    null,
                    null));
            for (List<ReplayRow> batch : batches) {
                outbox.append(new SyncCommand.QuarantineReplayRequested(request.job(), replayId.toString(), batch));
            }
            log.info("Replaying {} quarantined rows of job {} as {}", rows.size(), request.job(), replayId);
            return new Accepted(replayId, request.job(), rows.size(), batches.size());
        });
    }

    private List<QuarantineEntry> named(String job, List<String> ids) {
        List<QuarantineEntry> entries = repository.lock(job, ids);
        Set<String> found = entries.stream().map(QuarantineEntry::id).collect(Collectors.toSet());
        List<FieldError> missing = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (!found.contains(ids.get(i))) {
                missing.add(
                        new FieldError("/ids/" + i, "job '" + job + "' has no quarantine entry '" + ids.get(i) + "'"));
            }
        }
        if (!missing.isEmpty()) {
            throw new ApiException(ErrorCode.NOT_FOUND, missing.size() + " of the ids are not found", missing);
        }
        Map<String, QuarantineEntry> byId = new LinkedHashMap<>();
        entries.forEach(e -> byId.put(e.id(), e));
        List<FieldError> wrong = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            QuarantineStatus current =
                    QuarantineStatus.parse(byId.get(ids.get(i)).status());
            if (current != QuarantineStatus.OPEN && current != QuarantineStatus.FIXED) {
                wrong.add(new FieldError("/ids/" + i, "is " + current + "; only open or fixed rows can be replayed"));
            }
        }
        if (!wrong.isEmpty()) {
            throw new ApiException(
                    ErrorCode.CONFLICT, wrong.size() + " of the rows cannot be replayed in their status", wrong);
        }
        return ids.stream().map(byId::get).toList();
    }

    public Summary summary(UUID replayId) {
        QuarantineRepository.Replay replay =
                repository.findReplay(replayId).orElseThrow(() -> ApiException.notFound("replay", replayId.toString()));
        return new Summary(
                replay.id(),
                replay.jobId(),
                replay.rows(),
                replay.batches(),
                replay.requestedBy(),
                replay.requestedAt(),
                replay.answeredAt(),
                replay.errorCode(),
                replay.error(),
                repository.replayStatuses(replayId));
    }

    /**
     * Applies the sync engine's answer: written rows {@code replayed}, refused ones back to {@code open} with why, and
     * on an error the rows still replaying back to {@code fixed}. Only rows still replaying under this replay change,
     * so the same answer applied twice changes nothing.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void replayed(SyncEvent.QuarantineReplayed answer) {
        UUID replayId;
        try {
            replayId = UUID.fromString(answer.runId());
        } catch (IllegalArgumentException e) {
            log.warn("Ignoring a replay answer for '{}', which is no replay of this service", answer.runId());
            return;
        }
        Instant now = clock.instant();
        if (!answer.written().isEmpty()) {
            repository.markReplayed(replayId, answer.written(), now);
        }
        answer.refused().forEach((id, reason) -> repository.markRefused(replayId, id, reason, now));
        if (answer.errorCode() != null) {
            String error = answer.errorCode() + (answer.error() == null ? "" : ": " + answer.error());
            repository.markReplayFailed(replayId, error, now);
        }
        repository.answerReplay(replayId, answer.errorCode(), answer.error(), now);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> row(JsonNode row) {
        return QualityJson.MAPPER.treeToValue(row, LinkedHashMap.class);
    }
}
