package io.datasync.models.event;

/** Quality results published by quality-service on {@link Topics#QUALITY_EVENTS}. */
public sealed interface QualityEvent extends EventPayload {

    String jobId();

    @Override
    default String subject() {
        return jobId();
    }

    /** One check of a run's rows against a rule set; {@code score} is in [0, 100]. */
    record QualityChecked(
            String jobId,
            String runId,
            String ruleSet,
            long rowsChecked,
            long rowsPassed,
            long rowsQuarantined,
            double score)
            implements QualityEvent {
        public QualityChecked {
            Require.text(jobId, "jobId");
            Require.notNegative(rowsChecked, "rowsChecked");
            if (score < 0 || score > 100) {
                throw new IllegalArgumentException("score must be within [0, 100], was " + score);
            }
        }
    }

    record QualityAnomalyDetected(
            String jobId, String metric, double observed, double expected, double deviation, String message)
            implements QualityEvent {
        public QualityAnomalyDetected {
            Require.text(jobId, "jobId");
            Require.text(metric, "metric");
            message = message == null ? "" : message;
        }
    }
}
