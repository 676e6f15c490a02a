package io.datasync.sync.run;

import io.datasync.kit.correlation.Correlation;
import io.datasync.kit.outbox.Outbox;
import io.datasync.kit.web.ApiException;
import io.datasync.models.event.SyncEvent;
import io.datasync.models.problem.ErrorCode;
import io.datasync.sync.config.JobCatalog;
import io.datasync.sync.config.ResolvedJob;
import io.datasync.sync.config.SyncProperties;
import io.datasync.sync.connector.spi.ConnectorException;
import io.datasync.sync.connector.spi.SyncErrorCode;
import io.datasync.sync.run.RunRepository.RunRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
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
    private final SplitStore splitStore;
    private final JobCatalog jobs;
    private final PlanFactory plans;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final SyncProperties properties;
    private final Clock clock;
    private final io.datasync.sync.verify.Verifications verifications;
    private final ExecutorService executor;
    private final Map<UUID, RunControl> controls = new ConcurrentHashMap<>();
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
            SplitStore splitStore,
            JobCatalog jobs,
            PlanFactory plans,
            Outbox outbox,
            TransactionTemplate transactions,
            SyncProperties properties,
            Clock clock,
            io.datasync.sync.verify.Verifications verifications,
            RunOwner owner) {
        this.verifications = verifications;
        this.runs = runs;
        this.splitStore = splitStore;
        this.jobs = jobs;
        this.plans = plans;
        this.outbox = outbox;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
        this.owner = owner;
        this.executor = Executors.newFixedThreadPool(properties.maxConcurrentRuns(), r -> {
            Thread t = new Thread(r, "sync-run");
            t.setDaemon(true);
            return t;
        });
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
        // the run logs and publishes its events with the correlation id of the request or command that started it
        executor.submit(Correlation.wrap(() -> executeSafely(id, job)));
        return runs.find(id).orElseThrow();
    }

    /** A run that could not even start (unknown job, config-service down): answered with RunFailed. */
    void refused(io.datasync.models.event.SyncCommand.RunRequested requested, RuntimeException e) {
        transactions.executeWithoutResult(s -> outbox.append(new SyncEvent.RunFailed(
                requested.jobId(), requested.runId(), code(e), String.valueOf(e.getMessage()), retriable(e))));
    }

    /**
     * The stable code of what ended or refused a run: a connector's SYNC code, an API problem's code (e.g.
     * {@code COMMON-003} for a job that does not exist), else SYNC-099.
     */
    static String code(RuntimeException e) {
        return e instanceof ConnectorException c
                ? c.code()
                : e instanceof ApiException a ? a.code().code() : SyncErrorCode.INTERNAL.code();
    }

    /** Whether a retry may help: the connector says so, or a service the run needs did not answer (a 503). */
    static boolean retriable(RuntimeException e) {
        return e instanceof ConnectorException c
                ? c.retriable()
                : e instanceof ApiException a && a.code() == ErrorCode.SERVICE_UNAVAILABLE;
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
        RunControl control = controls.get(id);
        if (control != null) {
            control.cancel();
        } else if (!runs.heldByLiveOwner(id, properties.runLease())) {
            finish(id, run, RunState.CANCELLED, SyncErrorCode.STOPPED.code(), "stopped: " + reason, false);
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
        RunControl control = controls.get(id);
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
        RunControl control = controls.get(id);
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
            Map<UUID, RunControl> executing = new java.util.HashMap<>();
            controls.forEach((id, control) -> {
                if (control.claimed()) {
                    executing.put(id, control);
                }
            });
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
            if (controls.containsKey(run.id())) {
                continue;
            }
            log.info("Resuming run {} of job {} from its checkpoints", run.id(), run.jobName());
            executor.submit(Correlation.wrap(() -> {
                try {
                    executeSafely(run.id(), jobs.resolve(run.jobId(), run.jobVersion()));
                } catch (RuntimeException e) {
                    fail(run.id(), e);
                }
            }));
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
        controls.values().forEach(RunControl::pause); // chunks in flight commit; the runs resume at the next start
        try {
            runs.release(
                    owner.id(), controls.keySet()); // resuming them after a graceful stop is no sign of a crash loop
        } catch (RuntimeException e) {
            log.warn("Could not mark the runs of this instance as released: {}", e.getMessage());
        }
        executor.shutdownNow();
    }

    private void executeSafely(UUID id, ResolvedJob job) {
        try {
            execute(id, job);
        } catch (Throwable e) { // nothing may leave a run RUNNING forever without a word
            log.error("Run {} could not be recorded as ended", id, e);
        }
    }

    private void execute(UUID id, ResolvedJob job) {
        RunControl control = new RunControl();
        if (controls.putIfAbsent(id, control) != null) {
            return; // already executing in this instance
        }
        Instant started = clock.instant();
        try {
            int[] resumes = {-1};
            Boolean claimed = transactions.execute(s -> {
                resumes[0] = runs.claim(id, owner.id(), started, properties.runLease());
                if (resumes[0] < 0) {
                    return false; // stopped while it waited in the queue, or another instance executes it
                }
                outbox.append(new SyncEvent.RunStarted(job.jobId(), id.toString(), job.version(), started));
                return true;
            });
            if (!Boolean.TRUE.equals(claimed)) {
                return;
            }
            control.claimed(true);
            if (resumes[0] > properties.maxResumes()) {
                fail(
                        id,
                        new ConnectorException(
                                SyncErrorCode.RESUMED_TOO_OFTEN,
                                "the run was taken up again " + resumes[0]
                                        + " times after the instance executing it stopped"
                                        + " (a crash, a kill or a lost lease); it may itself be what stops it, e.g. by"
                                        + " exhausting memory, so it is failed instead of resumed again"
                                        + " (datasync.sync.max-resumes is " + properties.maxResumes()
                                        + "). Its committed"
                                        + " chunks stay; fix the job or its data and start a new run",
                                null));
                return;
            }
            RunEngine engine = new RunEngine();
            RunEngine.Outcome outcome;
            java.util.Map<String, Object> nextState;
            RunRow starting = get(id);
            // a retry of the same task on the same job version continues; another version starts over
            String scope = starting.taskId() == null ? id.toString() : starting.taskId() + "/v" + job.version();
            RunEngine.Plan plan = plans.plan(job, id.toString(), scope, runs.jobState(job.jobId()));
            try {
                outcome = engine.run(plan, control, new Recorder(id, job), splitStore.of(starting));
                nextState = plan.source().nextState();
            } finally {
                closeQuietly(id, plan);
            }
            if (control.abandoned()) {
                return; // another instance took the run over and records it
            }
            RunRow run = get(id);
            if (outcome == RunEngine.Outcome.CANCELLED) {
                finish(id, run, RunState.CANCELLED, SyncErrorCode.STOPPED.code(), "stopped before it finished", false);
            } else {
                Boolean verified = verify(id, job, plan.tally());
                transactions.executeWithoutResult(s -> {
                    if (!runs.ended(id, RunState.SUCCEEDED, null, null, null, clock.instant())) {
                        return; // stopped at the last moment: its end was already announced
                    }
                    runs.saveJobState(job.jobId(), nextState, clock.instant());
                    outbox.append(new SyncEvent.RunCompleted(
                            job.jobId(),
                            id.toString(),
                            run.rowsRead(),
                            run.rowsWritten(),
                            run.rowsRejected(),
                            Duration.between(started, clock.instant()).toMillis(),
                            Boolean.TRUE.equals(verified)));
                });
            }
        } catch (RuntimeException e) {
            if (!control.abandoned()) {
                fail(id, e);
            }
        } finally {
            controls.remove(id);
        }
    }

    /** Reconciles source and target after a successful run; a verification that cannot run leaves {@code verified} null. */
    private Boolean verify(UUID id, ResolvedJob job, io.datasync.sync.verify.KeyTally tally) {
        try {
            io.datasync.sync.verify.Verifications.Outcome outcome = verifications.verify(job, tally);
            if (outcome.report() == null) {
                runs.verified(id, null, java.util.Map.of("notVerifiable", outcome.notVerifiable()));
                return null;
            }
            runs.verified(id, outcome.report().verified(), outcome.report());
            return outcome.report().verified();
        } catch (RuntimeException e) {
            log.warn("Run {} could not be verified: {}", id, e.getMessage());
            runs.verified(id, null, java.util.Map.of("notVerifiable", String.valueOf(e.getMessage())));
            return null;
        }
    }

    /** Reconciles a job's source and target now. */
    public io.datasync.sync.verify.Verifications.Outcome verifyNow(String jobId) {
        return verifications.verify(jobs.resolve(jobId, null));
    }

    private void fail(UUID id, RuntimeException e) {
        String code = code(e);
        boolean retriable = retriable(e);
        if (!(e instanceof ConnectorException) && !(e instanceof ApiException)) {
            log.error("Run {} failed unexpectedly", id, e);
        } else {
            log.warn("Run {} failed: {} {}", id, code, e.getMessage());
        }
        finish(id, get(id), RunState.FAILED, code, e.getMessage(), retriable);
    }

    private void finish(UUID id, RunRow run, RunState state, String code, String message, boolean retriable) {
        transactions.executeWithoutResult(s -> {
            if (runs.ended(id, state, code, message, retriable, clock.instant())) {
                outbox.append(new SyncEvent.RunFailed(run.jobId(), id.toString(), code, message, retriable));
            }
        });
    }

    /** Saves counters and publishes RunProgress at most every progressInterval; records refused rows at once. */
    private final class Recorder implements RunEngine.Listener {
        private final UUID id;
        private final ResolvedJob job;
        private final AtomicLong lastSaved = new AtomicLong();
        private final long started = System.nanoTime();

        Recorder(UUID id, ResolvedJob job) {
            this.id = id;
            this.job = job;
        }

        @Override
        public void progress(RunEngine.Progress p) {
            long now = System.nanoTime();
            long last = lastSaved.get();
            boolean done = p.splitsDone() == p.splitsTotal();
            if (!done && now - last < properties.progressInterval().toNanos() || !lastSaved.compareAndSet(last, now)) {
                return;
            }
            double seconds = Math.max(1e-3, (now - started) / 1e9);
            transactions.executeWithoutResult(s -> {
                runs.progress(id, p);
                outbox.append(new SyncEvent.RunProgress(
                        job.jobId(),
                        id.toString(),
                        p.rowsRead(),
                        p.rowsWritten(),
                        p.rowsRejected(),
                        p.rowsTotal(),
                        p.rowsRead() / seconds));
            });
        }

        @Override
        public void splitsPlanned(List<io.datasync.sync.connector.spi.Split> splits) {
            splitStore.save(id, splits);
        }

        @Override
        public void rejected(String splitId, List<io.datasync.sync.transform.RowError> rows) {
            runs.errors(id, splitId, rows, clock.instant());
        }

        @Override
        public void retrying(String splitId, int attempt, java.time.Duration wait, ConnectorException cause) {
            log.warn(
                    "Run {} split {} failed with {} {}; reading it again from its checkpoint in {} (retry {} of {})",
                    id,
                    splitId,
                    cause.code(),
                    cause.getMessage(),
                    wait,
                    attempt,
                    properties.splitRetries());
        }
    }

    /** Closing after the data is committed must not turn a finished run into a failed one. */
    private static void closeQuietly(UUID id, RunEngine.Plan plan) {
        try {
            plan.source().close();
        } catch (RuntimeException e) {
            log.warn("Run {}: closing the source failed: {}", id, e.getMessage());
        }
        try {
            plan.sink().close();
        } catch (RuntimeException e) {
            log.warn("Run {}: closing the sink failed: {}", id, e.getMessage());
        }
    }
}
