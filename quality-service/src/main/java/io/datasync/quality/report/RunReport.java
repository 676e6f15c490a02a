package io.datasync.quality.report;

import io.datasync.models.quality.CheckTally;
import io.datasync.models.quality.QualityTally;
import io.datasync.quality.anomaly.AnomalyRepository;
import io.datasync.quality.run.PostLoadRepository;
import io.datasync.quality.run.QualityScore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A run's quality report: what the gate did with its rows, check by check, its score, the post-load checks and the
 * anomalies found in its metrics.
 *
 * @param outcome {@code completed}, {@code failed} or {@code cancelled} (a stopped stream); null while the run has not
 *     ended
 * @param score null when the run has no chunk tallies
 */
public record RunReport(
        String jobId,
        String runId,
        Long jobVersion,
        String ruleSet,
        Long ruleSetVersion,
        String outcome,
        Instant endedAt,
        int chunks,
        Totals totals,
        List<CheckLine> checks,
        QualityScore score,
        List<PostLoadRepository.PostLoadCheck> postLoad,
        List<AnomalyRepository.Anomaly> anomalies) {

    public RunReport {
        checks = checks == null ? List.of() : List.copyOf(checks);
        postLoad = postLoad == null ? List.of() : List.copyOf(postLoad);
        anomalies = anomalies == null ? List.of() : List.copyOf(anomalies);
    }

    /** The gate's row counts of the run. */
    public record Totals(
            long rowsIn,
            long rowsPassed,
            long rowsWarned,
            long rowsDropped,
            long rowsQuarantined,
            long rowsDeduplicated,
            long rowsAccepted) {

        static Totals of(QualityTally tally) {
            return new Totals(
                    tally.rowsIn(),
                    tally.rowsPassed(),
                    tally.rowsWarned(),
                    tally.rowsDropped(),
                    tally.rowsQuarantined(),
                    tally.rowsDeduplicated(),
                    tally.rowsAccepted());
        }
    }

    /**
     * One check's result over the run.
     *
     * @param rate violations per evaluated row, 0 when it evaluated none
     */
    public record CheckLine(
            String name, String dimension, String severity, long evaluated, long violations, double rate) {

        static CheckLine of(String name, CheckTally tally) {
            return new CheckLine(
                    name,
                    tally.dimension().toString(),
                    tally.severity().toString(),
                    tally.evaluated(),
                    tally.violations(),
                    RunReport.rate(tally));
        }
    }

    /** Each check's line, in rule set order. */
    static List<CheckLine> lines(QualityTally tally) {
        List<CheckLine> lines = new ArrayList<>();
        for (Map.Entry<String, CheckTally> check : tally.checks().entrySet()) {
            lines.add(CheckLine.of(check.getKey(), check.getValue()));
        }
        return lines;
    }

    static double rate(CheckTally tally) {
        return tally.evaluated() == 0 ? 0 : (double) tally.violations() / tally.evaluated();
    }
}
