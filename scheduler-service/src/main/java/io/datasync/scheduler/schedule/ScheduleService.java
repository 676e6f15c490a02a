package io.datasync.scheduler.schedule;

import io.datasync.kit.feign.ServiceCallException;
import io.datasync.kit.web.ApiException;
import io.datasync.models.problem.ErrorCode;
import io.datasync.scheduler.job.ConfigUnavailableException;
import io.datasync.scheduler.job.JobCatalog;
import io.datasync.scheduler.job.JobPlan;
import io.datasync.scheduler.job.JobPlanRepository;
import io.datasync.scheduler.job.JobPlanRepository.StoredPlan;
import io.datasync.scheduler.task.TaskLock;
import io.datasync.scheduler.task.TaskService;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies jobs' plans to the scheduler: the stored copy of each job and its Quartz trigger change together, in one
 * transaction. A paused schedule stays paused across changes of its job and restarts.
 */
@Service
public class ScheduleService {

    private static final Logger log = LoggerFactory.getLogger(ScheduleService.class);

    private final JobPlanRepository plans;
    private final QuartzSchedules quartz;
    private final TaskService tasks;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final JobCatalog catalog;
    private final TaskLock taskLock;

    public ScheduleService(
            JobCatalog catalog,
            TaskLock taskLock,
            JobPlanRepository plans,
            QuartzSchedules quartz,
            TaskService tasks,
            Clock clock,
            TransactionTemplate transactions) {
        this.plans = plans;
        this.quartz = quartz;
        this.tasks = tasks;
        this.clock = clock;
        this.transactions = transactions;
        this.catalog = catalog;
        this.taskLock = taskLock;
    }

    /**
     * Brings one job in line with config-service's answer; empty means config-service said the job is gone. An answer
     * older than the one applied last (a lower revision: a listing or fetch read before a change that was applied
     * meanwhile) is ignored, and so is any answer about a deleted job, so neither can undo a newer change.
     *
     * @return whether the answer was applied
     */
    @Transactional
    public boolean apply(String jobId, Optional<JobPlan> current) {
        // The task lock first, as every change of tasks takes it (a deletion cancels tasks), then the job's row, so
        // two changes of one job apply one after the other and the revision check sees the last one.
        taskLock.acquire();
        Optional<StoredPlan> stored = plans.findForUpdate(jobId);
        if (current.isEmpty()) {
            if (stored.isPresent()) {
                quartz.remove(jobId);
                int cancelled = tasks.cancelUnfinished(jobId, "the job was deleted");
                log.info("Job {} is gone: schedule removed, {} waiting or running tasks cancelled", jobId, cancelled);
            }
            plans.delete(jobId, clock.instant());
            return true;
        }
        JobPlan plan = current.get();
        if (plans.deleted(jobId)) {
            log.info("Ignoring an answer about job {} read before it was deleted", jobId);
            return false;
        }
        if (stored.isPresent() && plan.revision() < stored.get().plan().revision()) {
            log.info(
                    "Ignoring revision {} of job {}: revision {} is applied already",
                    plan.revision(),
                    jobId,
                    stored.get().plan().revision());
            return false;
        }
        boolean paused = stored.map(StoredPlan::paused).orElse(false);
        String problem = quartz.apply(plan, paused);
        if (problem != null) {
            log.warn("Job {} ({}) cannot be scheduled: {}", plan.name(), jobId, problem);
        }
        plans.save(plan, problem, clock.instant());
        if (!plan.enabled() && stored.map(s -> s.plan().enabled()).orElse(false)) {
            int cancelled = tasks.cancelWaitingFires(jobId, "the job was disabled");
            log.info("Job {} was disabled: {} waiting scheduled tasks cancelled", jobId, cancelled);
        }
        return true;
    }

    /**
     * Applies every job config-service listed; a stored job the listing did not have is looked up on its own and
     * removed only when config-service says it does not exist (a listing is no proof: a job may be created while it
     * is read). One transaction per job; a job config-service cannot answer about is left for the next time.
     */
    public void reconcile(List<JobPlan> all) {
        Set<String> listed = new HashSet<>();
        for (JobPlan plan : all) {
            transactions.executeWithoutResult(s -> apply(plan.jobId(), Optional.of(plan)));
            listed.add(plan.jobId());
        }
        for (String unlisted : plans.ids()) {
            if (listed.contains(unlisted)) {
                continue;
            }
            Optional<JobPlan> current;
            try {
                current = catalog.fetch(unlisted);
            } catch (ConfigUnavailableException e) {
                log.warn(
                        "Job {} was not listed and cannot be looked up, kept until next time: {}",
                        unlisted,
                        e.getMessage());
                continue;
            }
            transactions.executeWithoutResult(s -> apply(unlisted, current));
        }
    }

    @Transactional
    public StoredPlan setPaused(String jobId, boolean paused) {
        plans.findForUpdate(jobId); // one change of the job at a time, as in apply
        scheduled(jobId);
        plans.setPaused(jobId, paused, clock.instant());
        quartz.setPaused(jobId, paused);
        return plans.find(jobId).orElseThrow();
    }

    /** A job that has a schedule, or a 404. */
    public StoredPlan scheduled(String jobId) {
        return plans.find(jobId)
                .filter(p -> p.plan().schedule() != null)
                .orElseThrow(() -> ApiException.notFound("schedule of job", jobId));
    }

    /**
     * The job to run by hand: the stored plan, or config-service's answer for a job not seen yet (which is then
     * stored, as its {@code JobChanged} event would have).
     *
     * @throws ApiException 404 for a job config-service does not have, config-service's own 4xx problem when it refuses
     *     the lookup, 503 when it does not answer (naming config-service, never its address)
     */
    public JobPlan planToTrigger(String jobId) {
        Optional<StoredPlan> stored = plans.find(jobId);
        if (stored.isPresent()) {
            return stored.get().plan();
        }
        if (plans.deleted(jobId)) {
            throw ApiException.notFound("job", jobId);
        }
        Optional<JobPlan> fetched;
        try {
            fetched = catalog.fetch(jobId);
        } catch (ConfigUnavailableException e) {
            if (e.call().failure() == ServiceCallException.Failure.REFUSED) {
                throw e.call(); // config-service's verdict on the request: the caller gets the same 4xx
            }
            throw new ApiException(
                    ErrorCode.SERVICE_UNAVAILABLE, "cannot look up job '" + jobId + "': " + e.getMessage());
        }
        JobPlan plan = fetched.orElseThrow(() -> ApiException.notFound("job", jobId));
        if (!Boolean.TRUE.equals(transactions.execute(s -> apply(jobId, fetched)))) {
            throw ApiException.notFound("job", jobId); // deleted while it was looked up
        }
        return plan;
    }

    public List<StoredPlan> all() {
        return plans.withSchedule();
    }
}
