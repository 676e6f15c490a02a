package io.datasync.scheduler.task;

import io.datasync.models.event.SyncEvent;
import io.datasync.models.job.Durations;
import io.datasync.models.job.RetrySpec;
import io.datasync.scheduler.job.JobPlanRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Decides what follows a failed run. A retriable failure with attempts left waits
 * {@code min(maxDelay, initialDelay × multiplier^(attempt−1))} ± jitter (the job's {@link RetrySpec}) and is then
 * dispatched again with the same task id and the next attempt number; a permanent failure, or the last attempt, ends
 * the task as failed. Operators can retry a failed, timed-out or cancelled task by hand. Time comes from the injected
 * {@link Clock}, so tests move it instead of sleeping.
 */
@Component
public class RetryManager {

    private final TaskRepository tasks;
    private final JobPlanRepository plans;
    private final TaskLock lock;
    private final Dispatcher dispatcher;
    private final Clock clock;
    private final RandomGenerator random;

    @Autowired
    RetryManager(TaskRepository tasks, JobPlanRepository plans, TaskLock lock, Dispatcher dispatcher, Clock clock) {
        this(tasks, plans, lock, dispatcher, clock, RandomGenerator.getDefault());
    }

    RetryManager(
            TaskRepository tasks,
            JobPlanRepository plans,
            TaskLock lock,
            Dispatcher dispatcher,
            Clock clock,
            RandomGenerator random) {
        this.tasks = tasks;
        this.plans = plans;
        this.lock = lock;
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.random = random;
    }

    /** Handles the failure of a task's current run, in the caller's transaction (the task row is locked). */
    void failed(Task task, SyncEvent.RunFailed failed, Instant now) {
        String what = failed.errorCode() + (failed.message().isEmpty() ? "" : ": " + failed.message());
        RetrySpec retry = task.retry();
        if (!failed.retriable()) {
            end(task, "permanent failure, not retried: " + what, now);
        } else if (!retry.allowsAnotherAfter(task.attempt())) {
            end(task, "attempt " + task.attempt() + " of " + retry.maxAttempts() + " failed, none left: " + what, now);
        } else {
            tasks.event(task.id(), task.attempt(), TaskState.FAILED, now, what);
            Duration delay = retry.delayAfter(task.attempt(), random.nextDouble());
            Instant due = now.plus(delay);
            String detail = "attempt " + (task.attempt() + 1) + " of " + retry.maxAttempts() + " after "
                    + Durations.format(delay) + " (base " + Durations.format(retry.baseDelayAfter(task.attempt()))
                    + "), due " + due;
            tasks.retrying(task.id(), due, detail, now);
            tasks.event(task.id(), task.attempt(), TaskState.RETRYING, now, detail);
        }
    }

    private void end(Task task, String detail, Instant now) {
        tasks.state(task.id(), TaskState.FAILED, detail, now);
        tasks.event(task.id(), task.attempt(), TaskState.FAILED, now, detail);
    }

    /**
     * Retries a failed, timed-out or cancelled task by hand after {@code delay}, whatever attempts its policy has left.
     *
     * @throws io.datasync.kit.web.ApiException 404 for an unknown task, 409 for one that is not in such a state, whose
     *     job was deleted, or whose last run has not stopped yet
     */
    @Transactional
    public Task retry(UUID taskId, Duration delay) {
        lock.acquire();
        Task task = tasks.findForUpdate(taskId)
                .orElseThrow(() -> io.datasync.kit.web.ApiException.notFound("task", taskId.toString()));
        if (!TaskState.RETRYABLE_BY_HAND.contains(task.state())) {
            throw TaskService.conflict("task " + taskId + " is " + task.state().wireName()
                    + "; only a failed, timed-out or cancelled task can be retried");
        }
        if (plans.find(task.jobId()).isEmpty()) {
            throw TaskService.conflict("task " + taskId + " is of job " + task.jobId() + ", which no longer exists");
        }
        if (tasks.hasOpenAttempt(taskId)) {
            // its run was asked to stop and has not said it did: a new attempt would share its checkpoints
            throw TaskService.conflict("task " + taskId + " is " + task.state().wireName() + ", but its run "
                    + task.runId() + " has not stopped yet; retry once it has");
        }
        Instant now = clock.instant();
        Instant due = now.plus(delay);
        String detail = "retried by hand: attempt " + (tasks.lastAttempt(taskId) + 1) + ", due " + due;
        tasks.retrying(task.id(), due, detail, now);
        tasks.event(task.id(), task.attempt(), TaskState.RETRYING, now, detail);
        dispatcher.dispatchDue();
        return tasks.find(taskId).orElseThrow();
    }
}
