package io.datasync.quality.run;

import io.datasync.kit.outbox.Outbox;
import io.datasync.models.event.QualityEvent;
import io.datasync.models.quality.QualityTally;
import io.datasync.quality.anomaly.AnomalyDetection;
import io.datasync.quality.rules.RuleSetService;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Finalizes a run's quality record when the run ends: its chunk tallies added up, scored with the weights of the rule
 * set version the gate ran, stored, and announced once as {@link QualityEvent.QualityChecked}; its metric points go to
 * anomaly detection. Chunk events and the run's end travel on different topics, so a chunk may arrive after the end:
 * it then scores the run (announcing it when it was the first) or updates the score quietly.
 */
@Service
public class RunFinalizer {

    private final ChunkRepository chunks;
    private final QualityRunRepository runs;
    private final RuleSetService ruleSets;
    private final AnomalyDetection anomalies;
    private final QualityMeters meters;
    private final Outbox outbox;
    private final Clock clock;

    public RunFinalizer(
            ChunkRepository chunks,
            QualityRunRepository runs,
            RuleSetService ruleSets,
            AnomalyDetection anomalies,
            QualityMeters meters,
            Outbox outbox,
            Clock clock) {
        this.chunks = chunks;
        this.runs = runs;
        this.ruleSets = ruleSets;
        this.anomalies = anomalies;
        this.meters = meters;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** A run ended (completed or failed); a second report of the same end changes nothing. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void runEnded(QualityRunRepository.RunEnd end) {
        if (!runs.recordEnd(end)) {
            return;
        }
        if (end.outcome().equals("completed")) {
            anomalies.record(
                    end.jobId(),
                    end.runId(),
                    end.endedAt(),
                    RunMetrics.ofRun(nonNull(end.rowsRead()), nonNull(end.durationMs())));
        }
        runs.lock(end.runId()).ifPresent(this::score);
    }

    /** A chunk of a run's own arrived; when the run has already ended, its score is brought up to date. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void chunkStored(String runId) {
        runs.lock(runId).ifPresent(this::score);
    }

    private void score(QualityRunRepository.QualityRun run) {
        String runId = run.end().runId();
        Optional<RunTotals> summed = RunTotals.of(chunks.ofRun(runId));
        if (summed.isEmpty()) {
            return;
        }
        RunTotals totals = summed.get();
        QualityScore score =
                QualityScore.of(totals.totals(), ruleSets.weights(totals.ruleSet(), totals.ruleSetVersion()));
        runs.saveScore(runId, totals, score, clock.instant());
        meters.scored(run.end().jobId(), score.overall());
        if (run.scored()) {
            return;
        }
        QualityTally tally = totals.totals();
        outbox.append(new QualityEvent.QualityChecked(
                run.end().jobId(),
                runId,
                totals.ruleSet(),
                tally.rowsIn(),
                tally.rowsAccepted(),
                tally.rowsQuarantined(),
                score.overall()));
        if (run.end().outcome().equals("completed")) {
            Map<String, Double> points = new LinkedHashMap<>(RunMetrics.ofTotals(tally));
            anomalies.record(run.end().jobId(), runId, run.end().endedAt(), points);
        }
    }

    private static long nonNull(Long value) {
        return value == null ? 0 : value;
    }
}
