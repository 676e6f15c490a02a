package io.datasync.quality.report;

import io.datasync.kit.web.ApiException;
import io.datasync.models.quality.QualityTally;
import io.datasync.quality.anomaly.AnomalyRepository;
import io.datasync.quality.rules.RuleSetService;
import io.datasync.quality.run.ChunkRepository;
import io.datasync.quality.run.PostLoadRepository;
import io.datasync.quality.run.QualityRunRepository;
import io.datasync.quality.run.QualityScore;
import io.datasync.quality.run.RunTotals;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** Assembles run reports, trends and run lists from what the run feature stored. */
@Service
public class ReportService {

    /** One scored run of a job's trend. */
    public record TrendPoint(String runId, Instant time, double score, long rowsIn, Map<String, Double> checks) {}

    /** One line of a job's recent runs. */
    public record RunLine(
            String runId,
            String outcome,
            Instant endedAt,
            String ruleSet,
            Long ruleSetVersion,
            Long rowsIn,
            Long rowsAccepted,
            Long rowsQuarantined,
            Double score) {}

    private final ChunkRepository chunks;
    private final QualityRunRepository runs;
    private final PostLoadRepository postLoad;
    private final AnomalyRepository anomalies;
    private final RuleSetService ruleSets;

    public ReportService(
            ChunkRepository chunks,
            QualityRunRepository runs,
            PostLoadRepository postLoad,
            AnomalyRepository anomalies,
            RuleSetService ruleSets) {
        this.chunks = chunks;
        this.runs = runs;
        this.postLoad = postLoad;
        this.anomalies = anomalies;
        this.ruleSets = ruleSets;
    }

    /**
     * The report of a run, also while it is still going (then scored from the chunks so far).
     *
     * @throws ApiException 404 when nothing is known about the run
     */
    public RunReport report(String runId) {
        Optional<QualityRunRepository.QualityRun> run = runs.find(runId);
        Optional<RunTotals> totals = RunTotals.of(chunks.ofRun(runId));
        List<PostLoadRepository.PostLoadCheck> postLoadChecks = postLoad.ofRun(runId);
        if (run.isEmpty() && totals.isEmpty() && postLoadChecks.isEmpty()) {
            throw ApiException.notFound("quality report of run", runId);
        }
        QualityScore score = run.filter(QualityRunRepository.QualityRun::scored)
                .map(QualityRunRepository.QualityRun::score)
                .orElseGet(() -> totals.map(
                                t -> QualityScore.of(t.totals(), ruleSets.weights(t.ruleSet(), t.ruleSetVersion())))
                        .orElse(null));
        return assemble(runId, run.orElse(null), totals.orElse(null), score, postLoadChecks, anomalies.ofRun(runId));
    }

    /** A report from its parts; any may be missing but the run id. */
    static RunReport assemble(
            String runId,
            QualityRunRepository.QualityRun run,
            RunTotals totals,
            QualityScore score,
            List<PostLoadRepository.PostLoadCheck> postLoadChecks,
            List<AnomalyRepository.Anomaly> runAnomalies) {
        QualityTally tally = totals == null ? QualityTally.EMPTY : totals.totals();
        PostLoadRepository.PostLoadCheck firstPostLoad = postLoadChecks.isEmpty() ? null : postLoadChecks.get(0);
        String jobId = run != null
                ? run.end().jobId()
                : totals != null
                        ? totals.jobId()
                        : runAnomalies.isEmpty() ? null : runAnomalies.get(0).jobId();
        String ruleSet = totals != null ? totals.ruleSet() : firstPostLoad == null ? null : firstPostLoad.ruleSet();
        Long ruleSetVersion = totals != null
                ? Long.valueOf(totals.ruleSetVersion())
                : firstPostLoad == null ? null : firstPostLoad.ruleSetVersion();
        return new RunReport(
                jobId,
                runId,
                totals == null ? null : totals.jobVersion(),
                ruleSet,
                ruleSetVersion,
                run == null ? null : run.end().outcome(),
                run == null ? null : run.end().endedAt(),
                totals == null ? 0 : totals.chunks(),
                RunReport.Totals.of(tally),
                RunReport.lines(tally),
                score,
                postLoadChecks,
                runAnomalies);
    }

    /** A job's last {@code limit} scored runs, oldest first. */
    public List<TrendPoint> trend(String jobId, int limit) {
        return runs.scoredTrend(jobId, limit).stream()
                .map(run -> {
                    Map<String, Double> rates = new LinkedHashMap<>();
                    QualityTally tally = run.totals() == null ? QualityTally.EMPTY : run.totals();
                    tally.checks().forEach((name, check) -> rates.put(name, RunReport.rate(check)));
                    return new TrendPoint(
                            run.end().runId(), run.end().endedAt(), run.score().overall(), tally.rowsIn(), rates);
                })
                .toList();
    }

    /** A job's last {@code limit} ended runs, newest first. */
    public List<RunLine> runs(String jobId, int limit) {
        if (jobId.isBlank()) {
            return List.of();
        }
        return runs.recent(jobId, limit).stream()
                .map(run -> new RunLine(
                        run.end().runId(),
                        run.end().outcome(),
                        run.end().endedAt(),
                        run.ruleSet(),
                        run.ruleSetVersion(),
                        run.totals() == null ? null : run.totals().rowsIn(),
                        run.totals() == null ? null : run.totals().rowsAccepted(),
                        run.totals() == null ? null : run.totals().rowsQuarantined(),
                        run.scored() ? run.score().overall() : null))
                .toList();
    }
}
