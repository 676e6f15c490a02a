package io.datasync.scheduler.task;

import io.datasync.kit.web.ApiException;
import io.datasync.models.job.ScheduleSpec;
import io.datasync.models.job.WindowPolicy;
import io.datasync.models.problem.ErrorCode;
import io.datasync.scheduler.SchedulerProperties;
import io.datasync.scheduler.job.JobPlan;
import io.datasync.scheduler.schedule.TimeWindow;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns fires and manual triggers into tasks. Each becomes exactly one task row, and its {@code RunRequested} (when a
 * slot is free) is appended to the outbox in the same transaction. When a run of the job is still going, the job's
 * concurrency policy decides, like XXL-JOB's blocking strategies: {@code skip} records the new task as skipped,
 * {@code queue} lets it wait its turn, {@code replace} cancels the running one ({@code RunCancelRequested}) and is
 * dispatched once that run has stopped.
 */
@Service
public class TaskService {

    private static final Logger log = LoggerFactory.getLogger(TaskService.class);

    private final TaskRepository tasks;
    private final TaskLock lock;
    private final Dispatcher dispatcher;
    private final SchedulerProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;

    TaskService(
            TaskRepository tasks,
            TaskLock lock,
            Dispatcher dispatcher,
            SchedulerProperties properties,
            Clock clock,
            MeterRegistry meters) {
        this.properties = properties;
        this.tasks = tasks;
        this.lock = lock;
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * Records a cron fire of the job. A fire outside the schedule's window is skipped, or deferred to the window's
     * start (a second fire while one is already deferred is skipped: they would run back to back).
     *
     * @return the task, empty when this fire was recorded already (the same trigger fired twice)
     */
    @Transactional
    public Optional<Task> fire(JobPlan job, Instant scheduledFor) {
        lock.acquire();
        if (tasks.fireRecorded(job.jobId(), scheduledFor)) {
            return duplicate(job, scheduledFor);
        }
        ScheduleSpec schedule = job.schedule();
        Instant now = clock.instant();
        if (!TimeWindow.admits(schedule, scheduledFor)) {
            String outside = "fired at " + scheduledFor + ", outside the window " + schedule.window() + " ("
                    + schedule.timezone() + ")";
            if (schedule.outsideWindow() == WindowPolicy.SKIP) {
                return record(job, "schedule", scheduledFor, TaskState.SKIPPED, now, outside + ": skipped");
            }
            boolean alreadyDeferred = tasks.unfinished(job.jobId()).stream()
                    .anyMatch(
                            t -> t.state() == TaskState.QUEUED && t.notBefore().isAfter(now));
            if (alreadyDeferred) {
                return record(
                        job, "schedule", scheduledFor, TaskState.SKIPPED, now, outside + ": a run is already deferred");
            }
            Instant start = TimeWindow.nextStart(schedule, scheduledFor);
            return admit(job, "schedule", scheduledFor, start, outside + ": deferred to " + start);
        }
        return admit(job, "schedule", scheduledFor, now, null);
    }

    /** Records a manual run of the job, to be dispatched no earlier than {@code delay} from now. */
    @Transactional
    public Task trigger(JobPlan job, Duration delay) {
        lock.acquire();
        Instant notBefore = clock.instant().plus(delay);
        return admit(
                        job,
                        "manual",
                        null,
                        notBefore,
                        delay.isZero() ? "triggered by hand" : "triggered by hand, due " + notBefore)
                .orElseThrow();
    }

    /** Cancels the job's waiting and running tasks, e.g. when the job is deleted. */
    @Transactional
    public int cancelUnfinished(String jobId, String reason) {
        lock.acquire();
        List<Task> unfinished = tasks.unfinished(jobId);
        unfinished.forEach(t -> cancel(t, reason, clock.instant()));
        return unfinished.size();
    }

    /**
     * Cancels the job's waiting tasks that came from its schedule, e.g. when the job is disabled: they would otherwise
     * still run. Runs going and manual triggers are left alone.
     */
    @Transactional
    public int cancelWaitingFires(String jobId, String reason) {
        lock.acquire();
        List<Task> waiting = tasks.unfinished(jobId).stream()
                .filter(t -> TaskState.WAITING.contains(t.state()) && t.scheduledFor() != null)
                .toList();
        waiting.forEach(t -> cancel(t, reason, clock.instant()));
        return waiting.size();
    }

    private Optional<Task> admit(JobPlan job, String trigger, Instant scheduledFor, Instant notBefore, String detail) {
        Instant now = clock.instant();
        List<Task> going = tasks.unfinished(job.jobId());
        if (!going.isEmpty()) {
            Task previous = going.get(going.size() - 1);
            long queued =
                    going.stream().filter(t -> t.state() == TaskState.QUEUED).count();
            String skipped = switch (job.concurrency()) {
                case SKIP ->
                    "task " + previous.id() + " of this job is still "
                            + previous.state().wireName() + " (concurrency: skip)";
                case REPLACE -> {
                    going.forEach(t -> cancel(t, "replaced by a newer " + trigger + " run", now));
                    yield null;
                }
                // waits its turn (the dispatcher runs one task per job at a time, oldest first), unless
                // the job's queue is full
                case QUEUE ->
                    queued >= properties.maxQueuedPerJob()
                            ? queued + " tasks of this job are queued already (max-queued-per-job)"
                            : null;
            };
            if (skipped != null) {
                return record(job, trigger, scheduledFor, TaskState.SKIPPED, now, skipped);
            }
        }
        Task task = newTask(job, trigger, scheduledFor, TaskState.QUEUED, notBefore, detail, now);
        if (!insert(task)) {
            return duplicate(job, scheduledFor);
        }
        dispatcher.dispatchDue();
        meters.counter("datasync.scheduler.tasks", "trigger", trigger, "outcome", "queued")
                .increment();
        return tasks.find(task.id());
    }

    private Optional<Task> record(
            JobPlan job, String trigger, Instant scheduledFor, TaskState state, Instant now, String detail) {
        Task task = newTask(job, trigger, scheduledFor, state, now, detail, now);
        if (!insert(task)) {
            return duplicate(job, scheduledFor);
        }
        meters.counter("datasync.scheduler.tasks", "trigger", task.trigger(), "outcome", state.wireName())
                .increment();
        return Optional.of(task);
    }

    private boolean insert(Task task) {
        if (!tasks.insert(task)) {
            return false;
        }
        tasks.event(task.id(), task.attempt(), task.state(), task.createdAt(), task.detail());
        return true;
    }

    private Optional<Task> duplicate(JobPlan job, Instant scheduledFor) {
        log.warn("Job {} fired twice for {}: the second fire is ignored", job.jobId(), scheduledFor);
        meters.counter("datasync.scheduler.duplicate.fires").increment();
        return Optional.empty();
    }

    /**
     * Ends a waiting or running task as cancelled. A running one gets a {@code RunCancelRequested}, and its attempt
     * holds the slot and the job until the run has stopped (see {@link Dispatcher#stop}).
     */
    void cancel(Task task, String reason, Instant now) {
        if (task.state().active()) {
            dispatcher.stop(task, TaskState.CANCELLED, reason, now);
        }
        tasks.state(task.id(), TaskState.CANCELLED, reason, now);
        tasks.event(task.id(), task.attempt(), TaskState.CANCELLED, now, reason);
    }

    private static Task newTask(
            JobPlan job,
            String trigger,
            Instant scheduledFor,
            TaskState state,
            Instant notBefore,
            String detail,
            Instant now) {
        return new Task(
                0,
                UUID.randomUUID(),
                job.jobId(),
                job.name(),
                job.version(),
                trigger,
                scheduledFor,
                state,
                1,
                null,
                notBefore,
                null,
                job.retry(),
                detail,
                now,
                now);
    }

    /** A task that exists, or a 404. */
    public Task get(UUID id) {
        return tasks.find(id).orElseThrow(() -> ApiException.notFound("task", id.toString()));
    }

    static ApiException conflict(String detail) {
        return new ApiException(ErrorCode.CONFLICT, detail);
    }
}
