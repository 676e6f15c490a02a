package io.datasync.scheduler.task;

import io.datasync.models.event.SyncEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Moves tasks along as the sync engine reports their runs: started → running, completed → succeeded, failed → the
 * {@link RetryManager} decides. A run that ends frees its slot, so waiting tasks are dispatched in the same
 * transaction. Reports about a run that is no longer its task's current one (cancelled, timed out, replaced) only
 * close that attempt's record, which is what frees the slot and the job of a run being stopped.
 */
@Component
class RunOutcomes {

    private final TaskRepository tasks;
    private final TaskLock lock;
    private final Dispatcher dispatcher;
    private final RetryManager retries;
    private final Clock clock;

    RunOutcomes(TaskRepository tasks, TaskLock lock, Dispatcher dispatcher, RetryManager retries, Clock clock) {
        this.tasks = tasks;
        this.lock = lock;
        this.dispatcher = dispatcher;
        this.retries = retries;
        this.clock = clock;
    }

    /** Applies one run event in the caller's transaction (the one that records it in the inbox). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void apply(SyncEvent event) {
        UUID runId;
        try {
            runId = UUID.fromString(event.runId());
        } catch (IllegalArgumentException e) {
            return; // not a run this scheduler dispatched
        }
        lock.acquire();
        Instant now = clock.instant();
        Optional<Task> current =
                tasks.findByRunForUpdate(runId).filter(t -> t.state().active());
        if (event instanceof SyncEvent.RunStarted) {
            tasks.attemptStarted(runId, now);
            current.filter(t -> t.state() == TaskState.DISPATCHED).ifPresent(t -> {
                tasks.state(t.id(), TaskState.RUNNING, null, now);
                tasks.event(t.id(), t.attempt(), TaskState.RUNNING, now, "run " + runId + " started");
            });
        } else if (event instanceof SyncEvent.RunCompleted completed) {
            tasks.attemptEnded(runId, TaskState.SUCCEEDED, null, null, null, now);
            current.ifPresent(t -> {
                String detail = completed.rowsWritten() + " rows written in " + completed.durationMs() + " ms";
                tasks.state(t.id(), TaskState.SUCCEEDED, detail, now);
                tasks.event(t.id(), t.attempt(), TaskState.SUCCEEDED, now, detail);
            });
            dispatcher.dispatchDue();
        } else if (event instanceof SyncEvent.RunFailed failed) {
            tasks.attemptEnded(runId, TaskState.FAILED, failed.errorCode(), failed.message(), failed.retriable(), now);
            current.ifPresent(t -> retries.failed(t, failed, now));
            dispatcher.dispatchDue();
        }
    }
}
