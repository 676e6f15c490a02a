package io.datasync.quality.run;

import io.datasync.models.quality.QualityTally;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The gate's results as Micrometer meters: {@code datasync_quality_checks_evaluated_total} and {@code
 * datasync_quality_violations_total} per job, check and severity, and {@code datasync_quality_score} per job (its last
 * scored run). Counts are added when the transaction storing them commits, so a rolled-back chunk is never counted.
 */
@Component
public class QualityMeters {

    private final MeterRegistry registry;
    private final Map<String, AtomicReference<Double>> scores = new ConcurrentHashMap<>();

    public QualityMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts a newly stored chunk tally. */
    public void chunkChecked(String jobId, QualityTally tally) {
        afterCommit(() -> tally.checks().forEach((check, counts) -> {
            String severity = counts.severity().toString();
            Counter.builder("datasync.quality.checks.evaluated")
                    .description("Rows each quality check looked at")
                    .tags("job", jobId, "check", check, "severity", severity)
                    .register(registry)
                    .increment(counts.evaluated());
            Counter.builder("datasync.quality.violations")
                    .description("Rows that broke a quality check")
                    .tags("job", jobId, "check", check, "severity", severity)
                    .register(registry)
                    .increment(counts.violations());
        }));
    }

    /** Sets a job's last score. */
    public void scored(String jobId, double score) {
        afterCommit(() -> scores.computeIfAbsent(jobId, job -> {
                    AtomicReference<Double> last = new AtomicReference<>(score);
                    Gauge.builder("datasync.quality.score", last, AtomicReference::get)
                            .description("Quality score (0-100) of the job's last scored run")
                            .tag("job", job)
                            .register(registry);
                    return last;
                })
                .set(score));
    }

    private static void afterCommit(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }
}
