package io.datasync.sync.run;

import io.datasync.kit.outbox.Outbox;
import io.datasync.kit.web.ApiException;
import io.datasync.models.event.SyncEvent;
import io.datasync.models.problem.ErrorCode;
import io.datasync.sync.config.JobCatalog;
import io.datasync.sync.config.ResolvedJob;
import io.datasync.sync.config.SyncProperties;
import io.datasync.sync.connector.spi.SyncErrorCode;
import io.datasync.sync.run.RunRepository.RunRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts, controls and records runs. Every state change is saved with its event in one transaction (the outbox):
 * {@code RunStarted}, {@code RunProgress} (every {@code progressInterval}), {@code RunCompleted}, {@code RunFailed}.
 * Runs that were going when the service stopped (even by SIGKILL) are resumed at start-up from their checkpoints.
 *
 * <p>Several instances share the runs through the database: an instance claims a run before executing it and renews
 * its lease every {@code controlPoll}; a run whose owner stopped renewing for {@code runLease} is taken over by another
 * instance and resumed from its checkpoints, and the old owner, should it come back, abandons it. Stop, pause and
 * resume are recorded on the run, so whichever instance answers the request, the owner applies it within one poll.
 */
@Service
public class RunService {

    private static final Logger log = LoggerFactory.getLogger(RunService.class);

    private final RunRepository runs;
    private final JobCatalog jobs;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final SyncProperties properties;
    private final Clock clock;
    private final io.datasync.sync.verify.Verifications verifications;
    private final RunExecutor execution;
    private final RunOwner owner;
    private final java.util.concurrent.ScheduledExecutorService supervisor =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "sync-run-supervisor");
                t.setDaemon(true);
                return t;
            });
    private volatile Instant lastSweep = Instant.EPOCH;

    public RunService(
            RunRepository runs,
            JobCatalog jobs,
            Outbox outbox,
            TransactionTemplate transactions,
            SyncProperties properties,
            Clock clock,
            io.datasync.sync.verify.Verifications verifications,
            RunOwner owner,
            RunExecutor execution) {
        this.verifications = verifications;
        this.runs = runs;
        this.jobs = jobs;
        this.outbox = outbox;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
        this.owner = owner;
        this.execution = execution;
    }

    /**
     * Queues a run of the job's current version (or {@code version}).
     *
     * @param runId the id to use (a scheduler's command carries one); null for a new one
     */
    public RunRow start(String jobId, Long version, String trigger, String taskId, int attempt, UUID runId) {
        UUID id = runId == null ? UUID.randomUUID() : runId;
        if (runs.find(id).isPresent()) {
            return runs.find(id).orElseThrow(); // a redelivered command: the run already exists
        }
        ResolvedJob job = jobs.resolve(jobId, version);
        if (!job.enabled() && !"manual".equals(trigger)) {
            throw new ApiException(ErrorCode.CONFLICT, "job '" + job.name() + "' is disabled");
        }
        runs.insert(id, job.jobId(), job.name(), job.version(), trigger, taskId, attempt, clock.instant());
        execution.submit(id, job);
        return runs.find(id).orElseThrow();
    }

    /** A run that could not even start (unknown job, config-service down): answered with RunFailed. */
    void refused(io.datasync.models.event.SyncCommand.RunRequested requested, RuntimeException e) {
        transactions.executeWithoutResult(s -> outbox.append(new SyncEvent.RunFailed(
                requested.jobId(),
                requested.runId(),
                RunExecutor.code(e),
                String.valueOf(e.getMessage()),
                RunExecutor.retriable(e))));
    }

    public RunRow get(UUID id) {
        return runs.find(id).orElseThrow(() -> ApiException.notFound("run", id.toString()));
    }

    public List<RunRow> history(String jobId, int limit) {
        return runs.ofJob(jobId, limit);
    }

    public List<RunRepository.StoredError> errors(UUID id, int limit, int offset) {
        get(id);
        return runs.errors(id, limit, offset);
    }

    /**
     * Stops a run: at once when this instance executes it or nobody does, else its owner stops it within one poll.
     * Stopping an ended run changes nothing.
     */
    public RunRow stop(UUID id, String reason) {
        RunRow run = get(id);
        if (run.state().isFinal()) {
            return run;
        }
        runs.desire(id, "STOP");
        RunControl control = execution.control(id);
        if (control != null) {
            control.cancel();
        } else if (!runs.heldByLiveOwner(id, properties.runLease())) {
            execution.finish(id, run, RunState.CANCELLED, SyncErrorCode.STOPPED.code(), "stopped: " + reason, false);
        }
        return get(id);
    }

    /** Pauses a run between chunks; its owner applies it within one poll when another instance executes it. */
    public RunRow pause(UUID id) {
        RunRow run = notEnded(id);
        transactions.executeWithoutResult(s -> {
            runs.desire(id, "PAUSE");
            runs.state(id, RunState.PAUSED);
            if (run.state() != RunState.PAUSED) {
                outbox.append(new SyncEvent.RunPaused(run.jobId(), id.toString(), clock.instant()));
            }
        });
        RunControl control = execution.control(id);
        if (control != null) {
            control.pause();
        }
        return get(id);
    }

    public RunRow resume(UUID id) {
        RunRow run = notEnded(id);
        transactions.executeWithoutResult(s -> {
            runs.desire(id, "RUN");
            runs.state(id, run.startedAt() == null ? RunState.QUEUED : RunState.RUNNING);
            if (run.state() == RunState.PAUSED) {
                outbox.append(new SyncEvent.RunResumed(run.jobId(), id.toString(), clock.instant()));
            }
        });
        RunControl control = execution.control(id);
        if (control != null) {
            control.resume();
        }
        return get(id);
    }

    private RunRow notEnded(UUID id) {
        RunRow run = get(id);
        if (run.state().isFinal()) {
            throw new ApiException(ErrorCode.CONFLICT, "run " + id + " is " + run.state() + ", not running");
        }
        return run;
    }

    /**
     * Every {@code controlPoll}: renews the leases of the runs executing here (abandoning one another instance took
     * over), applies stop/pause/resume requests that reached another instance, and every {@code runLease} takes up
     * runs nobody executes.
     */
    void supervise() {
        try {
            Map<UUID, RunControl> executing = execution.claimed();
            Set<UUID> held = runs.heartbeat(owner.id(), executing.keySet());
            Map<UUID, String> desired = runs.desired(held);
            executing.forEach((id, control) -> {
                if (!held.contains(id)) {
                    log.error("Run {} was taken over by another instance; abandoning it here", id);
                    control.abandon();
                    return;
                }
                String wanted = desired.getOrDefault(id, "RUN");
                if (wanted.equals("STOP")) {
                    control.cancel();
                } else if (wanted.equals("PAUSE") && !control.paused()) {
                    control.pause();
                    runs.state(id, RunState.PAUSED);
                } else if (wanted.equals("RUN") && control.paused()) {
                    control.resume();
                    runs.state(id, RunState.RUNNING);
                }
            });
            Instant now = clock.instant();
            if (Duration.between(lastSweep, now).compareTo(properties.runLease()) >= 0) {
                lastSweep = now;
                takeUpOrphans();
            }
        } catch (RuntimeException e) {
            log.warn("Supervising runs failed; trying again in {}", properties.controlPoll(), e);
        }
    }

    /** Takes up the runs nobody executes (every {@code runLease} from the supervisor; tests call it at once). */
    void takeUpOrphans() {
        for (RunRow run : runs.orphaned(owner.id(), properties.runLease())) {
            if (execution.executing(run.id())) {
                continue;
            }
            log.info("Resuming run {} of job {} from its checkpoints", run.id(), run.jobName());
            execution.takeUp(run);
        }
    }

    /**
     * Starts supervising once the service is ready: the first round resumes what this instance (same id) or a dead one
     * was executing, from its checkpoints.
     */
    @EventListener(ApplicationReadyEvent.class)
    void startSupervising() {
        long poll = properties.controlPoll().toMillis();
        supervisor.scheduleWithFixedDelay(this::supervise, 0, poll, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @jakarta.annotation.PreDestroy
    void shutdown() {
        supervisor.shutdownNow();
        execution.pauseAll(); // chunks in flight commit; the runs resume at the next start
        try {
            runs.release(
                    owner.id(),
                    execution.executingIds()); // resuming them after a graceful stop is no sign of a crash loop
        } catch (RuntimeException e) {
            log.warn("Could not mark the runs of this instance as released: {}", e.getMessage());
        }
        execution.shutdownNow();
    }

    /** Reconciles a job's source and target now. */
    public io.datasync.sync.verify.Verifications.Outcome verifyNow(String jobId) {
        return verifications.verify(jobs.resolve(jobId, null));
    }
}
