package io.datasync.models.event;

import io.datasync.models.quality.QualityTally;
import io.datasync.models.quality.QuarantinedRow;
import java.util.List;

/**
 * Quality facts on {@link Topics#QUALITY_EVENTS}: rule set changes and results from quality-service, and the gate's
 * per-chunk results from sync-service. The subject is the job's id, or the rule set's for a rule set change.
 */
public sealed interface QualityEvent extends EventPayload {

    /** The job the event is about; null for a rule set change. */
    String jobId();

    @Override
    default String subject() {
        return jobId();
    }

    /** A quality rule set was created, saved as a new version, or deleted; the gate reloads it on its next use. */
    record QualityRulesChanged(String ruleSetId, String name, long version, ChangeKind change) implements QualityEvent {
        public QualityRulesChanged {
            Require.text(ruleSetId, "ruleSetId");
            Require.text(name, "name");
            Require.present(change, "change");
        }

        @Override
        public String jobId() {
            return null;
        }

        @Override
        public String subject() {
            return ruleSetId;
        }
    }

    /**
     * What the quality gate did with one chunk of a run (sync-service → quality-service). A chunk's quarantined rows
     * may come in several parts (to keep each event small); the tally comes with part 0 only. The same chunk handled
     * twice (a run resumed after a crash before the chunk's commit) sends the same {@code chunkId} and row ids again,
     * and quality-service keeps one copy.
     *
     * @param chunkId the chunk within the run, e.g. its split and position
     * @param ruleSetVersion the version of the rule set the gate ran
     * @param replayId for rows replayed from the quarantine, the replay's id; null for a run's own chunks
     */
    record ChunkChecked(
            String jobId,
            String runId,
            long jobVersion,
            String ruleSet,
            long ruleSetVersion,
            String chunkId,
            int part,
            int parts,
            QualityTally tally,
            List<QuarantinedRow> quarantined,
            String replayId)
            implements QualityEvent {
        public ChunkChecked {
            Require.text(jobId, "jobId");
            Require.text(runId, "runId");
            Require.text(ruleSet, "ruleSet");
            Require.text(chunkId, "chunkId");
            if (part < 0 || parts < 1 || part >= parts) {
                throw new IllegalArgumentException("part " + part + " of " + parts + " is not a part");
            }
            if (part == 0) {
                Require.present(tally, "tally");
            }
            quarantined = quarantined == null ? List.of() : List.copyOf(quarantined);
        }
    }

    /**
     * Post-load checks of a run, pushed down as SQL on the target (sync-service → quality-service).
     *
     * @param rows the rows in the target table when checked
     */
    record PostLoadChecked(
            String jobId,
            String runId,
            String ruleSet,
            long ruleSetVersion,
            String table,
            long rows,
            List<PostLoadResult> results)
            implements QualityEvent {
        public PostLoadChecked {
            Require.text(jobId, "jobId");
            Require.text(runId, "runId");
            Require.text(ruleSet, "ruleSet");
            results = results == null ? List.of() : List.copyOf(results);
        }
    }

    /**
     * One post-load check: the SQL it ran and what it counted; {@code error} when the check could not run on the
     * target (the others still did).
     */
    record PostLoadResult(
            String check,
            String dimension,
            String severity,
            String sql,
            long evaluated,
            long violations,
            String error) {
        public PostLoadResult {
            Require.text(check, "check");
        }
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
