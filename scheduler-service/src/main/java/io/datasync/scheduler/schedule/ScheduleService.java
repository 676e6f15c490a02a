package io.datasync.scheduler.schedule;

import io.datasync.kit.web.ApiException;
import io.datasync.models.problem.ErrorCode;
import io.datasync.scheduler.job.ConfigUnavailableException;
import io.datasync.scheduler.job.JobCatalog;
import io.datasync.scheduler.job.JobPlan;
import io.datasync.scheduler.job.JobPlanRepository;
import io.datasync.scheduler.job.JobPlanRepository.StoredPlan;
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

    public ScheduleService(
            JobCatalog catalog,
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
    }

    /** Brings one job in line with config-service's answer; empty means the job is gone. */
    @Transactional
    public void apply(String jobId, Optional<JobPlan> current) {
        if (current.isEmpty()) {
            if (plans.find(jobId).isPresent()) {
                quartz.remove(jobId);
                plans.delete(jobId);
                int cancelled = tasks.cancelUnfinished(jobId, "the job was deleted");
                log.info("Job {} is gone: schedule removed, {} waiting or running tasks cancelled", jobId, cancelled);
            }
            return;
        }
        JobPlan plan = current.get();
        boolean paused = plans.find(jobId).map(StoredPlan::paused).orElse(false);
        String problem = quartz.apply(plan, paused);
        if (problem != null) {
            log.warn("Job {} ({}) cannot be scheduled: {}", plan.name(), jobId, problem);
        }
        plans.save(plan, problem, clock.instant());
    }

    /** Applies every job config-service has and removes the ones it no longer has; one transaction per job. */
    public void reconcile(List<JobPlan> all) {
        Set<String> known = new HashSet<>();
        for (JobPlan plan : all) {
            transactions.executeWithoutResult(s -> apply(plan.jobId(), Optional.of(plan)));
            known.add(plan.jobId());
        }
        for (String stale : plans.ids()) {
            if (!known.contains(stale)) {
                transactions.executeWithoutResult(s -> apply(stale, Optional.empty()));
            }
        }
    }

    @Transactional
    public StoredPlan setPaused(String jobId, boolean paused) {
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
     * @throws ApiException 404 for a job config-service does not have, 503 when it does not answer
     */
    public JobPlan planToTrigger(String jobId) {
        Optional<StoredPlan> stored = plans.find(jobId);
        if (stored.isPresent()) {
            return stored.get().plan();
        }
        Optional<JobPlan> fetched;
        try {
            fetched = catalog.fetch(jobId);
        } catch (ConfigUnavailableException e) {
            throw new ApiException(
                    ErrorCode.SERVICE_UNAVAILABLE, "cannot look up job '" + jobId + "': " + e.getMessage());
        }
        JobPlan plan = fetched.orElseThrow(() -> ApiException.notFound("job", jobId));
        transactions.executeWithoutResult(s -> apply(jobId, fetched));
        return plan;
    }

    public List<StoredPlan> all() {
        return plans.withSchedule();
    }
}
