package io.datasync.sync.run;

import io.datasync.kit.outbox.Outbox;
import io.datasync.kit.web.ApiException;
import io.datasync.models.event.SyncCommand;
import io.datasync.models.event.SyncEvent;
import io.datasync.models.problem.ErrorCode;
import io.datasync.sync.config.JobCatalog;
import io.datasync.sync.config.ResolvedJob;
import io.datasync.sync.config.SyncProperties;
import io.datasync.sync.connector.spi.SyncErrorCode;
import io.datasync.sync.run.RunRepository.RunRow;
import io.datasync.sync.verify.Verifications;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs as the controller and the command listener see them: start, read, stop, pause and resume a run, verify a job
 * now. {@link RunExecutor} executes the runs and records their ends; {@link RunSupervisor} applies what reached this
 * instance for a run another one executes, and takes over the runs of an instance that stopped.
 */
@Service
public class RunService {

    private final RunRepository runs;
    private final JobCatalog jobs;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final SyncProperties properties;
    private final Clock clock;
    private final Verifications verifications;
    private final RunExecutor execution;

    public RunService(
            RunRepository runs,
            JobCatalog jobs,
            Outbox outbox,
            TransactionTemplate transactions,
            SyncProperties properties,
            Clock clock,
            Verifications verifications,
            RunExecutor execution) {
        this.runs = runs;
        this.jobs = jobs;
        this.outbox = outbox;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
        this.verifications = verifications;
        this.execution = execution;
    }

    /**
     * Queues a run of the job's current version (or {@code version}).
     *
     * @param runId the id to use (a scheduler's command carries one); null for a new one
     */
    public RunRow start(String jobId, Long version, String trigger, String taskId, int attempt, UUID runId) {
        UUID id = runId == null ? UUID.randomUUID() : runId;
        Optional<RunRow> existing = runs.find(id);
        if (existing.isPresent()) {
            return existing.get(); // a redelivered command: the run already exists
        }
        ResolvedJob job = jobs.resolve(jobId, version);
        if (!job.enabled() && !"manual".equals(trigger)) {
            throw new ApiException(ErrorCode.CONFLICT, "job '" + job.name() + "' is disabled");
        }
        boolean stream = RunExecutor.streaming(job);
        // a command delivered twice at once passes the lookup above twice: only the first insert starts the run
        boolean inserted;
        try {
            inserted = runs.insert(
                    id, job.jobId(), job.name(), job.version(), trigger, taskId, attempt, clock.instant(), stream);
        } catch (org.springframework.dao.DuplicateKeyException e) {
            throw new ApiException(
                    ErrorCode.CONFLICT,
                    "job '" + job.name() + "' reads a stream and already has a live run ("
                            + runs.liveStreamRun(job.jobId())
                                    .map(UUID::toString)
                                    .orElse("ending now")
                            + "): a stream job runs once at a time; stop that run first"
                            + " (POST /api/sync/runs/{runId}/stop)");
        }
        if (inserted) {
            execution.submit(id, job);
        }
        return runs.find(id).orElseThrow();
    }

    /** A run that could not even start (unknown job, config-service down): answered with RunFailed. */
    void refused(SyncCommand.RunRequested requested, RuntimeException e) {
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

    /** A stream run's view as last saved with its progress; empty for a batch run. */
    public Optional<StreamView> stream(UUID id) {
        return runs.streamStatus(id).map(RunService::streamView);
    }

    /** A run as its view shows it: with its stream view, if any. */
    public record Viewed(RunRow run, StreamView stream) {}

    /**
     * A run with what the members that joined it (other instances reading a share of a stream run) add: their counters
     * to the run's, their lags and rates to its stream view, and each reader listed.
     */
    public Viewed viewed(RunRow run) {
        StreamView own = stream(run.id()).orElse(null);
        if (own == null) {
            return new Viewed(run, null);
        }
        List<RunRepository.MemberRow> members = runs.members(run.id(), properties.runLease());
        long read = run.rowsRead();
        long written = run.rowsWritten();
        long rejected = run.rowsRejected();
        List<StreamView.MemberView> joined = new java.util.ArrayList<>();
        for (RunRepository.MemberRow m : members) {
            read += m.rowsRead();
            written += m.rowsWritten();
            rejected += m.rowsRejected();
            if (m.owner().equals(run.owner())) {
                continue; // its membership before it took the run over: counted, but it reads as the owner now
            }
            joined.add(new StreamView.MemberView(
                    m.owner(),
                    m.live() && !run.state().isFinal(),
                    m.rowsRead(),
                    m.rowsWritten(),
                    m.streamStatus() == null ? null : streamView(m.streamStatus())));
        }
        StreamView.MemberView owner =
                new StreamView.MemberView(run.owner(), !run.state().isFinal(), run.rowsRead(), run.rowsWritten(), own);
        return new Viewed(run.withCounters(read, written, rejected), StreamView.merge(owner, joined));
    }

    private static StreamView streamView(String json) {
        return RunExecutor.STREAM_JSON.readValue(json, StreamView.class);
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

    /**
     * Stops every run of a job that has not ended, e.g. once the job was deleted: a stream run would otherwise run on
     * for a job nobody can see or stop any more.
     *
     * @return the runs asked to stop
     */
    public List<UUID> stopAll(String jobId, String reason) {
        List<UUID> live = runs.liveRuns(jobId);
        live.forEach(id -> stop(id, reason));
        return live;
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

    /** Reconciles a job's source and target now. */
    public Verifications.Outcome verifyNow(String jobId) {
        return verifications.verify(jobs.resolve(jobId, null));
    }
}
