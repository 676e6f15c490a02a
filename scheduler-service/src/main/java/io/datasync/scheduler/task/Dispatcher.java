package io.datasync.scheduler.task;

import io.datasync.kit.outbox.Outbox;
import io.datasync.models.event.SyncCommand;
import io.datasync.scheduler.SchedulerProperties;
import io.datasync.scheduler.job.JobPlanRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sends waiting tasks to the sync engine while the global limit of concurrent runs allows, soonest due first, one run
 * per job at a time and each job's tasks in the order they were created, and cancels runs that went past the run timeout. Each dispatch records the attempt and
 * appends its {@code RunRequested} to the outbox in the caller's transaction. A run being stopped (cancelled, timed
 * out) still counts: it holds its slot and its job until it reports its end or the stop grace period is over, so a
 * replacement or the next attempt never runs beside it.
 */
@Component
public class Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final TaskRepository tasks;
    private final JobPlanRepository plans;
    private final TaskLock lock;
    private final Outbox outbox;
    private final SchedulerProperties properties;
    private final Clock clock;

    Dispatcher(
            TaskRepository tasks,
            JobPlanRepository plans,
            TaskLock lock,
            Outbox outbox,
            SchedulerProperties properties,
            Clock clock) {
        this.tasks = tasks;
        this.plans = plans;
        this.lock = lock;
        this.outbox = outbox;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Times out overdue runs, gives up waiting for runs that did not report their end within the stop grace period,
     * then dispatches what is due; what the periodic tick does.
     */
    @Transactional
    public void tick() {
        expireOverdue();
        lock.acquire();
        int unstopped = tasks.closeUnstopped(clock.instant());
        if (unstopped > 0) {
            log.warn(
                    "{} stopped runs reported no end within {}: their slots are freed",
                    unstopped,
                    properties.stopGracePeriod());
        }
        dispatchDue();
    }

    /**
     * Dispatches due tasks into the free slots, within the caller's transaction (or a new one).
     *
     * @return how many were dispatched
     */
    @Transactional(propagation = Propagation.REQUIRED)
    public int dispatchDue() {
        lock.acquire();
        int free = properties.maxConcurrentRuns() - tasks.countActive();
        if (free <= 0) {
            return 0;
        }
        Instant now = clock.instant();
        List<Task> due = tasks.lockDue(now, free); // one per job at most
        due.forEach(task -> dispatch(task, now));
        return due.size();
    }

    /** Cancels the runs that went past the run timeout and marks their tasks timed out. */
    @Transactional(propagation = Propagation.REQUIRED)
    public int expireOverdue() {
        lock.acquire();
        Instant now = clock.instant();
        List<Task> overdue = tasks.lockOverdue(now);
        for (Task task : overdue) {
            String reason = "timed out: no end after " + properties.runTimeout();
            stop(task, TaskState.TIMED_OUT, reason, now);
            tasks.state(task.id(), TaskState.TIMED_OUT, reason, now);
            tasks.event(task.id(), task.attempt(), TaskState.TIMED_OUT, now, reason);
        }
        return overdue.size();
    }

    /**
     * Asks the sync engine to stop the task's current run ({@code RunCancelRequested}); its attempt stays open, as
     * {@code state}, until the run reports its end or the stop grace period is over.
     */
    void stop(Task task, TaskState state, String reason, Instant now) {
        if (properties.stopGracePeriod().isZero()) {
            tasks.attemptEnded(task.runId(), state, null, reason, null, now);
        } else {
            tasks.attemptStopping(task.runId(), state, reason, now.plus(properties.stopGracePeriod()));
        }
        outbox.append(
                new SyncCommand.RunCancelRequested(task.jobId(), task.runId().toString(), reason));
    }

    /**
     * Dispatches the task's next attempt: one past the last it was dispatched as (a task cancelled while queued has
     * none). The first attempt runs the job's current version, which may be newer than when the task was created (it
     * may have waited long); later ones run the version of the first, as they continue from its checkpoints.
     */
    private void dispatch(Task task, Instant now) {
        int attempt = tasks.lastAttempt(task.id()) + 1;
        long version = attempt == 1
                ? plans.find(task.jobId()).map(p -> p.plan().version()).orElse(task.jobVersion())
                : task.jobVersion();
        UUID runId = UUID.randomUUID();
        tasks.dispatched(task.id(), runId, attempt, version, now.plus(properties.runTimeout()), now);
        tasks.event(task.id(), attempt, TaskState.DISPATCHED, now, "run " + runId);
        outbox.append(new SyncCommand.RunRequested(
                task.jobId(), runId.toString(), version, task.id().toString(), attempt, task.trigger()));
    }
}
