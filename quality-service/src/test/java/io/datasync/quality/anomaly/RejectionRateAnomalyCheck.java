package io.datasync.quality.anomaly;

import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * A stand-in detector for the ITs (picked up by the service's component scan from the test classpath, so every IT
 * keeps one Spring context): a rejection rate over one half is anomalous for jobs named {@code anomalous-…}.
 */
@Component
class RejectionRateAnomalyCheck implements AnomalyCheck {

    static final String JOB_PREFIX = "anomalous-";

    @Override
    public Optional<Finding> check(String jobId, String metric, List<MetricPoint> history, MetricPoint latest) {
        if (!jobId.startsWith(JOB_PREFIX) || !metric.equals("rejection_rate") || latest.value() <= 0.5) {
            return Optional.empty();
        }
        double expected =
                history.stream().mapToDouble(MetricPoint::value).average().orElse(0);
        return Optional.of(new Finding(
                expected, latest.value() - expected, "rejection rate " + latest.value() + " after " + history.size()));
    }
}
