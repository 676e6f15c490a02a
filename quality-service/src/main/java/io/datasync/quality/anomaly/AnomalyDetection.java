package io.datasync.quality.anomaly;

import io.datasync.kit.outbox.Outbox;
import io.datasync.models.event.QualityEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores a run's metric points and asks the {@link AnomalyCheck}s about each new one; an anomaly is stored and its
 * {@link QualityEvent.QualityAnomalyDetected} appended in the caller's transaction. A point seen before (a re-sent run
 * end) is not checked again.
 */
@Service
public class AnomalyDetection {

    private static final Logger log = LoggerFactory.getLogger(AnomalyDetection.class);

    private final MetricPointRepository points;
    private final AnomalyRepository anomalies;
    private final ObjectProvider<AnomalyCheck> checks;
    private final Outbox outbox;
    private final Clock clock;

    public AnomalyDetection(
            MetricPointRepository points,
            AnomalyRepository anomalies,
            ObjectProvider<AnomalyCheck> checks,
            Outbox outbox,
            Clock clock) {
        this.points = points;
        this.anomalies = anomalies;
        this.checks = checks;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Records a run's points (metric name to value), observed at {@code at}. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(String jobId, String runId, Instant at, Map<String, Double> values) {
        values.forEach((metric, value) -> {
            if (!Double.isFinite(value)) {
                return;
            }
            MetricPoint point = new MetricPoint(runId, at, value);
            if (!points.insert(jobId, metric, point)) {
                return;
            }
            List<MetricPoint> history = points.history(jobId, metric, runId, AnomalyCheck.HISTORY);
            find(jobId, metric, history, point).ifPresent(finding -> flag(jobId, metric, point, finding));
        });
    }

    private Optional<AnomalyCheck.Finding> find(
            String jobId, String metric, List<MetricPoint> history, MetricPoint point) {
        for (AnomalyCheck check : checks.orderedStream().toList()) {
            try {
                Optional<AnomalyCheck.Finding> finding = check.check(jobId, metric, history, point);
                if (finding != null && finding.isPresent()) {
                    return finding;
                }
            } catch (RuntimeException e) {
                log.warn(
                        "Anomaly check {} failed on {} of job {} (run {}); counted as not anomalous",
                        check.getClass().getSimpleName(),
                        metric,
                        jobId,
                        point.runId(),
                        e);
            }
        }
        return Optional.empty();
    }

    private void flag(String jobId, String metric, MetricPoint point, AnomalyCheck.Finding finding) {
        AnomalyRepository.Anomaly anomaly = new AnomalyRepository.Anomaly(
                UUID.randomUUID(),
                jobId,
                point.runId(),
                metric,
                point.value(),
                finding.expected(),
                finding.deviation(),
                finding.message(),
                clock.instant());
        if (anomalies.insert(anomaly)) {
            log.info("Anomaly in {} of job {} (run {}): {}", metric, jobId, point.runId(), finding.message());
            outbox.append(new QualityEvent.QualityAnomalyDetected(
                    jobId, metric, point.value(), finding.expected(), finding.deviation(), finding.message()));
        }
    }
}
