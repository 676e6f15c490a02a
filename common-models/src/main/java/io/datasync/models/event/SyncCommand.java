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
}
