package io.datasync.quality.run;

import io.datasync.models.quality.QualityTally;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The per-run metric points anomaly detection watches, by metric name. Ratios are of the rows that reached the gate;
 * a run with no rows there has no ratio points (a 0/0 would look like a perfect run).
 */
public final class RunMetrics {

    /** Rows the run read from its source. */
    public static final String ROW_COUNT = "row_count";

    /** Rows dropped or quarantined by the gate, per row that reached it. */
    public static final String REJECTION_RATE = "rejection_rate";

    /** How long the run took, in milliseconds. */
    public static final String DURATION = "duration_ms";

    /** Prefix of a column's null ratio, e.g. {@code null_ratio.email}. */
    public static final String NULL_RATIO = "null_ratio.";

    private RunMetrics() {}

    /** Points every completed run has, quality checks or not. */
    public static Map<String, Double> ofRun(long rowsRead, long durationMs) {
        Map<String, Double> points = new LinkedHashMap<>();
        points.put(ROW_COUNT, (double) rowsRead);
        points.put(DURATION, (double) durationMs);
        return points;
    }

    /** Points of the gate's totals of a run: its rejection rate and each column's null ratio. */
    public static Map<String, Double> ofTotals(QualityTally totals) {
        Map<String, Double> points = new LinkedHashMap<>();
        if (totals.rowsIn() == 0) {
            return points;
        }
        double rowsIn = totals.rowsIn();
        points.put(REJECTION_RATE, (totals.rowsDropped() + totals.rowsQuarantined()) / rowsIn);
        totals.nulls().forEach((column, nulls) -> points.put(NULL_RATIO + column, nulls / rowsIn));
        return points;
    }
}
