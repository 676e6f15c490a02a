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
import io.datasync.sync.connector.spi.Fence;
import io.datasync.sync.connector.spi.Split;
import io.datasync.sync.connector.spi.StreamSource;
import io.datasync.sync.connector.spi.SyncErrorCode;
import io.datasync.sync.run.RunRepository.RunRow;
import io.datasync.sync.transform.spi.RowError;
import io.datasync.sync.verify.KeyTally;
import io.datasync.sync.verify.Verifications;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
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
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Executes runs on this instance's pool of {@code maxConcurrentRuns} threads: claims a run, fails it once it was taken
 * up more than {@code maxResumes} times, plans it, runs the engine, verifies what it wrote and records its progress and
 * end, each with its event in one transaction (the outbox). Each run executing here has a {@link RunControl}, through
 * which the facade and the supervisor stop, pause and resume it. A run of a stream source ({@link StreamSource}) goes to
 * the {@link StreamEngine} instead, on a pool of {@code maxStreamRuns} threads of its own, and runs until stopped.
 */
@Component
class RunExecutor {

    private static final Logger log = LoggerFactory.getLogger(RunExecutor.class);

    private final RunRepository runs;
    private final SplitStore splitStore;
    private final JobCatalog jobs;
    private final PlanFactory plans;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final SyncProperties properties;
    private final Clock clock;
    private final Verifications verifications;
    private final RunOwner owner;
    private final DeadLetterRepository deadLetters;
    private final MeterRegistry meters;
    private final ExecutorService executor;
    /** Stream runs hold their thread until stopped: a pool of their own keeps them from starving batch runs. */
    private final ExecutorService streams;

    private final Map<UUID, RunControl> controls = new ConcurrentHashMap<>();

    /** A share of a stream run another instance owns, read here: its control and a latch counted down once it ended. */
    private record Member(RunControl control, java.util.concurrent.CountDownLatch ended) {}

    /** The stream runs this instance joined as a member (it does not own them). */
    private final Map<UUID, Member> members = new ConcurrentHashMap<>();

    /**
     * Stream runs this instance does not try to join until a {@link System#nanoTime} deadline: {@code Long.MAX_VALUE}
     * for a run whose source gives every reader everything, a minute after a join that failed.
     */
    private final Map<UUID, Long> notJoining = new ConcurrentHashMap<>();

    RunExecutor(
            RunRepository runs,
            SplitStore splitStore,
            JobCatalog jobs,
            PlanFactory plans,
            Outbox outbox,
            TransactionTemplate transactions,
            SyncProperties properties,
            Clock clock,
            Verifications verifications,
            RunOwner owner,
            DeadLetterRepository deadLetters,
            MeterRegistry meters) {
        this.runs = runs;
        this.splitStore = splitStore;
        this.jobs = jobs;
        this.plans = plans;
        this.outbox = outbox;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
        this.verifications = verifications;
        this.owner = owner;
        this.deadLetters = deadLetters;
        this.meters = meters;
        this.executor = Executors.newFixedThreadPool(properties.maxConcurrentRuns(), r -> {
            Thread t = new Thread(r, "sync-run");
            t.setDaemon(true);
            return t;
        });
        this.streams = Executors.newFixedThreadPool(properties.maxStreamRuns(), r -> {
            Thread t = new Thread(r, "sync-stream");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Whether the job reads a stream, as the connector catalog declares its source kind: such a run is executed on the
     * stream pool. A stream source the catalog does not know of still runs as a stream (the engine decides by
     * {@code instanceof StreamSource}), only on the batch pool.
     */
    static boolean streaming(ResolvedJob job) {
        return io.datasync.models.connector.Connectors.find(
                        job.definition().source().type().toString())
                .map(io.datasync.models.connector.ConnectorDescriptor::source)
                .map(io.datasync.models.connector.ConnectorDescriptor.SourceSupport::stream)
                .orElse(false);
    }

    /**
     * Queues a run that was just recorded; it logs and publishes its events with the correlation id of the request or
     * command that started it.
     */
    void submit(UUID id, ResolvedJob job) {
        (streaming(job) ? streams : executor).submit(Correlation.wrap(() -> executeSafely(id, job)));
    }

    /**
     * Queues a run nobody executes, to resume it from its checkpoints; a job that cannot be resolved fails it. A stream
     * run this instance reads a share of as a member is left first: its owner's reader takes over here.
     */
    void takeUp(RunRow run) {
        executor.submit(Correlation.wrap(() -> {
            try {
                leave(run.id());
                ResolvedJob job = jobs.resolve(run.jobId(), run.jobVersion());
                if (streaming(job)) {
                    streams.submit(Correlation.wrap(() -> executeSafely(run.id(), job)));
                } else {
                    executeSafely(run.id(), job);
                }
            } catch (RuntimeException e) {
                fail(run.id(), e);
            }
        }));
    }

    /**
     * Joins a stream run another instance owns as a member, to read a share of its stream here, if this instance has a
     * free thread on its stream pool, neither owns nor reads the run yet, and has not found its source unshareable.
     */
    void join(RunRow run) {
        Long until = notJoining.get(run.id());
        if (controls.containsKey(run.id())
                || members.containsKey(run.id())
                || until != null && until - System.nanoTime() > 0) {
            return;
        }
        var pool = (java.util.concurrent.ThreadPoolExecutor) streams;
        if (pool.getActiveCount() + pool.getQueue().size() >= properties.maxStreamRuns()) {
            return; // the owners' own runs come first
        }
        Member member = new Member(new RunControl(), new java.util.concurrent.CountDownLatch(1));
        if (members.putIfAbsent(run.id(), member) != null) {
            return;
        }
        try {
            streams.submit(Correlation.wrap(() -> {
                try {
                    executeMember(run, member.control());
                } catch (Throwable e) { // a member that cannot be read here is left; the run goes on
                    log.error("Run {}: reading it here as a member failed; trying again in a minute", run.id(), e);
                    notJoining.put(run.id(), System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(1));
                } finally {
                    members.remove(run.id(), member);
                    member.ended().countDown();
                }
            }));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            members.remove(run.id(), member); // shutting down
        }
    }

    /** Forgets the runs not to join that are no longer joinable (ended, or owned here), so the set stays small. */
    void joinable(Set<UUID> ids) {
        notJoining.keySet().retainAll(ids);
    }

    /** The stream runs this instance reads as a member, whose memberships the supervisor renews. */
    Map<UUID, RunControl> joined() {
        Map<UUID, RunControl> joined = new HashMap<>();
        members.forEach((id, member) -> joined.put(id, member.control()));
        return joined;
    }

    /** Stops reading a run here as a member, and waits (at most a lease) until its reader has closed. */
    private void leave(UUID id) {
        Member member = members.get(id);
        if (member == null) {
            return;
        }
        member.control().abandon();
        try {
            if (!member.ended().await(properties.runLease().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                log.warn("Run {}: its member here did not stop within {}", id, properties.runLease());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the run is executing (or about to) on this instance. */
    boolean executing(UUID id) {
        return controls.containsKey(id);
    }

    /** The control of a run executing on this instance, or null. */
    RunControl control(UUID id) {
        return controls.get(id);
    }

    /** The runs this instance has claimed and is executing, whose leases it renews. */
    Map<UUID, RunControl> claimed() {
        Map<UUID, RunControl> executing = new HashMap<>();
        controls.forEach((id, control) -> {
            if (control.claimed()) {
                executing.put(id, control);
            }
        });
        return executing;
    }

    /** The ids of the runs executing on this instance, as they change. */
    Set<UUID> executingIds() {
        return Collections.unmodifiableSet(controls.keySet());
    }

    /** Pauses every run executing here (and every member): the chunks in flight commit, and no further chunk starts. */
    void pauseAll() {
        controls.values().forEach(RunControl::pause);
        members.values().forEach(m -> m.control().pause());
    }

    /**
     * Gives the stream runs' threads up to {@code wait} to end after {@link #leaveAll} (their readers leave their groups
     * and close), accepting no more runs.
     */
    void awaitStreams(Duration wait) {
        streams.shutdown();
        try {
            streams.awaitTermination(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Interrupts the runs' threads and accepts no more runs. */
    void shutdownNow() {
        executor.shutdownNow();
        streams.shutdownNow();
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
            long claimSent = System.nanoTime(); // the lease starts no earlier than this
            RunRepository.Claim claim = transactions.execute(s -> {
                RunRepository.Claim taken = runs.claim(id, owner.id(), started, properties.runLease())
                        .orElse(null);
                if (taken == null) {
                    return null; // stopped while it waited in the queue, or another instance executes it
                }
                outbox.append(new SyncEvent.RunStarted(job.jobId(), id.toString(), job.version(), started));
                return taken;
            });
            if (claim == null) {
                endIfStoppedBeforeItStarted(id);
                return;
            }
            control.lease(leaseValidity(properties.runLease()), claimSent);
            control.claimed(true);
            if (claim.resumes() > properties.maxResumes()) {
                fail(
                        id,
                        new ConnectorException(
                                SyncErrorCode.RESUMED_TOO_OFTEN,
                                "the run was taken up again " + claim.resumes()
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
            Map<String, Object> nextState;
            RunRow starting = get(id);
            String scope = checkpointScope(starting, job);
            RunEngine.Plan plan = plans.plan(job, id.toString(), scope, runs.jobState(job.jobId()));
            // the checkpoint key is the fence's scope: whoever writes those checkpoints must hold its epoch (a stream's
            // key, <jobId>/stream, outlives its runs: each claim of any run of the job takes a larger epoch)
            Fence fence = new Fence(plan.jobId(), claim.epoch(), owner.id());
            if (plan.source() instanceof StreamSource stream) {
                plan.sink().fence(fence, properties.runLease());
                runStream(id, job, starting, plan, stream, control);
                return;
            }
            try {
                plan.sink().fence(fence, properties.runLease());
                outcome = engine.run(plan, control, new Recorder(id, job), splitStore.of(starting));
                nextState = plan.source().nextState();
            } finally {
                closeQuietly(id, plan);
            }
            if (control.abandoned()) {
                return; // another instance took the run over, or this one is shutting down and released it
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
            if (fenced(e)) {
                // another instance owns the run now (or will once it takes it up): it records the run's end, not this
                // one
                control.abandon();
                log.warn("Run {} stopped writing here: {}", id, e.getMessage());
            } else if (!control.abandoned()) {
                fail(id, e);
            }
        } finally {
            controls.remove(id);
        }
    }

    /**
     * How long after a heartbeat was sent this instance still writes the run's chunks: two thirds of the lease, so it
     * stops before another instance may take the run over (after the full lease), with a third left for clock rates
     * and the commit in flight.
     */
    static Duration leaseValidity(Duration lease) {
        return lease.multipliedBy(2).dividedBy(3);
    }

    /**
     * Whether a run failed because this instance lost it: its lease lapsed here or a newer owner claimed its fence.
     * Such a run is abandoned, not failed.
     */
    static boolean fenced(RuntimeException e) {
        return e instanceof ConnectorException c && c.errorCode() == SyncErrorCode.FENCED;
    }

    /**
     * A stream member's name from this instance's id ({@code host:port}): the characters every broker accepts in a
     * client id, consumer name or {@code group.instance.id} ({@code [A-Za-z0-9._-]}), stable across restarts of the
     * instance, so a restarted member takes its own session back instead of leaving one behind.
     */
    static String memberId(String ownerId) {
        return ownerId.replaceAll("[^A-Za-z0-9._-]", "-");
    }

    /**
     * Runs a stream until it is stopped (then {@code CANCELLED}, code {@code STOPPED}), fails permanently, or is taken
     * over. No splits are stored, nothing is verified and no job state is saved: the stream's positions, committed
     * with its rows under {@code <jobId>/stream}, are all a later claim of the run (or a new run) resumes from.
     */
    private void runStream(
            UUID id, ResolvedJob job, RunRow starting, RunEngine.Plan plan, StreamSource stream, RunControl control) {
        StreamEngine.Settings settings = streamSettings(
                job,
                stream,
                new RunEngine.Progress(starting.rowsRead(), starting.rowsWritten(), starting.rowsRejected(), -1, 0, 0));
        try {
            new StreamEngine(clock, meters, job.definition().source().type().toString())
                    .run(plan, stream, settings, control, new StreamRecorder(id, job, false));
        } finally {
            closeQuietly(id, plan);
        }
        if (control.abandoned()) {
            return; // another instance took the run over, or this one is shutting down and released it
        }
        finish(
                id,
                get(id),
                RunState.CANCELLED,
                SyncErrorCode.STOPPED.code(),
                "stopped (a stream runs until stopped)",
                false);
    }

    /** A run's checkpoint scope: a retry of the same task on the same job version continues; another version starts over. */
    private static String checkpointScope(RunRow run, ResolvedJob job) {
        return run.taskId() == null ? run.id().toString() : run.taskId() + "/v" + job.version();
    }

    /** How this instance's reader of a stream run runs: its name, the job's batches and budget, the backoff. */
    private StreamEngine.Settings streamSettings(ResolvedJob job, StreamSource stream, RunEngine.Progress resumed) {
        var definition = job.definition();
        return new StreamEngine.Settings(
                job.jobId(),
                memberId(owner.id()),
                definition.batchOrDefault(),
                definition.limits().errorWindow() != null
                        ? definition.limits().errorWindow()
                        : properties.streamErrorWindow(),
                new io.datasync.models.job.RetrySpec(
                        100, properties.splitRetryBackoff(), 2.0, properties.splitRetryMaxBackoff(), 0.2),
                properties.streamHealthyAfter(),
                stream.guarantee(definition.target().writeMode()),
                resumed);
    }

    /**
     * Reads a share of a stream run another instance owns, until the run stops, this membership is lost or left, or a
     * permanent failure, which fails the run (its owner then stops too). The member writes under a fence of its own,
     * {@code <jobId>/stream#<member>}, with the epoch of its join: members write side by side, each split's positions
     * compare-and-set in the same transaction as its rows, so a member that lost a split to another (a rebalance)
     * fails its next write of it ({@link SyncErrorCode#POSITION_MOVED}) and reads again from where the other left it.
     * It records no end: the owner does.
     */
    private void executeMember(RunRow run, RunControl control) {
        ResolvedJob job = jobs.resolve(run.jobId(), run.jobVersion());
        if (!streaming(job)) {
            notJoining.put(run.id(), Long.MAX_VALUE);
            return;
        }
        RunEngine.Plan plan = plans.plan(job, run.id().toString(), checkpointScope(run, job), Map.of());
        try {
            if (!(plan.source() instanceof StreamSource stream) || !stream.shared()) {
                log.info(
                        "Run {} of job {}: its source is read by one reader only; not joining it",
                        run.id(),
                        run.jobName());
                notJoining.put(run.id(), Long.MAX_VALUE);
                return;
            }
            long sent = System.nanoTime(); // the membership's lease starts no earlier than this
            RunRepository.Membership membership =
                    runs.join(run.id(), owner.id()).orElse(null);
            if (membership == null) {
                return; // ended, stopping, or owned here by now
            }
            control.lease(leaseValidity(properties.runLease()), sent);
            log.info("Joined run {} of job {} as member {}", run.id(), run.jobName(), memberId(owner.id()));
            plan.sink()
                    .fence(
                            new Fence(plan.jobId() + "#" + memberId(owner.id()), membership.epoch(), owner.id()),
                            properties.runLease());
            new StreamEngine(clock, meters, job.definition().source().type().toString())
                    .run(
                            plan,
                            stream,
                            streamSettings(job, stream, membership.resumed()),
                            control,
                            new StreamRecorder(run.id(), job, true));
        } catch (RuntimeException e) {
            if (fenced(e) || control.abandoned() || control.cancelled()) {
                log.warn("Run {}: its member here stopped: {}", run.id(), e.getMessage());
                return;
            }
            // a permanent failure of the run's data or target: the owner's reader would meet it too
            fail(run.id(), e);
            runs.desire(run.id(), "STOP");
        } finally {
            closeQuietly(run.id(), plan);
        }
    }

    /**
     * A run the claim refused because a stop was asked for: {@link RunService#stop} leaves ending it to this executor
     * when it finds the run executing here, and the stop may have landed just before the claim. Nobody else would end
     * it (orphans asked to stop are not taken up), so it is ended here unless a live instance holds it.
     */
    private void endIfStoppedBeforeItStarted(UUID id) {
        RunRow run = get(id);
        if (!run.state().isFinal()
                && "STOP".equals(runs.desired(Set.of(id)).get(id))
                && !runs.heldByLiveOwner(id, properties.runLease())) {
            finish(id, run, RunState.CANCELLED, SyncErrorCode.STOPPED.code(), "stopped before it started", false);
        }
    }

    /**
     * On a graceful shutdown: leaves the runs executing here to whichever instance takes them up next. Their threads,
     * interrupted next, end without recording an end, so the runs stay RUNNING (released) and resume from their
     * checkpoints instead of failing.
     */
    void leaveAll() {
        controls.forEach((id, control) -> {
            if (hasLiveMembers(id)) {
                control.handOver(); // a member takes the run over; this instance's reader stops taking a share
            } else {
                control.abandon(); // its readers stay subscribed: nothing is lost until this instance is back
            }
        });
        members.values().forEach(m -> m.control().handOver());
    }

    private boolean hasLiveMembers(UUID id) {
        try {
            return runs.members(id, properties.runLease()).stream().anyMatch(RunRepository.MemberRow::live);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private RunRow get(UUID id) {
        return runs.find(id).orElseThrow(() -> ApiException.notFound("run", id.toString()));
    }

    /** Reconciles source and target after a successful run; a verification that cannot run leaves {@code verified} null. */
    private Boolean verify(UUID id, ResolvedJob job, KeyTally tally) {
        try {
            Verifications.Outcome outcome = verifications.verify(job, tally);
            if (outcome.report() == null) {
                runs.verified(id, null, Map.of("notVerifiable", outcome.notVerifiable()));
                return null;
            }
            runs.verified(id, outcome.report().verified(), outcome.report());
            return outcome.report().verified();
        } catch (RuntimeException e) {
            log.warn("Run {} could not be verified: {}", id, e.getMessage());
            runs.verified(id, null, Map.of("notVerifiable", String.valueOf(e.getMessage())));
            return null;
        }
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

    /** Ends a run that has not ended yet, announcing it with {@code RunFailed}; a run that already ended stays as it is. */
    void finish(UUID id, RunRow run, RunState state, String code, String message, boolean retriable) {
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
        public void splitsPlanned(List<Split> splits) {
            splitStore.save(id, splits);
        }

        @Override
        public void rejected(String splitId, List<RowError> rows) {
            runs.errors(id, splitId, rows, clock.instant());
        }

        @Override
        public void retrying(String splitId, int attempt, Duration wait, ConnectorException cause) {
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

    /**
     * A stream run's progress: counters and stream view saved together at most every {@code progressInterval} (never
     * per micro-batch), refused rows recorded at once with their dead letters, the crash-resume count reset once the run is healthy.
     */
    private final class StreamRecorder implements StreamEngine.Listener {
        private final UUID id;
        private final ResolvedJob job;
        /** A member's counters and view go to its membership, and it publishes no RunProgress (its owner does). */
        private final boolean member;

        private volatile long lastSaved =
                System.nanoTime() - properties.progressInterval().toNanos();

        StreamRecorder(UUID id, ResolvedJob job, boolean member) {
            this.id = id;
            this.job = job;
            this.member = member;
        }

        @Override
        public void progress(RunEngine.Progress p, java.util.function.Supplier<StreamView> stream, boolean force) {
            long now = System.nanoTime();
            if (!force && now - lastSaved < properties.progressInterval().toNanos()) {
                return;
            }
            lastSaved = now;
            StreamView view = stream.get();
            try {
                saveProgress(p, view);
            } catch (org.springframework.dao.DataAccessException
                    | org.springframework.transaction.TransactionException e) {
                // Progress is shown, not relied on: the rows and positions are in the target. The platform's database
                // being away (a restart) must not fail the stream; the next save catches up.
                log.warn(
                        "Stream run {}: saving its progress failed ({}); trying again with the next", id, e.toString());
            }
        }

        private void saveProgress(RunEngine.Progress p, StreamView view) {
            if (member) {
                runs.memberProgress(id, owner.id(), p, STREAM_JSON.writeValueAsString(view));
                return;
            }
            transactions.executeWithoutResult(s -> {
                runs.streamProgress(id, p, STREAM_JSON.writeValueAsString(view));
                outbox.append(new SyncEvent.RunProgress(
                        job.jobId(),
                        id.toString(),
                        p.rowsRead(),
                        p.rowsWritten(),
                        p.rowsRejected(),
                        p.rowsTotal(),
                        view.rowsPerSecondLastMinute()));
            });
        }

        @Override
        public void rejected(String splitId, List<RowError> rows) {
            platformDatabase(() -> runs.errors(id, splitId, rows, clock.instant()), "the rejected rows");
        }

        @Override
        public void deadLetters(List<DeadLetter> letters) {
            platformDatabase(() -> deadLetters.save(job.jobId(), id, letters, clock.instant()), "the dead letters");
        }

        /**
         * Runs a write to the platform's own database for the micro-batch being handled: if that database is away (a
         * restart), the batch fails retriably, so the engine rewinds and handles it again — its refusals are recorded
         * before its rows commit, and recording them twice stores them once.
         */
        private void platformDatabase(Runnable write, String what) {
            try {
                write.run();
            } catch (org.springframework.dao.DataAccessException
                    | org.springframework.transaction.TransactionException e) {
                throw new ConnectorException(
                        SyncErrorCode.INTERNAL, true, "saving " + what + " in sync-service's database failed: " + e, e);
            }
        }

        @Override
        public void retrying(int attempt, Duration wait, ConnectorException cause) {
            log.warn(
                    "Stream run {} failed with {} {}; rewinding to its committed positions and trying again in {}"
                            + " (attempt {})",
                    id,
                    cause.code(),
                    cause.getMessage(),
                    wait,
                    attempt);
        }

        @Override
        public void healthy() {
            if (!member) {
                runs.resetResumes(id, owner.id());
            }
        }
    }

    /** How a stream run's view is stored in {@code sync_run.stream_status}. */
    static final tools.jackson.databind.json.JsonMapper STREAM_JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();

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
