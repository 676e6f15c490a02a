package io.datasync.quality.anomaly;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The anomaly detection of per-run metrics: an EWMA z-score until two weeks of runs are known, then additive
 * Holt-Winters with a weekly season ({@link AnomalyDetector}), on each job's series of row counts, durations,
 * rejection rates and null ratios. Ratios (rejection rate, null ratio per column) must also move by at least one
 * percentage point to count, so a column that is almost never null does not raise an alarm over one null.
 */
@Component
@Order(0)
class SeriesAnomalyCheck implements AnomalyCheck {

    private final AnomalyDetector counts = new AnomalyDetector(DetectorSettings.defaults());
    private final AnomalyDetector ratios = new AnomalyDetector(
            DetectorSettings.defaults().toBuilder().minAbsoluteChange(0.01).build());

    @Override
    public Optional<Finding> check(String jobId, String metric, List<MetricPoint> history, MetricPoint latest) {
        List<Point> series = new ArrayList<>(history.size());
        history.forEach(p -> series.add(new Point(p.observedAt(), p.value())));
        boolean ratio = metric.equals("rejection_rate") || metric.startsWith("null_ratio");
        Verdict verdict = (ratio ? ratios : counts).detect(series, new Point(latest.observedAt(), latest.value()));
        if (!verdict.anomalous()) {
            return Optional.empty();
        }
        return Optional.of(new Finding(
                verdict.expected(),
                verdict.score(),
                String.format(
                        Locale.ROOT,
                        "%s was %s where %s was expected (%+.1f%%, %s score %.1f over %d earlier runs)",
                        metric,
                        show(verdict.observed()),
                        show(verdict.expected()),
                        100 * verdict.deviation(),
                        verdict.method().id(),
                        verdict.score(),
                        history.size())));
    }

    private static String show(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? String.valueOf((long) value)
                : String.format(Locale.ROOT, "%.4g", value);
    }
}
