package io.datasync.quality.anomaly;

import java.util.List;
import java.util.Optional;

/**
 * The hook an anomaly detector implements: given the series of a job's metric up to now, says whether the newest
 * point is anomalous. Every bean implementing it is asked (in {@code @Order}); the first finding is recorded, stored
 * and published as {@code QualityAnomalyDetected}. With no bean, nothing is ever anomalous.
 *
 * <p>Called on a Kafka listener thread inside the transaction that stores the point, once per new point; it must be
 * thread-safe, quick and free of I/O. An exception is logged and counts as "not anomalous".
 *
 * <p>Metric names: {@code row_count}, {@code rejection_rate}, {@code duration_ms} and {@code null_ratio.<column>}
 * (see {@code io.datasync.quality.run.RunMetrics}).
 */
@FunctionalInterface
public interface AnomalyCheck {

    /**
     * @param jobId the job whose series it is
     * @param metric the metric's name
     * @param history the job's earlier points of this metric, oldest first (at most {@link #HISTORY} of them)
     * @param latest the new point
     * @return a finding when {@code latest} is anomalous; empty otherwise
     */
    Optional<Finding> check(String jobId, String metric, List<MetricPoint> history, MetricPoint latest);

    /** How many earlier points a check is given at most. */
    int HISTORY = 100;

    /**
     * Why a point is anomalous.
     *
     * @param expected what the series led one to expect
     * @param deviation how far off the point is, in the detector's unit (e.g. standard deviations)
     * @param message in words an operator can act on
     */
    record Finding(double expected, double deviation, String message) {
        public Finding {
            message = message == null ? "" : message;
        }
    }
}
