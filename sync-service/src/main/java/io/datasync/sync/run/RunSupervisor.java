package io.datasync.sync.run;

import io.datasync.sync.config.SyncProperties;
import io.datasync.sync.run.RunRepository.RunRow;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps this instance's share of the runs in step with the database: renews the leases of the runs it executes
 * (abandoning those another instance took over), applies stop, pause and resume requests that reached another
 * instance, and takes up runs nobody executes, such as those going when an instance stopped, even by SIGKILL. Owns the
 * graceful shutdown, which releases this instance's runs.
 */
@Component
class RunSupervisor {

    private static final Logger log = LoggerFactory.getLogger(RunSupervisor.class);

    private final RunRepository runs;
    private final RunExecutor execution;
    private final RunOwner owner;
    private final SyncProperties properties;
    private final Clock clock;
    private final ScheduledExecutorService supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sync-run-supervisor");
        t.setDaemon(true);
        return t;
    });
    private volatile Instant lastSweep = Instant.EPOCH;

    RunSupervisor(RunRepository runs, RunExecutor execution, RunOwner owner, SyncProperties properties, Clock clock) {
        this.runs = runs;
        this.execution = execution;
        this.owner = owner;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Starts supervising once the service is ready: the first round resumes what this instance (same id) or a dead one
     * was executing, from its checkpoints.
     */
    @EventListener(ApplicationReadyEvent.class)
    void startSupervising() {
        long poll = properties.controlPoll().toMillis();
        supervisor.scheduleWithFixedDelay(this::supervise, 0, poll, TimeUnit.MILLISECONDS);
    }

    /**
     * Every {@code controlPoll}: renews the leases of the runs executing here (abandoning one another instance took
     * over), applies stop/pause/resume requests that reached another instance, and every {@code runLease} takes up
     * runs nobody executes.
     */
    void supervise() {
        try {
            Map<UUID, RunControl> executing = execution.claimed();
            long sent = System.nanoTime(); // the database renews the leases no earlier than this
            Set<UUID> held = heartbeat(executing);
            Map<UUID, String> desired = runs.desired(held);
            executing.forEach((id, control) -> {
                if (!held.contains(id)) {
                    log.error("Run {} was taken over by another instance; abandoning it here", id);
                    control.abandon();
                    return;
                }
                control.leaseRenewedAt(sent);
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
            superviseMembers();
            Instant now = clock.instant();
            if (Duration.between(lastSweep, now).compareTo(properties.runLease()) >= 0) {
                lastSweep = now;
                takeUpOrphans();
            }
            if (properties.joinStreamRuns()) {
                joinStreamRuns();
            }
        } catch (RuntimeException e) {
            log.warn("Supervising runs failed; trying again in {}", properties.controlPoll(), e);
        }
    }

    /**
     * Renews the leases of the runs executing here. A heartbeat that fails does not renew them: each run's engine then
     * stops writing once its lease is no longer valid ({@link RunControl#checkLease}), and the runs whose lease has
     * already run out here are abandoned at once, since another instance may be taking them over.
     */
    private Set<UUID> heartbeat(Map<UUID, RunControl> executing) {
        try {
            return runs.heartbeat(owner.id(), executing.keySet());
        } catch (RuntimeException e) {
            abandonLapsed(executing);
            throw e;
        }
    }

    /** After a failed heartbeat: abandons the runs (or memberships) whose lease ran out here. */
    private static void abandonLapsed(Map<UUID, RunControl> controls) {
        long now = System.nanoTime();
        controls.forEach((id, control) -> {
            if (!control.leaseValid(now)) {
                log.error("Run {}: its lease could not be renewed in time; abandoning it here", id);
                control.abandon();
            }
        });
    }

    /**
     * Renews the memberships of the stream runs this instance reads a share of, and applies what their runs want: a
     * stopped or ended run (or one this instance owns by now) ends its member here, pause and resume follow the run, and
     * a lost membership is abandoned.
     */
    private void superviseMembers() {
        Map<UUID, RunControl> joined = execution.joined();
        if (joined.isEmpty()) {
            return;
        }
        long sent = System.nanoTime();
        Map<UUID, String> wanted;
        try {
            wanted = runs.memberHeartbeat(owner.id(), joined.keySet());
        } catch (RuntimeException e) {
            abandonLapsed(joined);
            throw e;
        }
        joined.forEach((id, control) -> {
            String desired = wanted.get(id);
            if (desired == null) {
                log.error("Run {}: the membership of this instance was lost; leaving it", id);
                control.abandon();
                return;
            }
            control.leaseRenewedAt(sent);
            if (desired.equals("STOP")) {
                control.abandon(); // the owner records the run's end
            } else if (desired.equals("PAUSE")) {
                control.pause();
            } else {
                control.resume();
            }
        });
    }

    /** Joins the stream runs other live instances own, to read a share of each here (see {@link RunExecutor#join}). */
    private void joinStreamRuns() {
        List<RunRow> joinable = runs.joinable(owner.id(), properties.runLease());
        execution.joinable(joinable.stream().map(RunRow::id).collect(java.util.stream.Collectors.toSet()));
        for (RunRow run : joinable) {
            execution.join(run);
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

    /** On a graceful shutdown: stops supervising and releases the runs executing here. */
    @PreDestroy
    void shutdown() {
        supervisor.shutdownNow();
        execution.pauseAll(); // chunks in flight commit and no further chunk starts
        execution.leaveAll(); // the interrupted runs end without failing: they resume at the next start
        try {
            // resuming them after a graceful stop is no sign of a crash loop
            runs.release(owner.id(), execution.executingIds());
        } catch (RuntimeException e) {
            log.warn("Could not mark the runs of this instance as released: {}", e.getMessage());
        }
        execution.awaitStreams(Duration.ofSeconds(5));
        execution.shutdownNow();
    }
}
