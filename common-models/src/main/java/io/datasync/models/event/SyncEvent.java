package io.datasync.models.event;

import java.time.Instant;

/** Facts about runs published by the sync engine on {@link Topics#SYNC_EVENTS}. */
public sealed interface SyncEvent extends EventPayload {

    String jobId();

    String runId();

    @Override
    default String subject() {
        return jobId();
    }

    record RunStarted(String jobId, String runId, long jobVersion, Instant startedAt) implements SyncEvent {
        public RunStarted {
            Require.text(jobId, "jobId");
            Require.text(runId, "runId");
            Require.present(startedAt, "startedAt");
        }
    }

    /** A user paused the run: it stops between chunks until resumed. */
    record RunPaused(String jobId, String runId, Instant at) implements SyncEvent {
        public RunPaused {
            Require.text(jobId, "jobId");
            Require.text(runId, "runId");
            Require.present(at, "at");
        }
    }

    /** A user resumed a paused run. */
    record RunResumed(String jobId, String runId, Instant at) implements SyncEvent {
        public RunResumed {
            Require.text(jobId, "jobId");
            Require.text(runId, "runId");
            Require.present(at, "at");
        }
    }

    /** Progress of a running job; {@code rowsTotal} is -1 when the source cannot tell. */
    record RunProgress(
            String jobId,
            String runId,
            long rowsRead,
            long rowsWritten,
            long rowsRejected,
            long rowsTotal,
            double rowsPerSecond)
            implements SyncEvent {
        public RunProgress {
            Require.text(jobId, "jobId");
            Require.text(runId, "runId");
            Require.notNegative(rowsRead, "rowsRead");
            Require.notNegative(rowsWritten, "rowsWritten");
            Require.notNegative(rowsRejected, "rowsRejected");
        }
    }

    record RunCompleted(
            String jobId,
            String runId,
            long rowsRead,
            long rowsWritten,
            long rowsRejected,
            long durationMs,
            boolean verified)
            implements SyncEvent {
        public RunCompleted {
            Require.text(jobId, "jobId");
            Require.text(runId, "runId");
            Require.notNegative(durationMs, "durationMs");
        }
    }

    /**
     * A run that ended in error. {@code errorCode} is a stable code (e.g. {@code SYNC-001}); {@code retriable} tells
     * the scheduler whether a retry can help (an I/O hiccup) or not (bad credentials, a missing table).
     */
    record RunFailed(String jobId, String runId, String errorCode, String message, boolean retriable)
            implements SyncEvent {
        public RunFailed {
            Require.text(jobId, "jobId");
            Require.text(runId, "runId");
            Require.text(errorCode, "errorCode");
            message = message == null ? "" : message;
        }
    }

    /**
     * The result of a {@link SyncCommand.QuarantineReplayRequested}: the rows written, the rows the gate refused again
     * (with why), or, when nothing could be written, the error.
     *
     * @param written ids of the quarantine entries now in the target
     * @param refused per id of an entry the gate refused again: the violations, as text
     */
    record QuarantineReplayed(
            String jobId,
            String runId,
            java.util.List<String> written,
            java.util.Map<String, String> refused,
            String errorCode,
            String error)
            implements SyncEvent {
        public QuarantineReplayed {
            Require.text(jobId, "jobId");
            Require.text(runId, "runId");
            written = written == null ? java.util.List.of() : java.util.List.copyOf(written);
            refused = refused == null ? java.util.Map.of() : java.util.Map.copyOf(refused);
        }
    }
}
