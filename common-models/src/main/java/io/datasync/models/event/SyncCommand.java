package io.datasync.models.event;

/** Commands sent to the sync engine on {@link Topics#SYNC_COMMANDS}. */
public sealed interface SyncCommand extends EventPayload {

    String jobId();

    String runId();

    @Override
    default String subject() {
        return jobId();
    }

    /** Start a run of a job version. {@code attempt} starts at 1; retries send the same task id with attempt + 1. */
    record RunRequested(String jobId, String runId, long jobVersion, String taskId, int attempt, String trigger)
            implements SyncCommand {
        public RunRequested {
            Require.text(jobId, "jobId");
            Require.text(runId, "runId");
            Require.notNegative(jobVersion, "jobVersion");
            if (attempt < 1) {
                throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
            }
            trigger = trigger == null ? "manual" : trigger;
        }
    }

    /** Stop a run that is still going (cancelled by a user, replaced, or timed out). */
    record RunCancelRequested(String jobId, String runId, String reason) implements SyncCommand {
        public RunCancelRequested {
            Require.text(jobId, "jobId");
            Require.text(runId, "runId");
            reason = reason == null ? "" : reason;
        }
    }

    /**
     * Write fixed quarantined rows into a job's target through the quality gate (quality-service → sync-service).
     * {@code runId} is the replay's id. Idempotent: rows go in with the job's write mode (upsert by key where it has
     * keys), and each row's result comes back in a {@link SyncEvent.QuarantineReplayed}.
     */
    record QuarantineReplayRequested(
            String jobId, String runId, java.util.List<io.datasync.models.quality.ReplayRow> rows)
            implements SyncCommand {
        public QuarantineReplayRequested {
            Require.text(jobId, "jobId");
            Require.text(runId, "runId");
            rows = rows == null ? java.util.List.of() : java.util.List.copyOf(rows);
        }
    }
}
